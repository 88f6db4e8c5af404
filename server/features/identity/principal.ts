import { eq } from 'drizzle-orm'
import { parse as parseCookies } from 'hono/utils/cookie'
import type { PublicUser } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { schools, users } from '../../db/schema.ts'
import { findApiToken } from './apiTokens.ts'
import { findSession, SESSION_COOKIE } from './sessions.ts'

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

/** Loads a user as the API shows it; null if unknown or disabled. */
export async function loadPublicUser(db: AppDb, userId: string): Promise<PublicUser | null> {
  const row = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
      role: users.role,
      language: users.language,
      disabled: users.disabled,
    })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(users.id, userId))
    .get()
  return row && !row.disabled ? row : null
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
  db: AppDb,
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
