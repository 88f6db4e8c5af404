import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MemoryLoginThrottle, sha256 } from '../../../server/features/identity/index.ts'
import { DEMO_PLANS } from '../../../server/seed/demoPlans.ts'
import { startServer } from '../../../server/server.ts'
import { CloseCode } from '../../../shared/closeCodes.ts'
import { PLAN_FRAGMENT as CONTENT_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { whenSynced } from '../../helpers/providers.ts'
import {
  cookieWebSocket,
  createToken,
  demoPlanId,
  type HttpResult,
  httpRequest,
  login,
  openRecordingSocket,
  type RecordingSocket,
  type Session,
  sessionCookieOf,
  signIn,
  upgradeStatus,
} from '../../helpers/signIn.ts'
import { makeDataDir, startTestServer, type TestServer } from '../../helpers/testServer.ts'
import { within } from '../../helpers/within.ts'

const EVIL = 'https://evil.example'
const REVOCATION_DEADLINE_MS = 5_000

/** The first 'closed' event (a terminal close from the server) of a provider. */
function providerClosed(provider: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    provider.once('closed', (event) => resolve({ code: event.code, reason: event.reason }))
  })
}

/** Opened y-websocket providers, destroyed after each test (before the server closes). */
const openProviders: WebsocketProvider[] = []
/** Opened raw sockets, closed after each test. */
const openSockets: RecordingSocket[] = []

function closeClients(): void {
  for (const provider of openProviders.splice(0)) provider.destroy()
  for (const socket of openSockets.splice(0)) socket.ws.terminate()
}

afterEach(closeClients)

/** The stock provider over `ws`, signed in by the session cookie (and sending our Origin). */
function cookieProvider(
  server: TestServer,
  session: Session,
  documentId: string,
  doc: Y.Doc = new Y.Doc(),
  errors: string[] = [],
): WebsocketProvider {
  const provider = new WebsocketProvider(server.collabUrl, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(
      session.cookie,
      server.httpUrl,
      errors,
    ) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  })
  openProviders.push(provider)
  return provider
}

/** The stock provider signed in with `?token=` (no cookie, no Origin). */
function tokenProvider(
  server: TestServer,
  token: string,
  documentId: string,
  doc: Y.Doc = new Y.Doc(),
): WebsocketProvider {
  const provider = new WebsocketProvider(server.collabUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
    params: { token },
  })
  openProviders.push(provider)
  return provider
}

async function cookieSocket(
  server: TestServer,
  session: Session,
  documentId: string,
): Promise<RecordingSocket> {
  const socket = await openRecordingSocket(`${server.collabUrl}/${documentId}`, {
    cookie: session.cookie,
    origin: server.httpUrl,
  })
  openSockets.push(socket)
  return socket
}

async function tokenSocket(
  server: TestServer,
  token: string,
  documentId: string,
): Promise<RecordingSocket> {
  const url = `${server.collabUrl}/${documentId}?token=${encodeURIComponent(token)}`
  const socket = await openRecordingSocket(url, {})
  openSockets.push(socket)
  return socket
}

function me(server: TestServer, session: Session): Promise<HttpResult> {
  return httpRequest(server, 'GET', '/api/me', { cookie: session.cookie })
}

async function documentCountTitled(server: TestServer, title: string): Promise<number> {
  return (await server.kdb.selectFrom('documents').selectAll().where('title', '=', title).execute())
    .length
}

const INVALID_CREDENTIALS = {
  ok: false,
  error: 'invalid_credentials',
  message: 'Wrong username or password',
}

// -------------------------------------------------------------------------------------------

