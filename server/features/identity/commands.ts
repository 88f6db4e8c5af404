import type { GroupRole } from '../../../shared/domain.ts'
import { isUniqueViolation } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { conflict, DomainError } from '../../domainError.ts'
import { type ApiTokenInfo, type NewSession, SESSION_IDLE_MS, TOKEN_PREFIX } from './credentials.ts'
import { newId, newSecret, sha256 } from './crypto.ts'
import { hashPassword, NO_PASSWORD_HASH } from './passwords.ts'
import type {
  CreateGroupBody,
  CreateUserBody,
  UpdateGroupBody,
  UpdateMeBody,
  UpdateUserBody,
} from './schema.ts'

/** Runs a write, turning a unique-constraint failure into a 409 with `message`. */
async function unique<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message)
    throw error
  }
}

/**
 * Runs a write of an account, turning a unique-constraint failure into a 409 naming the field:
 * `phone_taken` when the phone number belongs to another account, else `username_taken`.
 */
async function uniqueAccount<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const text =
      error instanceof Error ? `${error.message} ${String(Reflect.get(error, 'detail') ?? '')}` : ''
    if (text.includes('phone')) {
      throw new DomainError('phone_taken', 'phone: this number belongs to another account')
    }
    throw new DomainError('username_taken', 'username: this username is taken')
  }
}

// ---- Sessions and API tokens ----

/** Creates a session for `userId`. */
export async function createSession(db: AppKysely, userId: string): Promise<NewSession> {
  const secret = newSecret()
  const id = sha256(secret)
  const now = Date.now()
  const expiresAt = now + SESSION_IDLE_MS
  await db
    .insertInto('sessions')
    .values({ id, userId, createdAt: now, expiresAt, lastSeenAt: now })
    .execute()
  return { id, secret, expiresAt }
}

/** Records that a session was used at `now` and extends its life from then. */
export async function touchSession(db: AppKysely, sessionId: string, now: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: now, expiresAt: now + SESSION_IDLE_MS })
    .where('id', '=', sessionId)
    .execute()
}

/** Deletes one session. */
export async function deleteSession(db: AppKysely, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

/** Deletes every session of a user (but `keepSessionId`); returns the deleted ids. */
export async function deleteUserSessions(
  db: AppKysely,
  userId: string,
  keepSessionId?: string,
): Promise<string[]> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId)
  if (keepSessionId) query = query.where('id', '!=', keepSessionId)
  const deleted = await query.returning('id').execute()
  return deleted.map((row) => row.id)
}

/** Creates a token; the secret is returned once and only its hash is stored. */
export async function createApiToken(
  db: AppKysely,
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
    .insertInto('apiTokens')
    .values({ ...info, userId, tokenHash: sha256(token) })
    .execute()
  return { ...info, token }
}

/** Records that a token was used at `now`. */
export async function touchApiToken(db: AppKysely, tokenId: string, now: number): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', tokenId).execute()
}

/** Revokes one of the user's tokens; false when there is no such live token. */
export async function revokeApiToken(
  db: AppKysely,
  userId: string,
  tokenId: string,
): Promise<boolean> {
  const revoked = await db
    .updateTable('apiTokens')
    .set({ revokedAt: Date.now() })
    .where('id', '=', tokenId)
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .returning('id')
    .execute()
  return revoked.length > 0
}

/** Revokes every live token of a user (after a password change or reset); returns their ids. */
export async function revokeUserTokens(db: AppKysely, userId: string): Promise<string[]> {
  const revoked = await db
    .updateTable('apiTokens')
    .set({ revokedAt: Date.now() })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .returning('id')
    .execute()
  return revoked.map((row) => row.id)
}

// ---- Accounts ----

/** Changes the signed-in user's own profile (display name, language). */
export async function updateProfile(
  db: AppKysely,
  userId: string,
  changes: UpdateMeBody,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updatedAt: Date.now() })
    .where('id', '=', userId)
    .execute()
}

/** Sets a user's password (stored as its argon2id hash). */
export async function setPassword(db: AppKysely, userId: string, password: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ passwordHash: await hashPassword(password), updatedAt: Date.now() })
    .where('id', '=', userId)
    .execute()
}

/**
 * Creates an account in `schoolId` (without a password: NO_PASSWORD_HASH, waiting for a
 * one-time link); returns its id, or 409 when the username or phone is taken.
 */
