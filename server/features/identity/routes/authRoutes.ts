import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { CloseCode } from '../../../../shared/closeCodes.ts'
import { recordAudit } from '../../../audit.ts'
import { DomainError, tooManyRequests } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { createSession, deleteSession } from '../commands.ts'
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../credentials.ts'
import { verifyPassword } from '../passwords.ts'
import { findLoginAccount, loadPublicUser } from '../queries.ts'
import { ThrottleUnavailableError } from '../RedisLoginThrottle.ts'
import { loginBody } from '../schema.ts'

function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return c.var.services.trustProxy && c.req.header('x-forwarded-proto') === 'https'
}

/** Sign-in and sign-out. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', jsonBody(loginBody), async (c) => {
    const { kdb, throttle } = c.var.services
    const { username, password } = c.req.valid('json')
    const account = username.trim().toLowerCase()
    const address = c.var.clientAddress
    const wait = await throttle.reserve(account, address).catch((error: unknown) => {
      if (!(error instanceof ThrottleUnavailableError)) throw error
      c.var.services.log.error({ err: error }, 'login throttle unavailable')
      throw new DomainError(
        'unavailable',
        'Sign-in is temporarily unavailable; please try again shortly',
        5,
      )
    })
    if (wait > 0) {
      await recordAudit(kdb, {
        actorId: null,
        action: 'login_throttled',
        ip: address,
        details: { username: account },
      })
      throw tooManyRequests(wait)
    }
    const row = await findLoginAccount(kdb, account)
    const valid = await verifyPassword(row && !row.disabled ? row.passwordHash : null, password)
    const user = valid && row ? await loadPublicUser(kdb, row.id) : null
    if (!user) {
      await recordAudit(kdb, {
        actorId: row?.id ?? null,
        action: 'login_failed',
        ip: address,
        details: { username: account },
      })
      throw new DomainError('invalid_credentials', 'Wrong username or password')
    }
    // A stale failure count costs less than refusing the right password.
    await throttle.recordSuccess(account, address).catch((error: unknown) => {
      c.var.services.log.warn({ err: error }, 'clearing failed sign-ins failed')
    })
    const session = await createSession(kdb, user.id)
    setCookie(c, SESSION_COOKIE, session.secret, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c),
      path: '/',
      maxAge: Math.floor(SESSION_IDLE_MS / 1000),
    })
    await recordAudit(kdb, {
      actorId: user.id,
      action: 'login',
      schoolId: user.schoolId,
      ip: address,
    })
    return c.json({ ok: true as const, user })
  })
  .post('/logout', async (c) => {
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    if (principal.sessionId) {
      await deleteSession(kdb, principal.sessionId)
      connections.closeSession(principal.sessionId, {
        code: CloseCode.CredentialsRevoked,
        reason: 'signed out',
      })
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'logout',
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const })
  })