describe('cross-site websocket hijacking', () => {
  let server: TestServer
  let teacher: Session
  let token: string
  let planUrl: string

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    teacher = await signIn(server, 'demo-teacher-a')
    token = (await createToken(server, teacher)).secret
    planUrl = `${server.collabUrl}/${await demoPlanId(server.kdb, 0)}`
  })
  afterAll(async () => {
    await server.close()
  })

  it('a cookie-authenticated upgrade from a foreign Origin or with no Origin is refused with 403; from the server origin it is accepted', async () => {
    const { cookie } = teacher
    expect(await upgradeStatus(planUrl, { cookie, origin: EVIL })).toBe(403)
    expect(await upgradeStatus(planUrl, { cookie })).toBe(403)
    expect(await upgradeStatus(planUrl, { cookie, origin: 'null' })).toBe(403)
    // Same host, other port: another origin.
    const otherPort = new URL(server.httpUrl)
    otherPort.port = String(Number(otherPort.port) + 1)
    expect(await upgradeStatus(planUrl, { cookie, origin: otherPort.origin })).toBe(403)
    expect(await upgradeStatus(planUrl, { cookie, origin: server.httpUrl })).toBe(101)
  })

  it('a token-authenticated upgrade (?token=) needs no Origin', async () => {
    const url = `${planUrl}?token=${encodeURIComponent(token)}`
    expect(await upgradeStatus(url, {})).toBe(101)
  })

  it('an invalid ?token= is refused even when a valid cookie rides along from a foreign Origin', async () => {
    const url = `${planUrl}?token=jb_not-a-real-token`
    expect(await upgradeStatus(url, { cookie: teacher.cookie, origin: EVIL })).toBe(401)
    expect(await upgradeStatus(url, { cookie: teacher.cookie, origin: server.httpUrl })).toBe(401)
  })

  it('an upgrade without credentials is refused with 401', async () => {
    expect(await upgradeStatus(planUrl, { origin: server.httpUrl })).toBe(401)
  })

  it('a malformed Bearer header does not exempt a cookie-authenticated upgrade from the Origin check', async () => {
    // "Bearer" followed by something that is not one token: no token is presented, so this is a
    // cookie upgrade from a foreign origin and must be refused like one.
    const status = await upgradeStatus(planUrl, {
      cookie: teacher.cookie,
      origin: EVIL,
      authorization: 'Bearer not a token',
    })
    expect([401, 403]).toContain(status)
  })
})

