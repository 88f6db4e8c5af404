import { parse as parseCookies } from 'hono/utils/cookie'
import type { PublicUser } from '../../../shared/domain.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { touchApiToken, touchSession } from './commands.ts'
import { SESSION_COOKIE, TOKEN_PREFIX, TOUCH_INTERVAL_MS } from './credentials.ts'
import { sha256 } from './crypto.ts'
import { findLiveApiToken, findLiveSession, loadPublicUser } from './queries.ts'

/** Who is asking: a signed-in user, by session cookie or by API token. */
export interface Principal {
  user: PublicUser
  via: 'session' | 'token'
  sessionId: string | null
  tokenId: string | null
}

/** The credentials a request may carry. */
export interface Credentials {
  cookieHeader?: string | undefined
  authorization?: string | undefined
  /** `?token=` on websocket URLs. */
  queryToken?: string | undefined
}

/** The live session behind a cookie secret, extending its life when used; null if none. */
async function findSession(
  db: AppKysely,
  secret: string,
): Promise<{ id: string; userId: string } | null> {
  const now = Date.now()
  const row = await findLiveSession(db, sha256(secret), now)
  if (!row) return null
  if (now - row.lastSeenAt > TOUCH_INTERVAL_MS) await touchSession(db, row.id, now)
  return { id: row.id, userId: row.userId }
}

/** The live token matching a presented secret, recording its use; null if none. */
async function findApiToken(
  db: AppKysely,
  token: string,
): Promise<{ id: string; userId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await findLiveApiToken(db, sha256(token))
  if (!row) return null
  const now = Date.now()
  if (row.lastUsedAt === null || now - row.lastUsedAt > TOUCH_INTERVAL_MS) {
    await touchApiToken(db, row.id, now)
  }
  return { id: row.id, userId: row.userId }
}

function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  return match?.[1] ?? null
}

/**
 * Resolves the principal. A presented token wins over a cookie; a token or cookie that is
 * invalid yields null (anonymous) rather than falling back to the other credential.
 */
export async function resolvePrincipal(
  db: AppKysely,
  credentials: Credentials,
): Promise<Principal | null> {
  if (credentials.authorization && /^Bearer\b/i.test(credentials.authorization)) {
    // A Bearer header that does not parse is an invalid credential, not a reason to use the cookie.
    if (!bearerToken(credentials.authorization)) return null
  }
  const token = bearerToken(credentials.authorization) ?? credentials.queryToken ?? null
  if (token) {
    const found = await findApiToken(db, token)
    const user = found && (await loadPublicUser(db, found.userId))
    return user && found ? { user, via: 'token', sessionId: null, tokenId: found.id } : null
  }
  const secret = credentials.cookieHeader
    ? parseCookies(credentials.cookieHeader, SESSION_COOKIE)[SESSION_COOKIE]
    : undefined
  if (!secret) return null
  const session = await findSession(db, secret)
  const user = session && (await loadPublicUser(db, session.userId))
  return user && session ? { user, via: 'session', sessionId: session.id, tokenId: null } : null
}
