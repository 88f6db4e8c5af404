import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../../server/features/identity/crypto.ts'
import { createOneTimeLink } from '../../../server/features/identity/oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from '../../../server/features/identity/passwords.ts'
import { httpRequest, login, sessionCookieOf } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server.close()
})

/** A fresh account without a password (as an import or a reset leaves it). */
async function passwordlessUser(fields: { disabled?: boolean } = {}): Promise<{
  id: string
  username: string
}> {
  const school = await server.kdb.selectFrom('schools').select('id').executeTakeFirstOrThrow()
  const id = newId()
  const username = `t-${id.slice(0, 10).toLowerCase()}`
  const now = Date.now()
  await server.kdb
    .insertInto('users')
    .values({
      id,
      username,
      displayName: '张老师',
      schoolId: school.id,
      role: 'teacher',
      language: 'zh-CN',
      passwordHash: NO_PASSWORD_HASH,
      disabled: fields.disabled ? 1 : 0,
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  return { id, username }
}

function signInLink(userId: string, now?: number) {
  return createOneTimeLink(server.kdb, { purpose: 'sign_in', userId, createdBy: null }, now)
}

function inspect(token: string) {
  return httpRequest(server, 'POST', '/api/auth/link/inspect', {
    origin: server.httpUrl,
    json: { token },
  })
}

function redeem(token: string, password: string) {
  return httpRequest(server, 'POST', '/api/auth/link', {
    origin: server.httpUrl,
    json: { token, password },
  })
}

describe('one-time sign-in links', () => {
  it('inspects without consuming, then redeeming sets the password and signs in once', async () => {
    const user = await passwordlessUser()
    expect((await login(server, user.username, NO_PASSWORD_HASH)).status).toBe(401)
    const { secret } = await signInLink(user.id)
    const seen = await inspect(secret)
    expect(seen.status).toBe(200)
    expect(seen.body).toEqual({ ok: true, username: user.username, displayName: '张老师' })
    expect((await inspect(secret)).status).toBe(200)

    const redeemed = await redeem(secret, 'my-new-password')
    expect(redeemed.status).toBe(200)
    const pair = sessionCookieOf(redeemed)
    const me = await httpRequest(server, 'GET', '/api/me', { cookie: pair?.cookie ?? '' })
    expect((me.body as { user: { id: string } }).user.id).toBe(user.id)
    expect((await login(server, user.username, 'my-new-password')).status).toBe(200)
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select('actorId')
      .where('action', '=', 'sign_in_link_used')
      .where('targetId', '=', user.id)
      .execute()
    expect(audit).toEqual([{ actorId: user.id }])

    const second = await redeem(secret, 'another-password')
    expect(second.status).toBe(410)
    expect((second.body as { error: string }).error).toBe('link_invalid')
    expect((await inspect(secret)).status).toBe(410)
    expect((await login(server, user.username, 'another-password')).status).toBe(401)
  })

  it('signs out the sessions the account had before', async () => {
    const user = await passwordlessUser()
    const first = await signInLink(user.id)
    const before = sessionCookieOf(await redeem(first.secret, 'first-password'))
    const next = await signInLink(user.id)
    expect((await redeem(next.secret, 'second-password')).status).toBe(200)
    const old = await httpRequest(server, 'GET', '/api/me', { cookie: before?.cookie ?? '' })
    expect(old.status).toBe(401)
  })

  it('refuses an expired link', async () => {
    const user = await passwordlessUser()
    const { secret } = await signInLink(user.id, Date.now() - 8 * 24 * 3600_000)
    expect((await inspect(secret)).status).toBe(410)
    expect((await redeem(secret, 'a-fine-password')).status).toBe(410)
  })

  it('voids the older link when a newer one is made', async () => {
    const user = await passwordlessUser()
    const older = await signInLink(user.id)
    const newer = await signInLink(user.id)
    expect((await redeem(older.secret, 'a-fine-password')).status).toBe(410)
    expect((await redeem(newer.secret, 'a-fine-password')).status).toBe(200)
  })

  it('refuses a disabled account', async () => {
    const user = await passwordlessUser({ disabled: true })
    const { secret } = await signInLink(user.id)
    expect((await inspect(secret)).status).toBe(410)
    const result = await redeem(secret, 'a-fine-password')
    expect(result.status).toBe(410)
    expect(sessionCookieOf(result)).toBeNull()
    const row = await server.kdb
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(row.passwordHash).toBe(NO_PASSWORD_HASH)
  })

  it('refuses a short password and keeps the link usable', async () => {
    const user = await passwordlessUser()
    const { secret } = await signInLink(user.id)
    const short = await redeem(secret, 'short')
    expect(short.status).toBe(400)
    expect((short.body as { message: string }).message).toContain('password')
    expect((await redeem(secret, 'a-fine-password')).status).toBe(200)
  })

  it('does not redeem a set-up link as a sign-in link', async () => {
    const { secret } = await createOneTimeLink(server.kdb, {
      purpose: 'setup',
      userId: null,
      createdBy: null,
    })
    expect((await redeem(secret, 'a-fine-password')).status).toBe(410)
  })
})