describe('cross-site request forgery on the JSON API', () => {
  let server: TestServer
  let teacher: Session
  let token: string

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    teacher = await signIn(server, 'demo-teacher-a')
    token = (await createToken(server, teacher)).secret
  })
  afterAll(async () => {
    await server.close()
  })

  it('a cross-site JSON POST with a valid cookie is refused', async () => {
    const title = 'csrf-probe'
    const post = (options: Parameters<typeof httpRequest>[3]) =>
      httpRequest(server, 'POST', '/api/documents', { json: { title }, ...options })

    const foreign = await post({ cookie: teacher.cookie, origin: EVIL })
    expect(foreign.status).toBe(403)
    expect(foreign.body).toEqual({
      ok: false,
      error: 'cross_site_request',
      message: expect.any(String),
    })
    const crossSite = await post({
      cookie: teacher.cookie,
      headers: { 'sec-fetch-site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    expect(crossSite.body).toMatchObject({ ok: false, error: 'cross_site_request' })
    const sameSite = await post({
      cookie: teacher.cookie,
      headers: { 'sec-fetch-site': 'same-site' },
    })
    expect(sameSite.status).toBe(403)
    const noOrigin = await post({ cookie: teacher.cookie })
    expect(noOrigin.status).toBe(403)
    const nullOrigin = await post({ cookie: teacher.cookie, origin: 'null' })
    expect(nullOrigin.status).toBe(403)
    expect(await documentCountTitled(server, title)).toBe(0)

    const sameOrigin = await post({ cookie: teacher.cookie, origin: server.httpUrl })
    expect(sameOrigin.status).toBe(201)
    const fetchSameOrigin = await post({
      cookie: teacher.cookie,
      headers: { 'sec-fetch-site': 'same-origin' },
    })
    expect(fetchSameOrigin.status).toBe(201)
    expect(await documentCountTitled(server, title)).toBe(2)
  })

  it('a Bearer-token POST needs no Origin', async () => {
    const result = await httpRequest(server, 'POST', '/api/documents', {
      json: { title: 'bearer-post' },
      bearer: token,
    })
    expect(result.status).toBe(201)
    expect(await documentCountTitled(server, 'bearer-post')).toBe(1)
  })

  it('every unsafe method is guarded: PATCH, DELETE and logout from a foreign origin are refused', async () => {
    const patch = await httpRequest(server, 'PATCH', '/api/me', {
      json: { displayName: 'pwned' },
      cookie: teacher.cookie,
      origin: EVIL,
    })
    expect(patch.status).toBe(403)
    const created = await createToken(server, teacher, 'to-keep')
    const revoke = await httpRequest(server, 'DELETE', `/api/tokens/${created.id}`, {
      cookie: teacher.cookie,
      origin: EVIL,
    })
    expect(revoke.status).toBe(403)
    const logout = await httpRequest(server, 'POST', '/api/auth/logout', {
      cookie: teacher.cookie,
      origin: EVIL,
    })
    expect(logout.status).toBe(403)
    // Nothing happened.
    const profile = await me(server, teacher)
    expect(profile.status).toBe(200)
    expect(profile.body).toMatchObject({ user: { displayName: '王建国' } })
    const tokens = await httpRequest(server, 'GET', '/api/tokens', { cookie: teacher.cookie })
    expect(JSON.stringify(tokens.body)).toContain(created.id)
  })

  it('a malformed Bearer header does not exempt a cookie request from the cross-site check', async () => {
    const result = await httpRequest(server, 'POST', '/api/documents', {
      json: { title: 'malformed-bearer' },
      cookie: teacher.cookie,
      origin: EVIL,
      headers: { authorization: 'Bearer not a token' },
    })
    expect([401, 403]).toContain(result.status)
    expect(await documentCountTitled(server, 'malformed-bearer')).toBe(0)
  })
})

describe('sign-in throttling', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('ten wrong passwords for one account are throttled: the 6th and later answer 429, even for the right password', async () => {
    server = await startTestServer({ seedDemo: true })
    const statuses: number[] = []
    const results: HttpResult[] = []
    for (let attempt = 0; attempt < 10; attempt++) {
      const result = await login(server, 'demo-lead', `wrong-password-${attempt}`)
      statuses.push(result.status)
      results.push(result)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429])
    for (const result of results.slice(0, 5)) expect(result.body).toEqual(INVALID_CREDENTIALS)
    for (const result of results.slice(5)) {
      expect(result.body).toMatchObject({ ok: false, error: 'too_many_requests' })
      const retryAfter = Number(result.headers['retry-after'])
      expect(Number.isInteger(retryAfter)).toBe(true)
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    }
    const right = await login(server, 'demo-lead')
    expect(right.status).toBe(429)
    expect(sessionCookieOf(right)).toBeNull()
    // The account name is matched case-insensitively.
    expect((await login(server, 'DEMO-LEAD')).status).toBe(429)
    // Another account from the same address is not affected.
    expect((await login(server, 'demo-teacher-a')).status).toBe(200)
    const actions = await server.kdb.selectFrom('auditLog').select('action').execute()
    expect(actions.filter((row) => row.action === 'login_failed')).toHaveLength(5)
    expect(actions.filter((row) => row.action === 'login_throttled').length).toBeGreaterThanOrEqual(
      7,
    )
  })

  it('an unknown username and a wrong password get the same generic answer', async () => {
    server = await startTestServer({ seedDemo: true })
    const wrongPassword = await login(server, 'demo-lead', 'not-the-password')
    const unknownUser = await login(server, 'nobody-here', 'not-the-password')
    const emptyPassword = await login(server, 'demo-teacher-b', '')
    expect(wrongPassword.status).toBe(401)
    expect(unknownUser.status).toBe(401)
    expect(emptyPassword.status).toBe(401)
    expect(wrongPassword.body).toEqual(INVALID_CREDENTIALS)
    expect(unknownUser.text).toBe(wrongPassword.text)
    expect(emptyPassword.text).toBe(wrongPassword.text)
  })

  it('concurrent wrong passwords for one account are throttled too: at most 5 of 20 simultaneous attempts are checked', async () => {
    server = await startTestServer({ seedDemo: true })
    const target = server
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) =>
        login(target, 'demo-lead', `wrong-password-${attempt}`),
      ),
    )
    const statuses = results.map((result) => result.status)
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true)
    // Each 401 is a password that was actually tried: the limit is 5 per account.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5)
  })

  it('rotating X-Forwarded-For does not bypass the throttle when the proxy is not trusted', async () => {
    server = await startTestServer({ seedDemo: true, trustProxy: false })
    const statuses: number[] = []
    for (let attempt = 0; attempt < 10; attempt++) {
      const result = await login(server, 'demo-teacher-b', `wrong-${attempt}`, {
        'x-forwarded-for': `203.0.113.${attempt + 1}`,
      })
      statuses.push(result.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429])
    // The address recorded is the socket peer, not the forged header.
    const ips = await server.kdb
      .selectFrom('auditLog')
      .select('ip')
      .where('action', '=', 'login_failed')
      .execute()
    expect(ips.map((row) => row.ip)).toEqual(Array(5).fill('127.0.0.1'))
  })

  it('failures across different usernames from one address are throttled per address, whatever X-Forwarded-For says', async () => {
    server = await startTestServer({
      seedDemo: true,
      trustProxy: false,
      throttle: new MemoryLoginThrottle({
        maxFailuresPerAccount: 100,
        maxFailuresPerAddress: 3,
        windowMs: 60_000,
      }),
    })
    const usernames = ['demo-lead', 'demo-teacher-a', 'nobody', 'demo-observer', 'demo-outsider']
    const statuses: number[] = []
    for (const [index, username] of usernames.entries()) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await login(server, username, 'wrong-password', {
          'x-forwarded-for': `198.51.100.${index + 1}${attempt}`,
        })
        statuses.push(result.status)
      }
    }
    // Past 3 failures the address is blocked: each account then gets one try from it (issue 17).
    expect(statuses).toEqual([401, 401, 401, 429, 401, 429, 401, 429, 401, 429])
    // The right password of an account that has not failed from the address passes the block.
    expect((await login(server, 'demo-admin')).status).toBe(200)
  })

  it('behind a trusted proxy the last X-Forwarded-For hop is the address: forged leading hops do not help', async () => {
    server = await startTestServer({
      seedDemo: true,
      trustProxy: true,
      throttle: new MemoryLoginThrottle({
        maxFailuresPerAccount: 100,
        maxFailuresPerAddress: 3,
        windowMs: 60_000,
      }),
    })
    const statuses: number[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await login(server, 'demo-admin', 'wrong-password', {
        'x-forwarded-for': `10.9.8.${attempt}, 198.51.100.7`,
      })
      statuses.push(result.status)
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429])
    // Another client behind the same proxy is not locked out of the account.
    const other = await login(server, 'demo-admin', undefined, {
      'x-forwarded-for': '198.51.100.8',
    })
    expect(other.status).toBe(200)
  })
})

