import { type RawBuilder, sql } from 'kysely'
import type { TermPoint, WeekPoint } from '../../../shared/dashboard/dashboardApi.ts'
import { weekOf } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { termsInScope } from './balanceQueries.ts'
import { commentTotals } from './crossSchoolQueries.ts'
import { scopedAdaptations } from './flowQueries.ts'
import { ALLIANCE_UTC_OFFSET_MINUTES, taskCounts } from './preparationQueries.ts'
import { type DashboardScope, planInScope, ratio, withTerm } from './scope.ts'
import { attendanceTotal, heldSessions } from './sessionQueries.ts'

/** Terms shown term over term, at most (the latest ones). */
const MAX_TERMS = 8

type WeekSeries = Exclude<keyof WeekPoint, 'week'>

/** The ISO week (Monday, alliance calendar) of an epoch-ms column. */
function week(kdb: AppKysely, column: string): RawBuilder<string> {
  return weekOf(kdb, sql.ref(column), ALLIANCE_UTC_OFFSET_MINUTES)
}

/** Counts per week of one series. */
type WeekCounts = Array<{ week: string; n: number }>

/** The weekly counts of every series over the plans in scope. */
async function weeklySeries(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<Record<WeekSeries, WeekCounts>> {
  const plans = planInScope(scope)
  const count = sql<number>`count(*)`.as('n')
  const plansCreated = await kdb
    .selectFrom('documents')
    .where(plans)
    .select([week(kdb, 'documents.createdAt').as('week'), count])
    .groupBy(week(kdb, 'documents.createdAt'))
    .execute()
  const plansSigned = await kdb
    .selectFrom('planLifecycle')
    .innerJoin('documents', 'documents.id', 'planLifecycle.documentId')
    .where(plans)
    .where('planLifecycle.signedAt', 'is not', null)
    .select([week(kdb, 'planLifecycle.signedAt').as('week'), count])
    .groupBy(week(kdb, 'planLifecycle.signedAt'))
    .execute()
  const sessions = await kdb
    .selectFrom('prepSessions')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(plans)
    .select([week(kdb, 'prepSessions.startedAt').as('week'), count])
    .groupBy(week(kdb, 'prepSessions.startedAt'))
    .execute()
  const firstJoins = kdb
    .selectFrom('sessionAttendance')
    .innerJoin('prepSessions', 'prepSessions.id', 'sessionAttendance.sessionId')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(plans)
    .select((eb) => [
      'sessionAttendance.sessionId',
      'sessionAttendance.userId',
      eb.fn.min('sessionAttendance.joinedAt').as('joinedAt'),
    ])
    .groupBy(['sessionAttendance.sessionId', 'sessionAttendance.userId'])
    .as('firstJoins')
  const attendances = await kdb
    .selectFrom(firstJoins)
    .select([week(kdb, 'firstJoins.joinedAt').as('week'), count])
    .groupBy(week(kdb, 'firstJoins.joinedAt'))
    .execute()
  const comments = await kdb
    .selectFrom('commentLog')
    .innerJoin('documents', 'documents.id', 'commentLog.documentId')
    .where('commentLog.deletedAt', 'is', null)
    .where(plans)
    .select([week(kdb, 'commentLog.createdAt').as('week'), count])
    .groupBy(week(kdb, 'commentLog.createdAt'))
    .execute()
  const adaptations = await scopedAdaptations(kdb, scope)
    .select([week(kdb, 'adapted.createdAt').as('week'), count])
    .groupBy(week(kdb, 'adapted.createdAt'))
    .execute()
  return { plansCreated, plansSigned, sessions, attendances, comments, adaptations }
}

/** The weekly points, in order, for the weeks with any activity. */
export async function weeklyTrends(kdb: AppKysely, scope: DashboardScope): Promise<WeekPoint[]> {
  const series = await weeklySeries(kdb, scope)
  const points = new Map<string, WeekPoint>()
  for (const [name, counts] of Object.entries(series) as Array<[WeekSeries, WeekCounts]>) {
    for (const { week: start, n } of counts) {
      const point = points.get(start) ?? {
        week: start,
        plansCreated: 0,
        plansSigned: 0,
        sessions: 0,
        attendances: 0,
        comments: 0,
        adaptations: 0,
      }
      point[name] = Number(n)
      points.set(start, point)
    }
  }
  return [...points.values()].sort((a, b) => (a.week < b.week ? -1 : 1))
}

/** The term-over-term points (latest first): the indicator figures of each term's groups. */
export async function termTrends(kdb: AppKysely, scope: DashboardScope): Promise<TermPoint[]> {
  const points: TermPoint[] = []
  for (const term of (await termsInScope(kdb, scope)).slice(0, MAX_TERMS)) {
    const termScope = await withTerm(kdb, scope, term)
    const preparation = await taskCounts(kdb, termScope)
    const sessions = await heldSessions(kdb, termScope)
    const cross = await commentTotals(kdb, termScope)
    const adaptations = await scopedAdaptations(kdb, termScope)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst()
    points.push({
      term,
      plans: cross.plans,
      tasks: preparation.tasks,
      onTimeShare: ratio(preparation.onTime, preparation.dueOrSigned),
      sessions: sessions.sessions,
      attendances: await attendanceTotal(kdb, termScope),
      comments: cross.comments,
      crossSchoolShare: cross.crossSchoolShare,
      adaptations: Number(adaptations?.n ?? 0),
    })
  }
  return points
}
