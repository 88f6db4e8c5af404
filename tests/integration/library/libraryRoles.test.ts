import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPlanId, httpRequest, type Session, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** Every demo account: group roles, schools and account roles differ. */
const PEOPLE = [
  'demo-lead',
  'demo-teacher-a',
  'demo-teacher-b',
  'demo-observer',
  'demo-outsider',
  'demo-teacher-c',
  'demo-school-admin',
  'demo-admin',
] as const
type Person = (typeof PEOPLE)[number] | 'anonymous'

describe('library routes for every role and school', () => {
  let server: TestServer
  const sessions = new Map<string, Session>()
  const call = async (who: Person, method: string, path: string, json?: unknown) => {
    if (who === 'anonymous')
      return httpRequest(server, method, path, { json, origin: server.httpUrl })
    let session = sessions.get(who)
    if (!session) {
      session = await signIn(server, who)
      sessions.set(who, session)
    }
    return httpRequest(server, method, path, {
      json,
      cookie: session.cookie,
      origin: server.httpUrl,
    })
  }
  const anyEntry = async (): Promise<{ id: string; sourceDocumentId: string }> => {
    const entry = await server.kdb.selectFrom('libraryEntries').selectAll().executeTakeFirst()
    if (!entry) throw new Error('the demo library is empty')
    return entry
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('lets every signed-in person read, search and review the library, and nobody anonymous', async () => {
    const entry = await anyEntry()
    for (const who of [...PEOPLE, 'anonymous'] as const) {
      const expected = who === 'anonymous' ? 401 : 200
      const statuses = [
        (await call(who, 'GET', '/api/library')).status,
        (await call(who, 'GET', `/api/library/search?q=${encodeURIComponent('教学')}`)).status,
        (await call(who, 'GET', `/api/library/${entry.id}`)).status,
        (await call(who, 'PUT', `/api/library/${entry.id}/review`, { stars: 4 })).status,
      ]
      expect({ who, statuses }).toEqual({ who, statuses: statuses.map(() => expected) })
    }
  })

  it('lets only the group lead publish the group’s final plan', async () => {
    const planId = await demoPlanId(server.kdb, 1)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', planId)
      .execute()
    const expected: Record<Person, number> = {
      'demo-lead': 201,
      'demo-teacher-a': 403,
      'demo-teacher-b': 403,
      'demo-observer': 403,
      'demo-outsider': 403,
      'demo-teacher-c': 403,
      'demo-school-admin': 403,
      'demo-admin': 403,
      anonymous: 401,
    }
    // The lead last, so every refusal is checked before the plan is in the library.
    const order = [
      ...PEOPLE.filter((who) => who !== 'demo-lead'),
      'anonymous',
      'demo-lead',
    ] as const
    for (const who of order) {
      const result = await call(who, 'POST', '/api/library', { documentId: planId })
      expect({ who, status: result.status }).toEqual({ who, status: expected[who] })
    }
  })

  it('lets the owner of a plan in no group publish it, and nobody else', async () => {
    const created = await call('demo-teacher-c', 'POST', '/api/documents', {
      kind: 'lesson_plan',
      title: '圆的周长',
      subject: '数学',
      grade: '六年级',
      visibility: 'school',
    })
    expect(created.status).toBe(201)
    const id = (created.body as { id: string }).id
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', id)
      .execute()
    for (const who of ['demo-school-admin', 'demo-admin', 'demo-outsider'] as const) {
      expect((await call(who, 'POST', '/api/library', { documentId: id })).status).toBe(403)
    }
    expect((await call('demo-teacher-c', 'POST', '/api/library', { documentId: id })).status).toBe(
      201,
    )
  })

  it('lets every teacher adapt an entry into their own school, privately', async () => {
    const entry = await anyEntry()
    for (const who of PEOPLE) {
      const result = await call(who, 'POST', `/api/library/${entry.id}/adapt`)
      expect({ who, status: result.status }).toEqual({ who, status: 201 })
      const id = (result.body as { id: string }).id
      const row = await server.kdb
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      const me = (await call(who, 'GET', '/api/me')).body as { user: { schoolId: string } }
      expect(row).toMatchObject({ schoolId: me.user.schoolId, visibility: 'private' })
      // Nobody else reads a private adaptation.
      const other = who === 'demo-outsider' ? 'demo-teacher-d' : 'demo-outsider'
      expect((await call(other as Person, 'GET', `/api/documents/${id}`)).status).toBe(403)
    }
    expect((await call('anonymous', 'POST', `/api/library/${entry.id}/adapt`)).status).toBe(401)
  })

  it('lets only the publisher or the alliance admin withdraw, with a reason', async () => {
    const planId = await demoPlanId(server.kdb, 1)
    const entry = await server.kdb
      .selectFrom('libraryEntries')
      .selectAll()
      .where('sourceDocumentId', '=', planId)
      .executeTakeFirst()
    if (!entry) throw new Error('the lead’s plan was not published')
    for (const who of PEOPLE.filter((who) => who !== 'demo-lead' && who !== 'demo-admin')) {
      const result = await call(who, 'POST', `/api/library/${entry.id}/withdraw`, {
        reason: '测试',
      })
      expect({ who, status: result.status }).toEqual({ who, status: 403 })
    }
    expect((await call('demo-lead', 'POST', `/api/library/${entry.id}/withdraw`, {})).status).toBe(
      400,
    )
    expect(
      (await call('demo-lead', 'POST', `/api/library/${entry.id}/withdraw`, { reason: '需修订' }))
        .status,
    ).toBe(200)
    expect((await call('demo-outsider', 'GET', `/api/library/${entry.id}`)).status).toBe(404)
  })
})
