import type { AppKysely } from '../../db/kysely.ts'
import type { DayRange } from './affiliationPolicy.ts'
import { newId } from './crypto.ts'

/** Stores a new affiliation of `userId` to the host school `schoolId`; returns its id. */
export async function createAffiliation(
  db: AppKysely,
  fields: DayRange & { userId: string; schoolId: string; createdBy: string },
): Promise<string> {
  const id = newId()
  await db
    .insertInto('schoolAffiliations')
    .values({ id, ...fields, createdAt: Date.now() })
    .execute()
  return id
}

/** Changes an affiliation's days. */
export async function updateAffiliationDays(
  db: AppKysely,
  affiliationId: string,
  days: DayRange,
): Promise<void> {
  await db.updateTable('schoolAffiliations').set(days).where('id', '=', affiliationId).execute()
}

/** Deletes an affiliation. */
export async function deleteAffiliation(db: AppKysely, affiliationId: string): Promise<void> {
  await db.deleteFrom('schoolAffiliations').where('id', '=', affiliationId).execute()
}