describe('revoking credentials closes websockets', () => {
  let server: TestServer
  let planId: string

  // One server per test: these tests sign out, change passwords and disable accounts.
  afterEach(async () => {
    closeClients()
    await server.close()
  })

  async function start(): Promise<void> {
    server = await startTestServer({ seedDemo: true })
    planId = await demoPlanId(server.kdb, 2)
  }

  it('logging out closes that session’s open websockets within 5 s and leaves other sessions connected', async () => {
    await start()
    const first = await signIn(server, 'demo-teacher-a')
    const second = await signIn(server, 'demo-teacher-a')
    expect(first.cookie).not.toBe(second.cookie)
    const firstErrors: string[] = []
    const firstProvider = cookieProvider(server, first, planId, new Y.Doc(), firstErrors)
    const secondDoc = new Y.Doc()
    const secondProvider = cookieProvider(server, second, planId, secondDoc)
    await Promise.all([whenSynced(firstProvider), whenSynced(secondProvider)])
    const firstRaw = await cookieSocket(server, first, planId)
    const firstProviderClosed = providerClosed(firstProvider)
    const firstCloseCodes: number[] = []
    firstProvider.on('connection-close', (event) => {
      if (event) firstCloseCodes.push(event.code)
    })

    const logout = await httpRequest(server, 'POST', '/api/auth/logout', {
      cookie: first.cookie,
      origin: server.httpUrl,
    })
    expect(logout.status).toBe(200)
    expect(logout.headers['set-cookie']?.join('\n')).toMatch(/jibei_session=;.*Max-Age=0/)

    const [rawClose, providerClose] = await within(
      Promise.all([firstRaw.closed, firstProviderClosed]),
      REVOCATION_DEADLINE_MS,
      'closing the signed-out session’s websockets',
    )
    expect(rawClose.code).toBe(CloseCode.CredentialsRevoked)
    expect(providerClose.code).toBe(CloseCode.CredentialsRevoked)
    expect(firstCloseCodes).toEqual([CloseCode.CredentialsRevoked])

    // The other session is untouched and still edits.
    expect(secondProvider.wsconnected).toBe(true)
    secondDoc.getText('after-logout').insert(0, 'still here')
    await vi.waitFor(
      () =>
        expect(server.registry.get(planId)?.ydoc.getText('after-logout').toString()).toBe(
          'still here',
        ),
      10_000,
    )
    expect((await me(server, first)).status).toBe(401)
    expect((await me(server, second)).status).toBe(200)

    // The closed provider stopped by itself (4409 is permanent); told to reconnect, it is refused.
    expect(firstProvider.shouldConnect).toBe(false)
    firstProvider.connect()
    await vi.waitFor(
      () => expect(firstErrors.some((message) => message.includes('401'))).toBe(true),
      10_000,
    )
    expect(firstProvider.wsconnected).toBe(false)
    expect(
      await upgradeStatus(`${server.collabUrl}/${planId}`, {
        cookie: first.cookie,
        origin: server.httpUrl,
      }),
    ).toBe(401)
    expect(secondProvider.wsconnected).toBe(true)
  })

  it('changing the password revokes the user’s other sessions and closes their websockets', async () => {
    await start()
    const changer = await signIn(server, 'demo-teacher-a')
    const other = await signIn(server, 'demo-teacher-a')
    const otherProvider = cookieProvider(server, other, planId)
    await whenSynced(otherProvider)
    const otherRaw = await cookieSocket(server, other, planId)
    const changerRaw = await cookieSocket(server, changer, planId)
    const otherProviderClosed = providerClosed(otherProvider)

    const wrongCurrent = await httpRequest(server, 'POST', '/api/me/password', {
      json: { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' },
      cookie: changer.cookie,
      origin: server.httpUrl,
    })
    expect(wrongCurrent.status).toBe(403)
    expect((await me(server, other)).status).toBe(200)
    expect(otherRaw.isClosed).toBe(false)

    const changed = await httpRequest(server, 'POST', '/api/me/password', {
      json: { currentPassword: 'jibei-demo', newPassword: 'a-new-password-1' },
      cookie: changer.cookie,
      origin: server.httpUrl,
    })
    expect(changed.status).toBe(200)
    const [rawClose, providerClose] = await within(
      Promise.all([otherRaw.closed, otherProviderClosed]),
      REVOCATION_DEADLINE_MS,
      'closing the other session’s websockets',
    )
    expect(rawClose.code).toBe(CloseCode.CredentialsRevoked)
    expect(providerClose.code).toBe(CloseCode.CredentialsRevoked)
    expect((await me(server, other)).status).toBe(401)
    // The session that changed the password stays signed in and connected.
    expect((await me(server, changer)).status).toBe(200)
    expect(changerRaw.isClosed).toBe(false)
    expect((await login(server, 'demo-teacher-a')).status).toBe(401)
    expect((await login(server, 'demo-teacher-a', 'a-new-password-1')).status).toBe(200)
  })

  it('disabling a user closes their websockets and their cookie and tokens stop working', async () => {
    await start()
    const teacher = await signIn(server, 'demo-teacher-b')
    const { secret } = await createToken(server, teacher)
    const admin = await signIn(server, 'demo-admin')
    const provider = cookieProvider(server, teacher, planId)
    await whenSynced(provider)
    const cookieRaw = await cookieSocket(server, teacher, planId)
    const tokenRaw = await tokenSocket(server, secret, planId)
    const providerClose = providerClosed(provider)
    // A bystander's websocket on the same document stays open.
    const bystander = await cookieSocket(server, await signIn(server, 'demo-lead'), planId)

    const disabled = await httpRequest(server, 'PATCH', `/api/users/${teacher.userId}`, {
      json: { disabled: true },
      cookie: admin.cookie,
      origin: server.httpUrl,
    })
    expect(disabled.status).toBe(200)
    const closes = await within(
      Promise.all([cookieRaw.closed, tokenRaw.closed, providerClose]),
      REVOCATION_DEADLINE_MS,
      'closing the disabled user’s websockets',
    )
    expect(closes.map((close) => close.code)).toEqual([
      CloseCode.CredentialsRevoked,
      CloseCode.CredentialsRevoked,
      CloseCode.CredentialsRevoked,
    ])
    expect(bystander.isClosed).toBe(false)

    expect((await me(server, teacher)).status).toBe(401)
    expect((await httpRequest(server, 'GET', '/api/me', { bearer: secret })).status).toBe(401)
    const again = await login(server, 'demo-teacher-b')
    expect(again.status).toBe(401)
    expect(again.body).toEqual(INVALID_CREDENTIALS)
    const url = `${server.collabUrl}/${planId}`
    expect(await upgradeStatus(url, { cookie: teacher.cookie, origin: server.httpUrl })).toBe(401)
    expect(await upgradeStatus(`${url}?token=${encodeURIComponent(secret)}`, {})).toBe(401)
    const row = await server.kdb
      .selectFrom('users')
      .select('disabled')
      .where('id', '=', teacher.userId)
      .executeTakeFirst()
    expect(row?.disabled).toBe(1)
  })
})

describe('the stock y-websocket provider', () => {
  let server: TestServer
  afterEach(async () => {
    closeClients()
    await server.close()
  })

  it('still syncs, authenticated by cookie header and by ?token=: two providers edit one plan and converge, and awareness flows both ways', async () => {
    server = await startTestServer({ seedDemo: true })
    const planId = await demoPlanId(server.kdb, 0)
    const teacherA = await signIn(server, 'demo-teacher-a')
    const teacherB = await signIn(server, 'demo-teacher-b')
    const { secret } = await createToken(server, teacherB)
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    const byCookie = cookieProvider(server, teacherA, planId, docA)
    const byToken = tokenProvider(server, secret, planId, docB)
    await Promise.all([whenSynced(byCookie), whenSynced(byToken)])
    const fragmentA = docA.getXmlFragment(CONTENT_FRAGMENT)
    const fragmentB = docB.getXmlFragment(CONTENT_FRAGMENT)
    expect(fragmentA.length).toBeGreaterThan(10)
    expect(fragmentA.toString()).toBe(fragmentB.toString())

    const paragraph = (text: string): Y.XmlElement => {
      const element = new Y.XmlElement('paragraph')
      const content = new Y.XmlText()
      content.insert(0, text)
      element.insert(0, [content])
      return element
    }
    fragmentA.insert(1, [paragraph('王老师的补充')])
    fragmentB.insert(fragmentB.length, [paragraph('张老师的反思')])
    docA.getText('notes').insert(0, 'A')
    docB.getText('notes').insert(0, 'B')
    await vi.waitFor(() => {
      expect(fragmentA.toString()).toBe(fragmentB.toString())
      expect(fragmentA.toString()).toContain('王老师的补充')
      expect(fragmentA.toString()).toContain('张老师的反思')
      expect(docA.getText('notes').toString()).toBe(docB.getText('notes').toString())
      expect(docA.getText('notes').length).toBe(2)
      expect(Y.encodeStateVector(docA)).toEqual(Y.encodeStateVector(docB))
    }, 10_000)

    byCookie.awareness.setLocalStateField('user', { name: '王建国' })
    byToken.awareness.setLocalStateField('user', { name: '张晓燕' })
    await vi.waitFor(() => {
      expect(byToken.awareness.getStates().get(byCookie.awareness.clientID)).toMatchObject({
        user: { name: '王建国' },
      })
      expect(byCookie.awareness.getStates().get(byToken.awareness.clientID)).toMatchObject({
        user: { name: '张晓燕' },
      })
    }, 10_000)
  })
})

describe('security headers and cookies', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  function expectSecurityHeaders(result: HttpResult, what: string): void {
    const csp = String(result.headers['content-security-policy'] ?? '')
    expect(csp, `${what}: CSP`).toContain("default-src 'self'")
    expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'")
    expect(csp, `${what}: CSP`).toContain("object-src 'none'")
    expect(csp, `${what}: no inline or eval scripts`).toMatch(/script-src 'self'(;|$)/)
    expect(result.headers['x-content-type-options'], what).toBe('nosniff')
    expect(result.headers['x-frame-options'], what).toMatch(/^(DENY|SAMEORIGIN)$/)
    expect(result.headers['referrer-policy'], what).toBeTruthy()
    expect(result.headers['x-powered-by'], what).toBeUndefined()
  }

  it('every response carries the security headers: API JSON, errors, and the built client', async () => {
    const clientDir = path.resolve(import.meta.dirname, '../../../dist/client')
    const clientBuilt = fs.existsSync(path.join(clientDir, 'index.html'))
    server = await startTestServer({ seedDemo: true, ...(clientBuilt ? { clientDir } : {}) })
    const teacher = await signIn(server, 'demo-teacher-a')
    const responses: Array<[string, HttpResult]> = [
      ['health', await httpRequest(server, 'GET', '/api/health')],
      ['api JSON', await me(server, teacher)],
      ['api 404', await httpRequest(server, 'GET', '/api/no-such-endpoint')],
      ['api 401', await httpRequest(server, 'GET', '/api/me')],
      [
        'api 403 cross-site',
        await httpRequest(server, 'POST', '/api/documents', {
          json: { title: 'x' },
          cookie: teacher.cookie,
          origin: EVIL,
        }),
      ],
      [
        'api 400',
        await httpRequest(server, 'POST', '/api/documents', {
          json: { nonsense: true },
          cookie: teacher.cookie,
          origin: server.httpUrl,
        }),
      ],
      ['login', await login(server, 'demo-lead')],
    ]
    expect(responses.map(([, result]) => result.status)).toEqual([
      200, 200, 404, 401, 403, 400, 200,
    ])
    if (clientBuilt) {
      const index = await httpRequest(server, 'GET', '/')
      expect(index.status).toBe(200)
      expect(String(index.headers['content-type'])).toContain('text/html')
      responses.push(['static index', index])
      const spaRoute = await httpRequest(server, 'GET', '/documents/some-id')
      expect(spaRoute.status).toBe(200)
      responses.push(['client route', spaRoute])
      const asset = fs
        .readdirSync(path.join(clientDir, 'assets'))
        .find((name) => name.endsWith('.js'))
      if (asset) {
        const script = await httpRequest(server, 'GET', `/assets/${asset}`)
        expect(script.status).toBe(200)
        responses.push(['static asset', script])
      }
    } else {
      responses.push(['client not built', await httpRequest(server, 'GET', '/')])
    }
    for (const [what, result] of responses) expectSecurityHeaders(result, what)
  })

  it('the session cookie is HttpOnly and SameSite=Lax, and not Secure over plain http', async () => {
    server = await startTestServer({ seedDemo: true })
    const result = await login(server, 'demo-lead')
    const pair = sessionCookieOf(result)
    if (!pair) throw new Error('no session cookie')
    const attributes = pair.setCookie.split(';').map((part) => part.trim().toLowerCase())
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')
    expect(attributes).not.toContain('secure')
    // An untrusted client cannot claim https through a proxy header.
    const claimed = await login(server, 'demo-lead', undefined, { 'x-forwarded-proto': 'https' })
    expect(sessionCookieOf(claimed)?.setCookie.toLowerCase()).not.toContain('secure')
  })

  it('behind a trusted https proxy the session cookie is Secure', async () => {
    server = await startTestServer({ seedDemo: true, trustProxy: true })
    const result = await login(server, 'demo-lead', undefined, { 'x-forwarded-proto': 'https' })
    const attributes = (sessionCookieOf(result)?.setCookie ?? '')
      .split(';')
      .map((part) => part.trim().toLowerCase())
    expect(attributes).toContain('secure')
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
  })
})

