import type { GroupRole } from '../../../shared/domain.ts'
import { containsInsensitive } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { GroupRow } from '../../db/schema.ts'
import type { GroupScope } from './policy.ts'
import { groupScopeCondition } from './queries.ts'
import type { ListGroupsQuery } from './schema.ts'

/** A group as the admin list shows it: its row, how many members it has, and their schools. */
export interface GroupListItem extends GroupRow {
  memberCount: number
  schools: Array<{ id: string; name: string }>
}

/** The groups within a scope, filtered by archive state and term, oldest first. */
export async function listGroupItems(
  db: AppKysely,
  scope: GroupScope,
  filter: ListGroupsQuery,
): Promise<GroupListItem[]> {
  let query = db
    .selectFrom('groups')
    .selectAll()
    .where((eb) => groupScopeCondition(eb, scope))
  if (filter.archived === 'exclude') query = query.where('archivedAt', 'is', null)
  if (filter.archived === 'only') query = query.where('archivedAt', 'is not', null)
  if (filter.term !== undefined) query = query.where('term', '=', filter.term)
  const groups = await query.orderBy('createdAt', 'asc').execute()
  if (groups.length === 0) return []
  const members = await db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['groupMembers.groupId', 'schools.id as schoolId', 'schools.name as schoolName'])
    .where(
      'groupMembers.groupId',
      'in',
      groups.map((group) => group.id),
    )
    .orderBy('schools.name', 'asc')
    .execute()
  return groups.map((group) => {
    const mine = members.filter((member) => member.groupId === group.id)
    const schools = new Map<string, string>()
    for (const member of mine) schools.set(member.schoolId, member.schoolName)
    return {
      ...group,
      memberCount: mine.length,
      schools: [...schools].map(([id, name]) => ({ id, name })),
    }
  })
}

/** An account the member picker offers for a group. */
export interface GroupCandidate {
  id: string
  displayName: string
  username: string
  schoolId: string
  schoolName: string
  subject: string
  /** The account's role in the group, null when not a member yet. */
  memberRole: GroupRole | null
}

/** How many accounts the member picker offers at most. */
export const CANDIDATE_LIMIT = 20

/**
 * Enabled accounts of every school whose display name or username contains `q` (LIKE wildcards
 * in `q` match literally), by display name, at most {@link CANDIDATE_LIMIT}; each says whether
 * it is already a member of `groupId`.
 */
export async function listGroupCandidates(
  db: AppKysely,
  groupId: string,
  q: string,
): Promise<GroupCandidate[]> {
  let query = db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .leftJoin('groupMembers', (join) =>
      join.onRef('groupMembers.userId', '=', 'users.id').on('groupMembers.groupId', '=', groupId),
    )
    .select([
      'users.id',
      'users.displayName',
      'users.username',
      'users.schoolId',
      'schools.name as schoolName',
      'users.subject',
      'groupMembers.role as memberRole',
    ])
    .where('users.disabled', '=', 0)
  if (q !== '') {
    query = query.where((eb) =>
      eb.or([
        containsInsensitive(db, eb.ref('users.displayName'), q),
        containsInsensitive(db, eb.ref('users.username'), q),
      ]),
    )
  }
  return query
    .orderBy('users.displayName', 'asc')
    .orderBy('users.username', 'asc')
    .limit(CANDIDATE_LIMIT)
    .execute()
}
