import { and, eq, gt, ne } from 'drizzle-orm'
import type { AppDb } from '../../db/appDb.ts'
import { sessions } from '../../db/schema.ts'
import { newSecret, sha256 } from './crypto.ts'

/** Name of the session cookie. */
export const SESSION_COOKIE = 'jibei_session'

/** How long a session lasts without use. */
export const SESSION_IDLE_MS = 14 * 24 * 3600_000

/** A freshly created session: the secret goes into the cookie, only its hash is stored. */
export interface NewSession {
  id: string
  secret: string
  expiresAt: number
}

/** Creates a session for `userId`. */
export async function createSession(db: AppDb, userId: string): Promise<NewSession> {
  const secret = newSecret()
  const id = sha256(secret)
  const now = Date.now()
  const expiresAt = now + SESSION_IDLE_MS
  await db.insert(sessions).values({ id, userId, createdAt: now, expiresAt, lastSeenAt: now }).run()
  return { id, secret, expiresAt }
}

/** The live session behind a cookie secret, extending its life when used; null if none. */
export async function findSession(
  db: AppDb,
  secret: string,
): Promise<{ id: string; userId: string } | null> {
  const id = sha256(secret)
  const now = Date.now()
  const row = await db
    .select({ id: sessions.id, userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .get()
  if (!row) return null
  // Extend at most once a minute so that reads do not turn into writes on every request.
  if (now - row.lastSeenAt > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: now + SESSION_IDLE_MS })
      .where(eq(sessions.id, id))
      .run()
  }
  return { id: row.id, userId: row.userId }
}

/** Deletes one session. */
export async function deleteSession(db: AppDb, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId)).run()
}

/** Deletes every session of a user (but `keepSessionId`); returns the deleted ids. */
export async function deleteUserSessions(
  db: AppDb,
  userId: string,
  keepSessionId?: string,
): Promise<string[]> {
  const condition = keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId)
  const deleted = await db.delete(sessions).where(condition).returning({ id: sessions.id })
  return deleted.map((row) => row.id)
}
