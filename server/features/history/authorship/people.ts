import type { HistoryPerson } from '../../../../shared/history/versionApi.ts'
import type { AppKysely } from '../../../db/kysely.ts'

/** The people with these user ids, with their school, by id (unknown ids are left out). */
export async function loadPeople(
  db: AppKysely,
  userIds: Iterable<string>,
): Promise<Map<string, HistoryPerson>> {
  const ids = [...new Set(userIds)].filter((id) => id !== '')
  const people = new Map<string, HistoryPerson>()
  if (ids.length === 0) return people
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'users.id as id',
      'users.displayName as displayName',
      'users.schoolId as schoolId',
      'schools.name as schoolName',
    ])
    .where('users.id', 'in', ids)
    .execute()
  for (const row of rows) people.set(row.id, row)
  return people
}

/** The names of these schools, by id. */
export async function loadSchoolNames(
  db: AppKysely,
  schoolIds: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(schoolIds)].filter((id) => id !== '')
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('schools')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((row) => [row.id, row.name]))
}
