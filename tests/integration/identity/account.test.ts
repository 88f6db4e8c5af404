import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '../../../shared/closeCodes.ts'
import {
  createToken,
  demoPlanId,
  httpRequest,
  login,
  openRecordingSocket,
  type RecordingSocket,
  type Session,
  signIn,
} from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'
import { within } from '../../helpers/within.ts'

const CLOSE_DEADLINE_MS = 5_000

describe('my account: profile, password and API tokens', () => {
  let server: TestServer
  const sockets: RecordingSocket[] = []

  // One server per test: these tests change the demo teacher's password.
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.ws.terminate()
    await server?.close()
  })

  const post = (session: Session, path: string, json: unknown) =>
    httpRequest(server, 'POST', path, { json, cookie: session.cookie, origin: server.httpUrl })
  const me = (options: { cookie?: string; bearer?: string }) =>
    httpRequest(server, 'GET', '/api/me', options)
  const socket = async (headers: Record<string, string>, query = ''): Promise<RecordingSocket> => {
    const planId = await demoPlanId(server.kdb, 2)
    const opened = await openRecordingSocket(`${server.collabUrl}/${planId}${query}`, headers)
    sockets.push(opened)
    return opened
  }

  it('a password change closes another session’s websocket and its token sockets, makes the tokens answer 401, and keeps the current session', async () => {
    server = await startTestServer({ seedDemo: true })
    const changer = await signIn(server, 'demo-teacher-a')
    const other = await signIn(server, 'demo-teacher-a')
    const token = await createToken(server, other, 'sync script')
    const second = await createToken(server, changer, 'backup script')
    expect((await me({ bearer: token.secret })).status).toBe(200)
    const otherSocket = await socket({ cookie: other.cookie, origin: server.httpUrl })
    const tokenSocket = await socket({}, `?token=${encodeURIComponent(token.secret)}`)
    const changerSocket = await socket({ cookie: changer.cookie, origin: server.httpUrl })

    const changed = await post(changer, '/api/me/password', {
      currentPassword: 'jibei-demo',
      newPassword: 'ein-neues-passwort',
    })
    expect(changed.status).toBe(200)
    const [otherClose, tokenClose] = await within(
      Promise.all([otherSocket.closed, tokenSocket.closed]),
      CLOSE_DEADLINE_MS,
      'closing the other session’s and the token’s websockets',
    )
    expect(otherClose.code).toBe(CloseCode.CredentialsRevoked)
    expect(tokenClose.code).toBe(CloseCode.CredentialsRevoked)
    expect((await me({ cookie: other.cookie })).status).toBe(401)
    expect((await me({ bearer: token.secret })).status).toBe(401)
    expect((await me({ bearer: second.secret })).status).toBe(401)
    const listed = await httpRequest(server, 'GET', '/api/tokens', { cookie: changer.cookie })
    expect(listed.status).toBe(200)
    expect((listed.body as { items: unknown[] }).items).toEqual([])

    // The session that changed it stays signed in and connected.
    expect((await me({ cookie: changer.cookie })).status).toBe(200)
    expect(changerSocket.isClosed).toBe(false)
    expect((await login(server, 'demo-teacher-a')).status).toBe(401)
    expect((await login(server, 'demo-teacher-a', 'ein-neues-passwort')).status).toBe(200)
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'password_changed')
      .where('actorId', '=', changer.userId)
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('a wrong current password answers wrong_password and changes nothing', async () => {
    server = await startTestServer({ seedDemo: true })
    const teacher = await signIn(server, 'demo-teacher-b')
    const other = await signIn(server, 'demo-teacher-b')
    const token = await createToken(server, teacher)
    const wrong = await post(teacher, '/api/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-new-password-1',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body).toMatchObject({ ok: false, error: 'wrong_password' })
    expect((await me({ cookie: other.cookie })).status).toBe(200)
    expect((await me({ bearer: token.secret })).status).toBe(200)
    expect((await login(server, 'demo-teacher-b')).status).toBe(200)
  })

  it('a too short or missing new password answers 400 naming the field', async () => {
    server = await startTestServer({ seedDemo: true })
    const teacher = await signIn(server, 'demo-teacher-b')
    const short = await post(teacher, '/api/me/password', {
      currentPassword: 'jibei-demo',
      newPassword: 'short',
    })
    expect(short.status).toBe(400)
    expect(short.body).toMatchObject({ error: 'bad_request' })
    expect(short.text).toContain('newPassword')
    const missing = await post(teacher, '/api/me/password', { currentPassword: 'jibei-demo' })
    expect(missing.status).toBe(400)
    expect(missing.text).toContain('newPassword')
    expect((await login(server, 'demo-teacher-b')).status).toBe(200)
    expect(
      (
        await httpRequest(server, 'POST', '/api/me/password', {
          json: { currentPassword: 'jibei-demo', newPassword: 'a-new-password-1' },
          origin: server.httpUrl,
        })
      ).status,
    ).toBe(401)
  })

  it('renames the user and remembers the language; a bad name or language is a 400 naming the field', async () => {
    server = await startTestServer({ seedDemo: true })
    const teacher = await signIn(server, 'demo-teacher-c')
    const patch = (json: unknown) =>
      httpRequest(server, 'PATCH', '/api/me', {
        json,
        cookie: teacher.cookie,
        origin: server.httpUrl,
      })
    const renamed = await patch({ displayName: '  孙伟（数学）  ' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ user: { displayName: '孙伟（数学）' } })
    expect((await patch({ language: 'en' })).status).toBe(200)
    expect((await me({ cookie: teacher.cookie })).body).toMatchObject({
      user: { displayName: '孙伟（数学）', language: 'en', username: 'demo-teacher-c' },
    })
    for (const [body, field] of [
      [{ displayName: '   ' }, 'displayName'],
      [{ language: 'fr' }, 'language'],
      [{ username: 'someone-else' }, 'username'],
    ] as const) {
      const result = await patch(body)
      expect(result.status, JSON.stringify(body)).toBe(400)
      expect(result.text).toContain(field)
    }
    expect((await me({ cookie: teacher.cookie })).body).toMatchObject({
      user: { displayName: '孙伟（数学）', username: 'demo-teacher-c' },
    })
  })

  it('lists, creates and revokes only the caller’s own tokens; a revoked token answers 401', async () => {
    server = await startTestServer({ seedDemo: true })
    const teacher = await signIn(server, 'demo-teacher-a')
    const colleague = await signIn(server, 'demo-teacher-b')
    const token = await createToken(server, teacher, 'y-websocket client')
    const list = async (session: Session) =>
      (
        (await httpRequest(server, 'GET', '/api/tokens', { cookie: session.cookie })).body as {
          items: Array<{ id: string; name: string; prefix: string; lastUsedAt: number | null }>
        }
      ).items
    const [listed] = await list(teacher)
    expect(listed).toMatchObject({ id: token.id, name: 'y-websocket client', lastUsedAt: null })
    expect(token.secret.startsWith(listed?.prefix ?? '?')).toBe(true)
    expect(JSON.stringify(await list(teacher))).not.toContain(token.secret)
    expect(await list(colleague)).toEqual([])
    expect((await post(teacher, '/api/tokens', { name: '' })).status).toBe(400)

    expect((await me({ bearer: token.secret })).status).toBe(200)
    const used = await list(teacher)
    expect(used[0]?.lastUsedAt).not.toBeNull()

    const foreign = await httpRequest(server, 'DELETE', `/api/tokens/${token.id}`, {
      cookie: colleague.cookie,
      origin: server.httpUrl,
    })
    expect(foreign.status).toBe(404)
    expect((await me({ bearer: token.secret })).status).toBe(200)
    const revoked = await httpRequest(server, 'DELETE', `/api/tokens/${token.id}`, {
      cookie: teacher.cookie,
      origin: server.httpUrl,
    })
    expect(revoked.status).toBe(200)
    expect((await me({ bearer: token.secret })).status).toBe(401)
    expect(await list(teacher)).toEqual([])
  })
})
