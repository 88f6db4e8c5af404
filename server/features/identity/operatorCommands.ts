import { oneTimeLinkUrl } from '../../../shared/identity/oneTimeLinks.ts'
import { recordAudit } from '../../audit.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { deleteUserSessions, revokeUserTokens } from './commands.ts'
import { newId } from './crypto.ts'
import { createOneTimeLink } from './oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from './passwords.ts'

/** The school a new operator-made admin joins when no `--school` is given and none exists. */
export const DEFAULT_SCHOOL_NAME = '教联体'

/** What the operator asked `create-admin` for. */
export interface CreateAdminRequest {
  username: string
  displayName?: string
  schoolName?: string
}

/** What an operator command did, and the one-time sign-in link it made. */
export interface OperatorResult {
  userId: string
  username: string
  /** `created`: a new account; `promoted`: an existing one became alliance admin; `reset`. */
  outcome: 'created' | 'promoted' | 'already_admin' | 'reset'
  link: string
  expiresAt: number
  /** Session ids deleted (reset-password). */
  deletedSessions: string[]
}

/** An operator's error: unknown user, bad username, unknown school. */
export class OperatorError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

/** The school named `name` (made if missing), or else the first school (made if none). */
async function schoolFor(ktx: AppKysely, name: string | undefined, now: number): Promise<string> {
  let query = ktx.selectFrom('schools').select('id').orderBy('createdAt').orderBy('id')
  if (name) query = query.where('name', '=', name)
  const found = await query.executeTakeFirst()
  if (found) return found.id
  const id = newId()
  await ktx
    .insertInto('schools')
    .values({ id, name: name ?? DEFAULT_SCHOOL_NAME, createdAt: now })
    .execute()
  return id
}

/**
 * `create-admin`: creates an alliance admin without a password (or promotes an existing
 * account) and returns a one-time sign-in link to it, all in one transaction; audited with
 * no actor and `via: 'cli'`.
 */
export async function createAdminAccount(
  executor: SqlExecutor,
  request: CreateAdminRequest,
  origin: string,
): Promise<OperatorResult> {
  const username = request.username.trim().toLowerCase()
  if (!USERNAME.test(username)) {
    throw new OperatorError(
      `"${request.username}" is not a valid username (3–64 lowercase letters, digits, ".", "_", "-")`,
    )
  }
  return inTransaction(executor, async (ktx) => {
    const now = Date.now()
    const existing = await ktx
      .selectFrom('users')
      .select(['id', 'role', 'schoolId'])
      .where('username', '=', username)
      .executeTakeFirst()
    let userId: string
    let schoolId: string
    let outcome: OperatorResult['outcome']
    if (existing) {
      userId = existing.id
      schoolId = existing.schoolId
      outcome = existing.role === 'alliance_admin' ? 'already_admin' : 'promoted'
      await ktx
        .updateTable('users')
        .set({ role: 'alliance_admin', updatedAt: now })
        .where('id', '=', userId)
        .execute()
    } else {
      schoolId = await schoolFor(ktx, request.schoolName, now)
      userId = newId()
      outcome = 'created'
      await ktx
        .insertInto('users')
        .values({
          id: userId,
          username,
          displayName: request.displayName?.trim() || username,
          schoolId,
          role: 'alliance_admin',
          language: 'zh-CN',
          passwordHash: NO_PASSWORD_HASH,
          createdAt: now,
          updatedAt: now,
        })
        .execute()
    }
    const { secret, expiresAt } = await createOneTimeLink(ktx, {
      purpose: 'sign_in',
      userId,
      createdBy: null,
    })
    await recordAudit(ktx, {
      actorId: null,
      action: outcome === 'created' ? 'user_created' : 'user_updated',
      targetType: 'user',
      targetId: userId,
      schoolId,
      details: { via: 'cli', username, role: 'alliance_admin', outcome },
    })
    return {
      userId,
      username,
      outcome,
      link: oneTimeLinkUrl(origin, 'sign_in', secret),
      expiresAt,
      deletedSessions: [],
    }
  })
}

/**
 * `reset-password`: removes the password, deletes the sessions, revokes the API tokens and
 * returns a fresh one-time sign-in link, in one transaction; audited with `via: 'cli'`.
 */
export async function resetAccountPassword(
  executor: SqlExecutor,
  rawUsername: string,
  origin: string,
): Promise<OperatorResult> {
  const username = rawUsername.trim().toLowerCase()
  return inTransaction(executor, async (ktx) => {
    const user = await ktx
      .selectFrom('users')
      .select(['id', 'schoolId'])
      .where('username', '=', username)
      .executeTakeFirst()
    if (!user) throw new OperatorError(`There is no account "${rawUsername}"`)
    await ktx
      .updateTable('users')
      .set({ passwordHash: NO_PASSWORD_HASH, updatedAt: Date.now() })
      .where('id', '=', user.id)
      .execute()
    const deletedSessions = await deleteUserSessions(ktx, user.id)
    const revokedTokens = await revokeUserTokens(ktx, user.id)
    const { secret, expiresAt } = await createOneTimeLink(ktx, {
      purpose: 'sign_in',
      userId: user.id,
      createdBy: null,
    })
    await recordAudit(ktx, {
      actorId: null,
      action: 'password_reset',
      targetType: 'user',
      targetId: user.id,
      schoolId: user.schoolId,
      details: {
        via: 'cli',
        username,
        sessions: deletedSessions.length,
        tokens: revokedTokens.length,
      },
    })
    return {
      userId: user.id,
      username,
      outcome: 'reset',
      link: oneTimeLinkUrl(origin, 'sign_in', secret),
      expiresAt,
      deletedSessions,
    }
  })
}
