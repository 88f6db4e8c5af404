import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpRequest } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** `GET /api/documents?q=` matches titles literally: `%`, `_` and `\` are not LIKE wildcards. */
describe('searching plan titles', () => {
  let server: TestServer
  const TITLES = [
    '满分100%掌握',
    '满分100分',
    'a_b 练习',
    'axb 练习',
    '路径 C:\\课件',
    '路径 C:课件',
    'ABC 复习',
  ]

  beforeAll(async () => {
    server = await startTestServer()
    for (const title of TITLES) {
      const created = await httpRequest(server, 'POST', '/api/documents', {
        bearer: server.tester.token,
        json: { title },
      })
      expect(created.status).toBe(201)
    }
  })
  afterAll(async () => {
    await server.close()
  })

  async function titlesFor(q: string): Promise<string[]> {
    const found = await httpRequest(server, 'GET', `/api/documents?q=${encodeURIComponent(q)}`, {
      bearer: server.tester.token,
    })
    expect(found.status).toBe(200)
    const body = found.body as { items: Array<{ title: string }> }
    return body.items.map((item) => item.title).sort()
  }

  it('treats % as a percent sign, not "anything"', async () => {
    expect(await titlesFor('100%')).toEqual(['满分100%掌握'])
  })

  it('treats _ as an underscore, not "any one character"', async () => {
    expect(await titlesFor('a_b')).toEqual(['a_b 练习'])
  })

  it('treats \\ as a backslash, not an escape', async () => {
    expect(await titlesFor('C:\\')).toEqual(['路径 C:\\课件'])
  })

  it('still matches substrings case-insensitively', async () => {
    expect(await titlesFor('abc')).toEqual(['ABC 复习'])
    expect(await titlesFor('满分')).toEqual(['满分100%掌握', '满分100分'])
  })
})
