import { type AffiliationStatus, affiliationStatus } from '../../../shared/identity/affiliations.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DayRange } from './affiliationPolicy.ts'

/** An exchange affiliation as the admin console lists it. */
export interface AffiliationInfo {
  id: string
  userId: string
  username: string
  displayName: string
  homeSchoolId: string
  homeSchoolName: string
  hostSchoolId: string
  hostSchoolName: string
  startsOn: string
  endsOn: string
  status: AffiliationStatus
  createdAt: number
}

/** Affiliations joined with their teacher and both schools. */
function selectAffiliations(db: AppKysely) {
  return db
    .selectFrom('schoolAffiliations')
    .innerJoin('users', 'users.id', 'schoolAffiliations.userId')
    .innerJoin('schools as home', 'home.id', 'users.schoolId')
    .innerJoin('schools as host', 'host.id', 'schoolAffiliations.schoolId')
    .select([
      'schoolAffiliations.id',
      'schoolAffiliations.userId',
      'users.username',
      'users.displayName',
      'users.schoolId as homeSchoolId',
      'home.name as homeSchoolName',
      'schoolAffiliations.schoolId as hostSchoolId',
      'host.name as hostSchoolName',
      'schoolAffiliations.startsOn',
      'schoolAffiliations.endsOn',
      'schoolAffiliations.createdAt',
    ])
}

/** Filters of the affiliation list. */
export interface AffiliationFilter {
  /** Only affiliations whose home or host school is this one (a school admin's own scope). */
  scopeSchoolId: string | null
  /** Only affiliations whose home or host school is this one (the filter the admin picked). */
  schoolId?: string | undefined
  status?: AffiliationStatus | undefined
}

/** The affiliations matching `filter`, with their status on `today`; latest start first. */
export async function listAffiliations(
  db: AppKysely,
  filter: AffiliationFilter,
  today: string,
): Promise<AffiliationInfo[]> {
  let query = selectAffiliations(db)
  for (const schoolId of [filter.scopeSchoolId, filter.schoolId ?? null]) {
    if (schoolId === null) continue
    query = query.where((eb) =>
      eb.or([
        eb('users.schoolId', '=', schoolId),
        eb('schoolAffiliations.schoolId', '=', schoolId),
      ]),
    )
  }
  if (filter.status === 'active') {
    query = query
      .where('schoolAffiliations.startsOn', '<=', today)
      .where('schoolAffiliations.endsOn', '>=', today)
  } else if (filter.status === 'upcoming') {
    query = query.where('schoolAffiliations.startsOn', '>', today)
  } else if (filter.status === 'ended') {
    query = query.where('schoolAffiliations.endsOn', '<', today)
  }
  const rows = await query
    .orderBy('schoolAffiliations.startsOn', 'desc')
    .orderBy('users.username', 'asc')
    .execute()
  return rows.map((row) => ({ ...row, status: affiliationStatus(row, today) }))
}

/** One affiliation with its teacher and schools; null if unknown. */
export async function findAffiliation(
  db: AppKysely,
  affiliationId: string,
  today: string,
): Promise<AffiliationInfo | null> {
  const row = await selectAffiliations(db)
    .where('schoolAffiliations.id', '=', affiliationId)
    .executeTakeFirst()
  return row ? { ...row, status: affiliationStatus(row, today) } : null
}

/** The day ranges of a teacher's affiliations to one school, leaving out `exceptId`. */
export async function affiliationRangesAt(
  db: AppKysely,
  userId: string,
  schoolId: string,
  exceptId: string | null,
): Promise<DayRange[]> {
  let query = db
    .selectFrom('schoolAffiliations')
    .select(['startsOn', 'endsOn'])
    .where('userId', '=', userId)
    .where('schoolId', '=', schoolId)
  if (exceptId !== null) query = query.where('id', '!=', exceptId)
  return query.execute()
}

/** The host schools of a user's affiliations active on `today` (ends included). */
export async function activeHostSchoolIds(
  db: AppKysely,
  userId: string,
  today: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('schoolAffiliations')
    .select('schoolId')
    .distinct()
    .where('userId', '=', userId)
    .where('startsOn', '<=', today)
    .where('endsOn', '>=', today)
    .orderBy('schoolId', 'asc')
    .execute()
  return rows.map((row) => row.schoolId)
}

/**
 * The users whose access changed when the day moved from `previousDay` to `today`: an
 * affiliation started on a day in (previousDay, today], or ended on a day in [previousDay,
 * today). With no previous day (the server just started), those starting today or ending
 * yesterday.
 */
export async function usersWithAffiliationChanges(
  db: AppKysely,
  previousDay: string,
  today: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('schoolAffiliations')
    .select('userId')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('startsOn', '>', previousDay), eb('startsOn', '<=', today)]),
        eb.and([eb('endsOn', '>=', previousDay), eb('endsOn', '<', today)]),
      ]),
    )
    .execute()
  return rows.map((row) => row.userId)
}

/** Whether a school exists and is archived; null if there is no such school. */
export async function schoolArchived(db: AppKysely, schoolId: string): Promise<boolean | null> {
  const row = await db
    .selectFrom('schools')
    .select('archivedAt')
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return row ? row.archivedAt !== null : null
}