export async function createUser(
  db: AppKysely,
  fields: CreateUserBody & { schoolId: string },
): Promise<string> {
  const id = newId()
  const now = Date.now()
  const passwordHash = fields.password ? await hashPassword(fields.password) : NO_PASSWORD_HASH
  await uniqueAccount(() =>
    db
      .insertInto('users')
      .values({
        id,
        username: fields.username,
        displayName: fields.displayName,
        schoolId: fields.schoolId,
        role: fields.role,
        language: fields.language,
        passwordHash,
        phone: fields.phone ?? null,
        email: fields.email ?? null,
        subject: fields.subject ?? '',
        grade: fields.grade ?? '',
        createdAt: now,
        updatedAt: now,
      })
      .execute(),
  )
  return id
}

/** Takes away an account's password (NO_PASSWORD_HASH): only a one-time link signs it in. */
export async function clearPassword(db: AppKysely, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ passwordHash: NO_PASSWORD_HASH, updatedAt: Date.now() })
    .where('id', '=', userId)
    .execute()
}

/**
 * An administrator's change of an account (name, role, disabled, a new password, contact and
 * roster fields, its school); 409 when the phone belongs to another account.
 */
export async function updateUser(
  db: AppKysely,
  userId: string,
  changes: UpdateUserBody,
): Promise<void> {
  const { password, disabled, ...rest } = changes
  const passwordHash = password ? await hashPassword(password) : undefined
  await uniqueAccount(() =>
    db
      .updateTable('users')
      .set({
        ...rest,
        ...(disabled === undefined ? {} : { disabled: disabled ? 1 : 0 }),
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: Date.now(),
      })
      .where('id', '=', userId)
      .execute(),
  )
}

// ---- Schools ----

/** Creates a school; returns its id, or 409 when the name is taken. */
export async function createSchool(db: AppKysely, name: string): Promise<string> {
  const id = newId()
  await unique('A school with this name exists', () =>
    db.insertInto('schools').values({ id, name, createdAt: Date.now() }).execute(),
  )
  return id
}

/** Renames a school; false when there is no such school, 409 when the name is taken. */
export async function renameSchool(
  db: AppKysely,
  schoolId: string,
  name: string,
): Promise<boolean> {
  const renamed = await unique('A school with this name exists', () =>
    db.updateTable('schools').set({ name }).where('id', '=', schoolId).returning('id').execute(),
  )
  return renamed.length > 0
}

/** Archives (now) or restores a school; false when there is no such school. */
export async function setSchoolArchived(
  db: AppKysely,
  schoolId: string,
  archived: boolean,
): Promise<boolean> {
  const changed = await db
    .updateTable('schools')
    .set({ archivedAt: archived ? Date.now() : null })
    .where('id', '=', schoolId)
    .returning('id')
    .execute()
  return changed.length > 0
}

// ---- Groups and memberships ----

/** Creates a teaching-research group; returns its id. */
export async function createGroup(db: AppKysely, fields: CreateGroupBody): Promise<string> {
  const id = newId()
  await db
    .insertInto('groups')
    .values({ id, ...fields, createdAt: Date.now() })
    .execute()
  return id
}

/**
 * Changes a group's name, subject, grade or term, and archives it (`archived: true`, stamping
 * the time) or restores it (`archived: false`).
 */
export async function updateGroup(
  db: AppKysely,
  groupId: string,
  changes: UpdateGroupBody,
): Promise<void> {
  // As before: a change of nothing is an error, not a statement without a SET list.
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new Error('No values to set')
  }
  const { archived, ...fields } = changes
  await db
    .updateTable('groups')
    .set({
      ...fields,
      ...(archived === undefined ? {} : { archivedAt: archived ? Date.now() : null }),
    })
    .where('id', '=', groupId)
    .execute()
}

/** Deletes a group (its memberships go with it). */
export async function deleteGroup(db: AppKysely, groupId: string): Promise<void> {
  await db.deleteFrom('groups').where('id', '=', groupId).execute()
}

/** Makes a user a member of a group with `role`, or changes their role. */
export async function setMembership(
  db: AppKysely,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<void> {
  await db
    .insertInto('groupMembers')
    .values({ groupId, userId, role, createdAt: Date.now() })
    .onConflict((onConflict) => onConflict.columns(['groupId', 'userId']).doUpdateSet({ role }))
    .execute()
}

/** Removes a user from a group; false when they were not a member. */
export async function removeMembership(
  db: AppKysely,
  groupId: string,
  userId: string,
): Promise<boolean> {
  const removed = await db
    .deleteFrom('groupMembers')
    .where('groupId', '=', groupId)
    .where('userId', '=', userId)
    .returning('userId')
    .execute()
  return removed.length > 0
}
