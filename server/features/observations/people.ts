/** People as the 听评课 API shows them (name and school). */
import type { PersonRef } from '../../../shared/domain.ts'
import { containsInsensitive } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'

/** A person with their school, for checks (id, school, role, disabled). */
export interface PersonRow extends PersonRef {
  schoolId: string
  disabled: boolean
}

/** The people of these ids that exist, by id. */
export async function peopleByIds(
  db: AppKysely,
  ids: Iterable<string>,
): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(ids)]
  const people = new Map<string, PersonRow>()
  if (unique.length === 0) return people
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'users.id',
      'users.displayName',
      'users.schoolId',
      'users.disabled',
      'schools.name as schoolName',
    ])
    .where('users.id', 'in', unique)
    .execute()
  for (const row of rows) {
    people.set(row.id, {
      id: row.id,
      displayName: row.displayName,
      schoolName: row.schoolName,
      schoolId: row.schoolId,
      disabled: row.disabled !== 0,
    })
  }
  return people
}

/** The public part of a person. */
export function personRef(person: PersonRow): PersonRef {
  return { id: person.id, displayName: person.displayName, schoolName: person.schoolName }
}

/** Active accounts whose name or username contains `q` (all when empty), at most `limit`. */
export async function searchPeople(db: AppKysely, q: string, limit: number): Promise<PersonRef[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id', 'users.displayName', 'schools.name as schoolName'])
    .where('users.disabled', '=', 0)
    .$if(q !== '', (query) =>
      query.where((eb) =>
        eb.or([
          containsInsensitive(db, eb.ref('users.displayName'), q),
          containsInsensitive(db, eb.ref('users.username'), q),
        ]),
      ),
    )
    .orderBy('users.displayName')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    schoolName: row.schoolName,
  }))
}
