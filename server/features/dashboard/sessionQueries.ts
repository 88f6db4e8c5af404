import { sql } from 'kysely'
import type { SessionDrillRow, SessionsAnswer } from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { allSchools, type DashboardScope, planInScope, schoolNamer } from './scope.ts'

/** Sessions held on plans in scope. */
function scopedSessions(kdb: AppKysely, scope: DashboardScope) {
  return kdb
    .selectFrom('prepSessions')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(planInScope(scope))
}

/** The attendances of sessions in scope: distinct (session, person) pairs, as `a`. */
function attendancePairs(kdb: AppKysely, scope: DashboardScope) {
  return kdb
    .selectFrom('sessionAttendance')
    .innerJoin('prepSessions', 'prepSessions.id', 'sessionAttendance.sessionId')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(planInScope(scope))
    .select(['sessionAttendance.sessionId', 'sessionAttendance.userId'])
    .distinct()
    .as('a')
}

/** Sessions held on plans in scope, and how many of them ended. */
export async function heldSessions(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<{ sessions: number; ended: number }> {
  const held = await scopedSessions(kdb, scope)
    .select((eb) => [
      eb.fn.countAll<number>().as('sessions'),
      eb.fn.count<number>('prepSessions.endedAt').as('ended'),
    ])
    .executeTakeFirst()
  return { sessions: Number(held?.sessions ?? 0), ended: Number(held?.ended ?? 0) }
}

/**
 * The attendances in scope, all schools together: the sum of `attendanceBySchool` (every
 * attendee is a user, by the foreign key, so no join to users is needed).
 */
export async function attendanceTotal(kdb: AppKysely, scope: DashboardScope): Promise<number> {
  const row = await kdb
    .selectFrom(attendancePairs(kdb, scope))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The session figures: sessions held, attendance and speaking turns by school. */
export async function sessionFigures(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<Omit<SessionsAnswer, 'ok'>> {
  const nameOf = schoolNamer(await allSchools(kdb))
  const held = await heldSessions(kdb, scope)
  // Attendances per person first: the join to users then reads one row per person.
  const perPerson = kdb
    .selectFrom(attendancePairs(kdb, scope))
    .select((eb) => ['a.userId', eb.fn.countAll<number>().as('n')])
    .groupBy('a.userId')
    .as('p')
  const attendance = await kdb
    .selectFrom(perPerson)
    .innerJoin('users', 'users.id', 'p.userId')
    .select((eb) => [
      'users.schoolId',
      eb.fn.sum<number>('p.n').as('count'),
      eb.fn.countAll<number>().as('people'),
    ])
    .groupBy('users.schoolId')
    .orderBy('users.schoolId')
    .execute()
  const turns = await scopedSessions(kdb, scope)
    .innerJoin('sessionTurns', 'sessionTurns.sessionId', 'prepSessions.id')
    .select((eb) => ['sessionTurns.schoolId', eb.fn.countAll<number>().as('count')])
    .groupBy('sessionTurns.schoolId')
    .orderBy('sessionTurns.schoolId')
    .execute()
  return {
    ...held,
    attendanceBySchool: attendance.map((row) => ({
      schoolId: row.schoolId,
      schoolName: nameOf(row.schoolId),
      count: Number(row.count),
      people: Number(row.people),
    })),
    turnsBySchool: turns.map((row) => ({
      schoolId: row.schoolId,
      schoolName: nameOf(row.schoolId),
      count: Number(row.count),
    })),
  }
}

/** The sessions behind the figures, latest first (optionally those a school attended / spoke in). */
export async function sessionList(
  kdb: AppKysely,
  scope: DashboardScope,
  filter: { attendeeSchool?: string | undefined; speakerSchool?: string | undefined },
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: SessionDrillRow[] }> {
  const nameOf = schoolNamer(await allSchools(kdb))
  let query = scopedSessions(kdb, scope)
  if (filter.attendeeSchool !== undefined) {
    const school = filter.attendeeSchool
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('sessionAttendance')
          .innerJoin('users', 'users.id', 'sessionAttendance.userId')
          .whereRef('sessionAttendance.sessionId', '=', 'prepSessions.id')
          .where('users.schoolId', '=', school)
          .select('sessionAttendance.id'),
      ),
    )
  }
  if (filter.speakerSchool !== undefined) {
    const school = filter.speakerSchool
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('sessionTurns')
          .whereRef('sessionTurns.sessionId', '=', 'prepSessions.id')
          .where('sessionTurns.schoolId', '=', school)
          .select('sessionTurns.id'),
      ),
    )
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await query
    .leftJoin('groups', 'groups.id', 'prepSessions.groupId')
    .select((eb) => [
      'prepSessions.id as sessionId',
      'documents.id as documentId',
      'documents.title as planTitle',
      'prepSessions.groupId',
      'groups.name as groupName',
      'documents.schoolId',
      'prepSessions.startedAt',
      'prepSessions.endedAt',
      eb
        .selectFrom('sessionAttendance')
        .whereRef('sessionAttendance.sessionId', '=', 'prepSessions.id')
        .select(sql<number>`count(distinct ${sql.ref('sessionAttendance.userId')})`.as('n'))
        .as('attendees'),
      eb
        .selectFrom('sessionTurns')
        .whereRef('sessionTurns.sessionId', '=', 'prepSessions.id')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('turns'),
    ])
    .orderBy('prepSessions.startedAt', 'desc')
    .orderBy('prepSessions.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((row) => ({
      sessionId: row.sessionId,
      documentId: row.documentId,
      planTitle: row.planTitle,
      groupId: row.groupId,
      groupName: row.groupName,
      schoolId: row.schoolId,
      schoolName: nameOf(row.schoolId),
      startedAt: Number(row.startedAt),
      endedAt: row.endedAt === null ? null : Number(row.endedAt),
      attendees: Number(row.attendees ?? 0),
      turns: Number(row.turns ?? 0),
    })),
  }
}
