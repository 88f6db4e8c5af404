import { and, desc, eq, isNull } from 'drizzle-orm'
import type { AppDb } from '../../db/appDb.ts'
import { apiTokens } from '../../db/schema.ts'
import { newId, newSecret, sha256 } from './crypto.ts'

/** Prefix of every API token, so that leaked tokens are recognisable. */
export const TOKEN_PREFIX = 'jb_'

/** A token as listed to its owner (never the secret). */
export interface ApiTokenInfo {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
}

/** Creates a token; the secret is returned once and only its hash is stored. */
export async function createApiToken(
  db: AppDb,
  userId: string,
  name: string,
): Promise<ApiTokenInfo & { token: string }> {
  const token = `${TOKEN_PREFIX}${newSecret()}`
  const info = {
    id: newId(),
    name,
    prefix: token.slice(0, 10),
    createdAt: Date.now(),
    lastUsedAt: null,
  }
  await db
    .insert(apiTokens)
    .values({ ...info, userId, tokenHash: sha256(token) })
    .run()
  return { ...info, token }
}

/** The caller's live tokens, newest first. */
export async function listApiTokens(db: AppDb, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))
    .all()
}

/** Revokes one of the user's tokens; false when there is no such live token. */
export async function revokeApiToken(db: AppDb, userId: string, tokenId: string): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: Date.now() })
    .where(
      and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id })
  return revoked.length > 0
}

/** Revokes every live token of a user (after a password change or reset); returns their ids. */
export async function revokeUserTokens(db: AppDb, userId: string): Promise<string[]> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return revoked.map((row) => row.id)
}

/** The live token matching a presented secret; null if none. */
export async function findApiToken(
  db: AppDb,
  token: string,
): Promise<{ id: string; userId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .get()
  if (!row) return null
  const now = Date.now()
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run()
  }
  return { id: row.id, userId: row.userId }
}
