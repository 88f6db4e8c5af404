import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { CloseCode } from '../../../../shared/closeCodes.ts'
import { recordAudit } from '../../../audit.ts'
import { DomainError, tooManyRequests } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { deleteSession } from '../commands.ts'
import { SESSION_COOKIE } from '../credentials.ts'
import { inspectSignInLink, redeemSignInLink } from '../linkCommands.ts'
import { verifyPassword } from '../passwords.ts'
import { findLoginAccount, loadPublicUser } from '../queries.ts'
import { ThrottleUnavailableError } from '../RedisLoginThrottle.ts'
import { linkInspectBody, linkRedeemBody, loginBody } from '../schema.ts'
import { startBrowserSession } from './sessionCookie.ts'

/** Sign-in (password or one-time link) and sign-out. */
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
    await startBrowserSession(c, user.id)
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
  .post('/link/inspect', jsonBody(linkInspectBody), async (c) => {
    const account = await inspectSignInLink(c.var.services.kdb, c.req.valid('json').token)
    return c.json({ ok: true as const, ...account })
  })
  .post('/link', jsonBody(linkRedeemBody), async (c) => {
    const { kdb, executor, connections } = c.var.services
    const redeemed = await redeemSignInLink(executor, c.req.valid('json'), c.var.clientAddress)
    for (const sessionId of redeemed.deletedSessions) {
      connections.closeSession(sessionId, {
        code: CloseCode.CredentialsRevoked,
        reason: 'password set with a one-time link',
      })
    }
    const user = await loadPublicUser(kdb, redeemed.userId)
    if (!user) throw new DomainError('link_invalid', 'This account cannot sign in')
    await startBrowserSession(c, user.id)
    return c.json({ ok: true as const, user })
  })
