import { and, eq, inArray } from 'drizzle-orm'
import type { GroupRole, PersonRef } from '../../shared/domain.ts'
import { groupMembers, schools, users } from '../db/schema.ts'
import type { SqliteDb } from '../db/sqlite.ts'

/** Name and school of each of these users, by id (unknown ids are left out). */
export function personRefs(db: SqliteDb, ids: Iterable<string>): Map<string, PersonRef> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = db
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
export function groupMemberIds(
  db: SqliteDb,
  groupId: string,
  roles: readonly GroupRole[] = ['lead', 'member'],
): string[] {
  return db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.role, [...roles])))
    .all()
    .map((row) => row.userId)
}