describe('secrets at rest and in logs', () => {
  it('API token and session secrets are never stored or logged in plain text', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'))
        done()
      },
    })
    // Everything the server logs, at the most verbose level and without redaction: the secrets
    // must not be handed to the logger at all.
    const log = pino({ level: 'trace' }, sink)
    const dataDir = makeDataDir()
    const running = await startServer(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        logLevel: 'trace',
        unloadGraceMs: 0,
        clientDir: path.join(dataDir, 'no-client'),
        allowedOrigins: [],
        trustProxy: false,
        seedDemo: true,
      },
      log,
    )
    const httpUrl = `http://127.0.0.1:${running.port}`
    const collabUrl = `ws://127.0.0.1:${running.port}/collab`
    const target = { httpUrl }
    try {
      const teacher = await signIn(target, 'demo-teacher-a')
      const cookieSecret = teacher.cookie.slice('jibei_session='.length)
      const { id: tokenId, secret } = await createToken(target, teacher, 'script')
      expect(secret).toMatch(/^jb_/)
      const planId = await demoPlanId(running.kdb, 2)

      // Use the token every way it can be used, successfully and not.
      expect((await httpRequest(target, 'GET', '/api/me', { bearer: secret })).status).toBe(200)
      const socket = await openRecordingSocket(
        `${collabUrl}/${planId}?token=${encodeURIComponent(secret)}`,
        {},
      )
      // A plan of another school, with school visibility: the teacher may not open it.
      const otherSchoolPlan = DEMO_PLANS.findIndex((plan, index) => index >= 4 && plan.school !== 0)
      const outsiderPlan = await demoPlanId(running.kdb, otherSchoolPlan)
      expect(
        await upgradeStatus(`${collabUrl}/${outsiderPlan}?token=${encodeURIComponent(secret)}`, {}),
      ).toBe(403)
      expect(
        await upgradeStatus(
          `${collabUrl}/AAAAAAAAAAAAAAAAAAAAAA?token=${encodeURIComponent(secret)}`,
          {},
        ),
      ).toBe(404)
      const revoked = await httpRequest(target, 'DELETE', `/api/tokens/${tokenId}`, {
        cookie: teacher.cookie,
        origin: httpUrl,
      })
      expect(revoked.status).toBe(200)
      const closed = await within(socket.closed, REVOCATION_DEADLINE_MS, 'closing on revocation')
      expect(closed.code).toBe(CloseCode.CredentialsRevoked)
      expect(
        await upgradeStatus(`${collabUrl}/${planId}?token=${encodeURIComponent(secret)}`, {}),
      ).toBe(401)
      expect((await httpRequest(target, 'GET', '/api/me', { bearer: secret })).status).toBe(401)
      const failedLogin = await login(target, 'demo-teacher-a', secret)
      expect(failedLogin.status).toBe(401)

      // The token row holds a hash and a short prefix, never the secret.
      const rows = await running.kdb
        .selectFrom('apiTokens')
        .selectAll()
        .where('id', '=', tokenId)
        .execute()
      expect(rows).toHaveLength(1)
      const row = rows[0]
      if (!row) throw new Error('token row missing')
      for (const value of Object.values(row)) expect(value).not.toBe(secret)
      expect(row.tokenHash).toBe(sha256(secret))
      expect(secret.startsWith(row.prefix)).toBe(true)
      expect(row.prefix.length).toBeLessThanOrEqual(10)
      // Sessions are stored by hash too.
      const sessionIds = await running.kdb.selectFrom('sessions').select('id').execute()
      expect(sessionIds.map((session) => session.id)).toContain(sha256(cookieSecret))

      // No table anywhere holds either secret (nor the unhashed part after the prefix).
      const file = new Database(path.join(dataDir, 'jibei.db'), { readonly: true })
      try {
        const tables = file
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all() as Array<{ name: string }>
        expect(tables.length).toBeGreaterThan(5)
        for (const { name } of tables) {
          const dump = JSON.stringify(file.prepare(`SELECT * FROM "${name}"`).all())
          expect(dump, `table ${name}`).not.toContain(secret.slice(10))
          expect(dump, `table ${name}`).not.toContain(cookieSecret)
        }
      } finally {
        file.close()
      }

      // Nor does any log line.
      await running.close()
      const logText = lines.join('')
      expect(logText).toContain('upgrade refused')
      expect(logText).not.toContain(secret.slice(10))
      expect(logText).not.toContain(cookieSecret)
    } finally {
      await running.close()
    }
  })
})
