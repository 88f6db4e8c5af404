import { and, eq, isNull, ne } from 'drizzle-orm'
import type { GroupRole } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { apiTokens, groupMembers, groups, schools, sessions, users } from '../../db/schema.ts'
import { conflict } from '../../domainError.ts'
import { type ApiTokenInfo, type NewSession, SESSION_IDLE_MS, TOKEN_PREFIX } from './credentials.ts'
import { newId, newSecret, sha256 } from './crypto.ts'
import { hashPassword } from './passwords.ts'
import type {
  CreateGroupBody,
  CreateUserBody,
  UpdateGroupBody,
  UpdateMeBody,
  UpdateUserBody,
} from './schema.ts'

/** Whether a write failed on a unique constraint (a name or username that is taken). */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message)
}

/** Runs a write, turning a unique-constraint failure into a 409 with `message`. */
async function unique<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message)
    throw error
  }
}

// ---- Sessions and API tokens ----

/** Creates a session for `userId`. */
export async function createSession(db: AppDb, userId: string): Promise<NewSession> {
  const secret = newSecret()
  const id = sha256(secret)
  const now = Date.now()
  const expiresAt = now + SESSION_IDLE_MS
  await db.insert(sessions).values({ id, userId, createdAt: now, expiresAt, lastSeenAt: now }).run()
  return { id, secret, expiresAt }
}

/** Records that a session was used at `now` and extends its life from then. */
export async function touchSession(db: AppDb, sessionId: string, now: number): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: now + SESSION_IDLE_MS })
    .where(eq(sessions.id, sessionId))
    .run()
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

/** Records that a token was used at `now`. */
export async function touchApiToken(db: AppDb, tokenId: string, now: number): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId)).run()
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

// ---- Accounts ----

/** Changes the signed-in user's own profile (display name, language). */
export async function updateProfile(
  db: AppDb,
  userId: string,
  changes: UpdateMeBody,
): Promise<void> {
  await db
    .update(users)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(users.id, userId))
    .run()
}

/** Sets a user's password (stored as its argon2id hash). */
export async function setPassword(db: AppDb, userId: string, password: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), updatedAt: Date.now() })
    .where(eq(users.id, userId))
    .run()
}

/** Creates an account in `schoolId`; returns its id, or 409 when the username is taken. */
export async function createUser(
  db: AppDb,
  fields: CreateUserBody & { schoolId: string },
): Promise<string> {
  const id = newId()
  const now = Date.now()
  const passwordHash = await hashPassword(fields.password)
  await unique('This username is taken', () =>
    db
      .insert(users)
      .values({
        id,
        username: fields.username,
        displayName: fields.displayName,
        schoolId: fields.schoolId,
        role: fields.role,
        language: fields.language,
        passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      .run(),
  )
  return id
}

/** An administrator's change of an account (name, role, disabled, a new password). */
export async function updateUser(
  db: AppDb,
  userId: string,
  changes: UpdateUserBody,
): Promise<void> {
  const { password, ...rest } = changes
  await db
    .update(users)
    .set({
      ...rest,
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
      updatedAt: Date.now(),
    })
    .where(eq(users.id, userId))
    .run()
}

// ---- Schools ----

/** Creates a school; returns its id, or 409 when the name is taken. */
export async function createSchool(db: AppDb, name: string): Promise<string> {
  const id = newId()
  await unique('A school with this name exists', () =>
    db.insert(schools).values({ id, name, createdAt: Date.now() }).run(),
  )
  return id
}

/** Renames a school; false when there is no such school, 409 when the name is taken. */
export async function renameSchool(db: AppDb, schoolId: string, name: string): Promise<boolean> {
  const renamed = await unique('A school with this name exists', () =>
    db.update(schools).set({ name }).where(eq(schools.id, schoolId)).returning({ id: schools.id }),
  )
  return renamed.length > 0
}

// ---- Groups and memberships ----

/** Creates a teaching-research group; returns its id. */
export async function createGroup(db: AppDb, fields: CreateGroupBody): Promise<string> {
  const id = newId()
  await db
    .insert(groups)
    .values({ id, ...fields, createdAt: Date.now() })
    .run()
  return id
}

/** Changes a group's name, subject or grade. */
export async function updateGroup(
  db: AppDb,
  groupId: string,
  changes: UpdateGroupBody,
): Promise<void> {
  await db.update(groups).set(changes).where(eq(groups.id, groupId)).run()
}

/** Deletes a group (its memberships go with it). */
export async function deleteGroup(db: AppDb, groupId: string): Promise<void> {
  await db.delete(groups).where(eq(groups.id, groupId)).run()
}

/** Makes a user a member of a group with `role`, or changes their role. */
export async function setMembership(
  db: AppDb,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<void> {
  await db
    .insert(groupMembers)
    .values({ groupId, userId, role, createdAt: Date.now() })
    .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.userId], set: { role } })
    .run()
}

/** Removes a user from a group; false when they were not a member. */
export async function removeMembership(
  db: AppDb,
  groupId: string,
  userId: string,
): Promise<boolean> {
  const removed = await db
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .returning({ userId: groupMembers.userId })
  return removed.length > 0
}
