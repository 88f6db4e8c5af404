import type { AppKysely } from '../../../db/kysely.ts'
import type { ImportSchool } from './validateRows.ts'

/** Values per `IN (…)` list, well under both engines' parameter limits. */
const LOOKUP_CHUNK = 500

/** Every school by its exact name (archived ones too: a row naming one gets a problem). */
export async function loadSchoolsByName(db: AppKysely): Promise<Map<string, ImportSchool>> {
  const rows = await db.selectFrom('schools').select(['id', 'name', 'archivedAt']).execute()
  return new Map(
    rows.map((row) => [
      row.name.trim(),
      { id: row.id, name: row.name, archived: row.archivedAt !== null },
    ]),
  )
}

/** The accounts behind the given usernames and phones (each map holds only those that exist). */
export async function loadAccountsByIdentifiers(
  db: AppKysely,
  identifiers: { usernames: readonly string[]; phones: readonly string[] },
): Promise<{ userIdByUsername: Map<string, string>; userIdByPhone: Map<string, string> }> {
  const userIdByUsername = new Map<string, string>()
  const userIdByPhone = new Map<string, string>()
  for (let start = 0; start < identifiers.usernames.length; start += LOOKUP_CHUNK) {
    const chunk = identifiers.usernames.slice(start, start + LOOKUP_CHUNK)
    const rows = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', chunk)
      .execute()
    for (const row of rows) userIdByUsername.set(row.username, row.id)
  }
  for (let start = 0; start < identifiers.phones.length; start += LOOKUP_CHUNK) {
    const chunk = identifiers.phones.slice(start, start + LOOKUP_CHUNK)
    const rows = await db
      .selectFrom('users')
      .select(['id', 'phone'])
      .where('phone', 'in', chunk)
      .execute()
    for (const row of rows) if (row.phone) userIdByPhone.set(row.phone, row.id)
  }
  return { userIdByUsername, userIdByPhone }
}
