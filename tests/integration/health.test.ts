import { afterEach, describe, expect, it } from 'vitest'
import { TEST_SERVER_ENGINE } from '../helpers/serverEngine.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

describe('GET /api/health', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('answers ok once the database is migrated and the server listens, naming the engines', async () => {
    server = await startTestServer()
    const response = await fetch(`${server.httpUrl}/api/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      ok: true,
      database: { engine: TEST_SERVER_ENGINE, ok: true },
      redis: null,
    })
  })

  it('answers unknown API paths with the JSON error shape', async () => {
    server = await startTestServer()
    const response = await fetch(`${server.httpUrl}/api/nothing-here`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ ok: false, error: 'not_found' })
  })

  it('refuses websocket upgrades outside /collab/', async () => {
    server = await startTestServer()
    const { default: WebSocket } = await import('ws')
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server?.port}/elsewhere/doc`)
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      ws.on('error', () => undefined)
    })
    expect(status).toBe(404)
  })
})
