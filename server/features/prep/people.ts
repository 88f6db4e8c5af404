import { and, eq, inArray } from 'drizzle-orm'
import type { GroupRole, PersonRef } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { groupMembers, schools, users } from '../../db/schema.ts'

/** Name and school of each of these users, by id (unknown ids are left out). */
export async function personRefs(
  db: AppDb,
  ids: Iterable<string>,
): Promise<Map<string, PersonRef>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, schoolName: schools.name })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(inArray(users.id, unique))
    .all()
  return new Map(rows.map((row) => [row.id, row]))
}

/** The person with this id, or a placeholder when the account is gone. */
export function personOf(people: ReadonlyMap<string, PersonRef>, id: string): PersonRef {
  return people.get(id) ?? { id, displayName: '?', schoolName: '' }
}

/** Ids of the group's members with one of these roles. */
export async function groupMemberIds(
  db: AppDb,
  groupId: string,
  roles: readonly GroupRole[] = ['lead', 'member'],
): Promise<string[]> {
  return (
    await db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.role, [...roles])))
      .all()
  ).map((row) => row.userId)
}
