import { recordAudit } from '../../audit.ts'
import type { SqlExecutor } from '../../db/executor.ts'
import { inTransaction } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError } from '../../domainError.ts'
import { deleteUserSessions, setPassword } from './commands.ts'
import { newId } from './crypto.ts'
import { anyUserExists } from './firstRun.ts'
import { consumeOneTimeLink, findLiveOneTimeLink } from './oneTimeLinks.ts'
import { hashPassword } from './passwords.ts'
import type { LinkRedeemBody, SetupBody } from './schema.ts'

/** The one error of every unusable link: unknown, used, expired, of another purpose. */
function linkInvalid(): DomainError {
  return new DomainError('link_invalid', 'This link is invalid, used or expired')
}

/** The live sign-in link's account (not disabled) with this secret; 410 otherwise. */
async function liveSignInAccount(
  db: AppKysely,
  token: string,
): Promise<{
  linkId: string
  userId: string
  username: string
  displayName: string
  schoolId: string
}> {
  const link = await findLiveOneTimeLink(db, token)
  if (link?.purpose !== 'sign_in' || link.userId === null) throw linkInvalid()
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'schoolId', 'disabled'])
    .where('id', '=', link.userId)
    .executeTakeFirst()
  if (user?.disabled !== 0) throw linkInvalid()
  return {
    linkId: link.id,
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    schoolId: user.schoolId,
  }
}

/** Whom a sign-in link signs in (it stays unused); 410 for an unusable link. */
export async function inspectSignInLink(
  db: AppKysely,
  token: string,
): Promise<{ username: string; displayName: string }> {
  const { username, displayName } = await liveSignInAccount(db, token)
  return { username, displayName }
}

/**
 * Redeems a sign-in link in one transaction: consumes it, sets the chosen password and deletes
 * the account's sessions. Returns the user id and the deleted session ids (to close sockets).
 */
export async function redeemSignInLink(
  executor: SqlExecutor,
  body: LinkRedeemBody,
  ip: string,
): Promise<{ userId: string; deletedSessions: string[] }> {
  return inTransaction(executor, async (ktx) => {
    const account = await liveSignInAccount(ktx, body.token)
    if (!(await consumeOneTimeLink(ktx, account.linkId))) throw linkInvalid()
    await setPassword(ktx, account.userId, body.password)
    const deletedSessions = await deleteUserSessions(ktx, account.userId)
    await recordAudit(ktx, {
      actorId: account.userId,
      action: 'sign_in_link_used',
      targetType: 'user',
      targetId: account.userId,
      schoolId: account.schoolId,
      ip,
    })
    return { userId: account.userId, deletedSessions }
  })
}

/**
 * The first-run set-up in one transaction: checks and consumes the set-up link, writes the
 * alliance, its first school and its first alliance admin. Returns the admin's id.
 */
export async function completeSetup(
  executor: SqlExecutor,
  body: SetupBody,
  ip: string,
): Promise<string> {
  const passwordHash = await hashPassword(body.password)
  return inTransaction(executor, async (ktx) => {
    const link = await findLiveOneTimeLink(ktx, body.token)
    if (link?.purpose !== 'setup') throw linkInvalid()
    if (await anyUserExists(ktx)) {
      throw new DomainError('already_set_up', 'The alliance is already set up')
    }
    if (!(await consumeOneTimeLink(ktx, link.id))) throw linkInvalid()
    const now = Date.now()
    await ktx
      .insertInto('alliance')
      .values({ id: 1, name: body.allianceName, createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: body.allianceName, updatedAt: now }))
      .execute()
    let school = await ktx
      .selectFrom('schools')
      .select('id')
      .where('name', '=', body.schoolName)
      .executeTakeFirst()
    if (!school) {
      school = { id: newId() }
      await ktx
        .insertInto('schools')
        .values({ id: school.id, name: body.schoolName, createdAt: now })
        .execute()
    }
    const userId = newId()
    await ktx
      .insertInto('users')
      .values({
        id: userId,
        username: body.username,
        displayName: body.displayName,
        schoolId: school.id,
        role: 'alliance_admin',
        language: 'zh-CN',
        passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await recordAudit(ktx, {
      actorId: userId,
      action: 'alliance_created',
      targetType: 'alliance',
      targetId: '1',
      schoolId: school.id,
      ip,
      details: { alliance: body.allianceName, school: body.schoolName, username: body.username },
    })
    return userId
  })
}

/** The alliance's name; null before the set-up (or on a demo database seeded before it existed). */
export async function loadAlliance(db: AppKysely): Promise<{ name: string } | null> {
  const row = await db.selectFrom('alliance').select('name').where('id', '=', 1).executeTakeFirst()
  return row ?? null
}
