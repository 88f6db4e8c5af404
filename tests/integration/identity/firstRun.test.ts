import { afterEach, describe, expect, it } from 'vitest'
import { createOneTimeLink } from '../../../server/features/identity/oneTimeLinks.ts'
import { httpRequest, login, sessionCookieOf } from '../../helpers/signIn.ts'
import { type BareTestServer, makeDataDir, startBareTestServer } from '../../helpers/testServer.ts'

const running: BareTestServer[] = []

async function start(dataDir?: string): Promise<BareTestServer> {
  const server = await startBareTestServer(dataDir ? { dataDir } : {})
  running.push(server)
  return server
}

afterEach(async () => {
  for (const server of running.splice(0)) await server.close()
})

/** The secret of a set-up URL (`…/setup#<secret>`). */
function secretOf(url: string | null): string {
  expect(url).toMatch(/\/setup#[A-Za-z0-9_-]{20,}$/)
  return (url as string).split('#')[1] as string
}

function setUp(server: BareTestServer, fields: Record<string, unknown>) {
  return httpRequest(server, 'POST', '/api/setup', {
    origin: server.httpUrl,
    json: {
      allianceName: '城关教育联盟',
      schoolName: '城关第一中学',
      username: 'wang.admin',
      displayName: '王主任',
      password: 'a-long-password',
      ...fields,
    },
  })
}

describe('first run without demo data', () => {
  it('prints a set-up link that creates the alliance, its school and a signed-in alliance admin', async () => {
    const server = await start()
    const token = secretOf(server.setupUrl)
    expect(server.setupUrl?.startsWith('http://127.0.0.1:')).toBe(true)
    const needed = await httpRequest(server, 'GET', '/api/setup')
    expect(needed.body).toEqual({ ok: true, needed: true })

    const done = await setUp(server, { token })
    expect(done.status).toBe(200)
    const pair = sessionCookieOf(done)
    expect(pair).not.toBeNull()
    const me = await httpRequest(server, 'GET', '/api/me', { cookie: pair?.cookie ?? '' })
    expect(me.status).toBe(200)
    const user = (me.body as { user: { username: string; role: string } }).user
    expect(user).toMatchObject({ username: 'wang.admin', role: 'alliance_admin' })
    const alliance = await httpRequest(server, 'GET', '/api/alliance', {
      cookie: pair?.cookie ?? '',
    })
    expect(alliance.body).toEqual({ ok: true, alliance: { name: '城关教育联盟' } })
    const schools = await server.kdb.selectFrom('schools').select('name').execute()
    expect(schools).toEqual([{ name: '城关第一中学' }])
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('action', '=', 'alliance_created')
      .execute()
    expect(audit).toHaveLength(1)
    expect((await login(server, 'wang.admin', 'a-long-password')).status).toBe(200)
    expect((await httpRequest(server, 'GET', '/api/setup')).body).toEqual({
      ok: true,
      needed: false,
    })

    const again = await setUp(server, { token, username: 'someone.else' })
    expect(again.status).toBe(410)
    expect((again.body as { error: string }).error).toBe('link_invalid')
  })

  it('refuses a second set-up once an account exists, even with a fresh link', async () => {
    const server = await start()
    const first = secretOf(server.setupUrl)
    // A fresh link made while the database is still empty (a second start would print it).
    const dataDir = server.dataDir
    await server.close()
    running.pop()
    const restarted = await start(dataDir)
    const fresh = secretOf(restarted.setupUrl)
    expect(fresh).not.toBe(first)
    const stale = await setUp(restarted, { token: first })
    expect(stale.status).toBe(410)
    expect((await setUp(restarted, { token: fresh })).status).toBe(200)
    const another = await createOneTimeLink(restarted.kdb, {
      purpose: 'setup',
      userId: null,
      createdBy: null,
    })
    const second = await setUp(restarted, { token: another.secret, username: 'intruder' })
    expect(second.status).toBe(409)
    expect((second.body as { error: string }).error).toBe('already_set_up')
    const admins = await restarted.kdb.selectFrom('users').select('username').execute()
    expect(admins).toEqual([{ username: 'wang.admin' }])
  })

  it('names the bad field and saves nothing', async () => {
    const server = await start()
    const token = secretOf(server.setupUrl)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ token, username: 'Bad Name!' }, 'username'],
      [{ token, password: 'short' }, 'password'],
      [{ token, allianceName: '  ' }, 'allianceName'],
      [{ token, schoolName: '' }, 'schoolName'],
    ]
    for (const [fields, field] of cases) {
      const result = await setUp(server, fields)
      expect(result.status).toBe(400)
      expect((result.body as { message: string }).message).toContain(field)
    }
    expect(await server.kdb.selectFrom('users').select('id').execute()).toEqual([])
    expect(await server.kdb.selectFrom('alliance').select('id').execute()).toEqual([])
    // The link still works after the refusals.
    expect((await setUp(server, { token })).status).toBe(200)
  })

  it('refuses a cross-site set-up request', async () => {
    const server = await start()
    const token = secretOf(server.setupUrl)
    const result = await httpRequest(server, 'POST', '/api/setup', {
      origin: 'https://evil.example',
      json: { token },
    })
    expect(result.status).toBe(403)
  })

  it('prints no link on a restart once an account exists', async () => {
    const dataDir = makeDataDir()
    const server = await start(dataDir)
    expect((await setUp(server, { token: secretOf(server.setupUrl) })).status).toBe(200)
    await server.close()
    running.pop()
    const restarted = await start(dataDir)
    expect(restarted.setupUrl).toBeNull()
  })
})
