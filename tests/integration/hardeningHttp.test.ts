import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoCaller } from '../helpers/prepApi.ts'
import { createToken, httpRequest, login, sessionCookieOf, signIn } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

/** A pino destination that keeps every line, parsed. */
class LogLines extends Writable {
  readonly lines: string[] = []
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line) this.lines.push(line)
    done()
  }
  /** Lines at warn level or above. */
  warnings(): string[] {
    return this.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40)
  }
}

describe('issue 17 item 6: HTTP hardening', () => {
  let server: TestServer
  let api: DemoCaller
  const logs = new LogLines()

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, logger: pino({ level: 'info' }, logs) })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  describe('a. malformed JSON bodies', () => {
    it('answer 400 with a short JSON error and one short log line', async () => {
      const session = await api.session('demo-teacher-a')
      logs.lines.length = 0
      const response = await fetch(`${server.httpUrl}/api/documents`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: session.cookie,
          origin: server.httpUrl,
        },
        body: '{"title": "未写完',
      })
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({
        ok: false,
        error: 'malformed_json',
        message: 'Malformed JSON in request body',
      })
      const warnings = logs.warnings()
      expect(warnings).toHaveLength(1)
      const [line] = warnings
      expect(line).toContain('/api/documents')
      expect(line).not.toContain('stack')
      expect(line?.length).toBeLessThan(300)
    })
  })

  describe('c. signing a group plan off', () => {
    it('lets only the group lead set final; members get 403', async () => {
      const created = await api.call('demo-teacher-a', 'POST', '/api/documents', {
        kind: 'lesson_plan',
        title: '组内教案 定稿测试',
        groupId: await api.demoGroupId(),
      })
      expect(created.status).toBe(201)
      const id = (created.body as { id: string }).id
      const path = `/api/documents/${id}`
      for (const member of ['demo-teacher-a', 'demo-teacher-b']) {
        const patched = await api.call(member, 'PATCH', path, { status: 'final' })
        expect(patched.status).toBe(403)
      }
      const status = async () =>
        ((await api.call('demo-lead', 'GET', path)).body as { document: { status: string } })
          .document.status
      expect(await status()).toBe('draft')
      // Other fields stay editable by members.
      expect((await api.call('demo-teacher-b', 'PATCH', path, { lesson: '1.2' })).status).toBe(200)
      expect((await api.call('demo-lead', 'PATCH', path, { status: 'final' })).status).toBe(200)
      expect(await status()).toBe('final')
      // Reopening a signed plan is the lead's too.
      const reopened = await api.call('demo-teacher-a', 'PATCH', path, { status: 'draft' })
      expect(reopened.status).toBe(403)
    })
  })

  describe('d. changing a password', () => {
    it('revokes API tokens and other sessions, keeping the current session', async () => {
      const current = await signIn(server, 'demo-teacher-b')
      const other = await signIn(server, 'demo-teacher-b')
      const token = await createToken(server, current)
      const me = (options: { cookie?: string; bearer?: string }) =>
        httpRequest(server, 'GET', '/api/me', options)
      expect((await me({ bearer: token.secret })).status).toBe(200)
      const changed = await httpRequest(server, 'POST', '/api/me/password', {
        json: { currentPassword: 'jibei-demo', newPassword: 'a-new-password-1' },
        cookie: current.cookie,
        origin: server.httpUrl,
      })
      expect(changed.status).toBe(200)
      expect((await me({ bearer: token.secret })).status).toBe(401)
      expect((await me({ cookie: other.cookie })).status).toBe(401)
      expect((await me({ cookie: current.cookie })).status).toBe(200)
    })

    it('an admin reset revokes the API tokens too', async () => {
      const session = await signIn(server, 'demo-teacher-c')
      const token = await createToken(server, session)
      const reset = await api.call('demo-admin', 'PATCH', `/api/users/${session.userId}`, {
        password: 'reset-by-admin-1',
      })
      expect(reset.status).toBe(200)
      expect((await httpRequest(server, 'GET', '/api/me', { bearer: token.secret })).status).toBe(
        401,
      )
      const again = await login(server, 'demo-teacher-c', 'reset-by-admin-1')
      expect(sessionCookieOf(again)).not.toBeNull()
    })
  })

  describe('f. the only alliance admin', () => {
    it('cannot disable or demote itself', async () => {
      const adminId = await api.userId('demo-admin')
      for (const change of [{ disabled: true }, { role: 'teacher' }, { role: 'school_admin' }]) {
        const refused = await api.call('demo-admin', 'PATCH', `/api/users/${adminId}`, change)
        expect(refused.status).toBe(409)
        expect((refused.body as { error: string }).error).toBe('last_alliance_admin')
      }
      const me = await api.call('demo-admin', 'GET', '/api/me')
      expect((me.body as { user: { role: string } }).user.role).toBe('alliance_admin')
      // Renaming itself is fine.
      const renamed = await api.call('demo-admin', 'PATCH', `/api/users/${adminId}`, {
        displayName: '联盟管理员',
      })
      expect(renamed.status).toBe(200)
    })
  })
})
