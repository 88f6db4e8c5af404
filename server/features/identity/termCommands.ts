import type { AppKysely } from '../../db/kysely.ts'
import { badRequest } from '../../domainError.ts'
import { newId } from './crypto.ts'
import { activeGroupsOfTerm, findTermGroup, type TermGroup } from './termQueries.ts'

/** What a term rollover did. */
export interface RolloverResult {
  /** Old group id → the id of its copy in the new term. */
  groups: Array<{ fromId: string; toId: string; name: string }>
  /** How many memberships were copied. */
  members: number
}

/** The group `groupId` if it is an active group of `term`; otherwise a 400. */
async function groupToCarry(db: AppKysely, groupId: string, term: string): Promise<TermGroup> {
  const group = await findTermGroup(db, groupId)
  if (!group || group.term !== term || group.archivedAt !== null) {
    throw badRequest(`groupIds: ${groupId} is not an active group of the term ${term}`)
  }
  return group
}

/**
 * Rolls a term over (学期切换): each active group of `fromTerm` (or only `groupIds`, which must
 * be active groups of that term) gets a copy in `toTerm` with the same name, subject, grade,
 * members and roles, and is archived itself. Run it inside one transaction (`ktx`): groups are
 * checked one by one as they are copied, so a bad id rolls back the copies made before it.
 */
export async function rolloverTerm(
  ktx: AppKysely,
  request: { fromTerm: string; toTerm: string; groupIds?: string[] | undefined },
): Promise<RolloverResult> {
  const now = Date.now()
  const result: RolloverResult = { groups: [], members: 0 }
  const ids = request.groupIds
    ? [...new Set(request.groupIds)]
    : (await activeGroupsOfTerm(ktx, request.fromTerm)).map((group) => group.id)
  for (const groupId of ids) {
    const group = await groupToCarry(ktx, groupId, request.fromTerm)
    const toId = newId()
    await ktx
      .insertInto('groups')
      .values({
        id: toId,
        name: group.name,
        subject: group.subject,
        grade: group.grade,
        term: request.toTerm,
        createdAt: now,
      })
      .execute()
    const members = await ktx
      .selectFrom('groupMembers')
      .select(['userId', 'role'])
      .where('groupId', '=', group.id)
      .execute()
    if (members.length > 0) {
      await ktx
        .insertInto('groupMembers')
        .values(
          members.map((m) => ({ groupId: toId, userId: m.userId, role: m.role, createdAt: now })),
        )
        .execute()
    }
    await ktx.updateTable('groups').set({ archivedAt: now }).where('id', '=', group.id).execute()
    result.groups.push({ fromId: group.id, toId, name: group.name })
    result.members += members.length
  }
  return result
}
