import type { AliasedSelectQueryBuilder } from 'kysely'
import type {
  BalanceFigure,
  PlanDrillRow,
  SchoolParticipation,
} from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { planRows } from './crossSchoolQueries.ts'
import { allSchools, type DashboardScope, inList, planInScope, withTerm } from './scope.ts'

/**
 * The teachers whose participation counts, as a derived table `counted (userId, schoolId)`:
 * enabled teachers (of the scope's school, if any); with groups in scope, the enabled leads and
 * members of those groups. Joined once per count (a per-row EXISTS over the group list was
 * seconds at 5,000 teachers).
 */
function countedTeachers(kdb: AppKysely, scope: DashboardScope) {
  let query = kdb
    .selectFrom('users')
    .select(['users.id as userId', 'users.schoolId'])
    .distinct()
    .where('users.disabled', '=', 0)
  if (scope.schoolId !== null) query = query.where('users.schoolId', '=', scope.schoolId)
  if (scope.groupIds === null) query = query.where('users.role', '=', 'teacher')
  else
    query = query
      .innerJoin('groupMembers', 'groupMembers.userId', 'users.id')
      .where('groupMembers.role', 'in', ['lead', 'member'])
      .where(inList('groupMembers.groupId', scope.groupIds))
  return query.as('counted')
}

/** The plan side of the balance: the scope without its school (that one picks the teachers). */
function planSide(scope: DashboardScope): DashboardScope {
  return { ...scope, schoolId: null }
}

/** A count per school of the counted teachers. */
type PerSchool = Map<string, number>

function toMap(rows: ReadonlyArray<{ schoolId: string; n: number }>): PerSchool {
  return new Map(rows.map((row) => [row.schoolId, Number(row.n)]))
}

/**
 * Per school, the sum of a per-person count `u (userId, n)` over the counted teachers. The
 * facts are aggregated per person first, so the join to the teachers reads one row per person
 * (joining 180,000 fact rows to the teachers let SQLite pick a nested scan of every plan per
 * teacher).
 */
async function perCountedSchool(
  kdb: AppKysely,
  counted: ReturnType<typeof countedTeachers>,
  perUser: AliasedSelectQueryBuilder<{ userId: string; n: number }, 'u'>,
): Promise<PerSchool> {
  const rows = await kdb
    .selectFrom(perUser)
    .innerJoin(counted, 'counted.userId', 'u.userId')
    .select((eb) => ['counted.schoolId', eb.fn.sum<number>('u.n').as('n')])
    .groupBy('counted.schoolId')
    .execute()
  return toMap(rows)
}

/** The participation figures of one scope. */
export async function balanceFigure(kdb: AppKysely, scope: DashboardScope): Promise<BalanceFigure> {
  const counted = () => countedTeachers(kdb, scope)
  const plans = planInScope(planSide(scope))
  const teachers = toMap(
    await kdb
      .selectFrom(counted())
      .select((eb) => ['counted.schoolId', eb.fn.countAll<number>().as('n')])
      .groupBy('counted.schoolId')
      .execute(),
  )
  const edited = kdb
    .selectFrom('documentClients')
    .innerJoin('documents', 'documents.id', 'documentClients.documentId')
    .where(plans)
    .select(['documentClients.documentId', 'documentClients.userId'])
    .distinct()
    .as('x')
  const plansEdited = await perCountedSchool(
    kdb,
    counted(),
    kdb
      .selectFrom(edited)
      .select((eb) => ['x.userId', eb.fn.countAll<number>().as('n')])
      .groupBy('x.userId')
      .as('u'),
  )
  const attended = kdb
    .selectFrom('sessionAttendance')
    .innerJoin('prepSessions', 'prepSessions.id', 'sessionAttendance.sessionId')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(plans)
    .select(['sessionAttendance.sessionId', 'sessionAttendance.userId'])
    .distinct()
    .as('x')
  const sessionsAttended = await perCountedSchool(
    kdb,
    counted(),
    kdb
      .selectFrom(attended)
      .select((eb) => ['x.userId', eb.fn.countAll<number>().as('n')])
      .groupBy('x.userId')
      .as('u'),
  )
  const comments = await perCountedSchool(
    kdb,
    counted(),
    kdb
      .selectFrom('commentLog')
      .innerJoin('documents', 'documents.id', 'commentLog.documentId')
      .where('commentLog.deletedAt', 'is', null)
      .where(plans)
      .select((eb) => ['commentLog.authorId as userId', eb.fn.countAll<number>().as('n')])
      .groupBy('commentLog.authorId')
      .as('u'),
  )
  const schools: SchoolParticipation[] = (await allSchools(kdb))
    .filter((school) => (teachers.get(school.id) ?? 0) > 0)
    .map((school) => {
      const count = teachers.get(school.id) ?? 0
      const row = {
        plansEdited: plansEdited.get(school.id) ?? 0,
        sessionsAttended: sessionsAttended.get(school.id) ?? 0,
        comments: comments.get(school.id) ?? 0,
      }
      const total = row.plansEdited + row.sessionsAttended + row.comments
      return {
        schoolId: school.id,
        schoolName: school.name,
        teachers: count,
        ...row,
        meanParticipation: Math.round((total / count) * 100) / 100,
      }
    })
  return { schools, ...variation(schools.map((school) => rawMean(school))) }
}

/** A school's unrounded mean participation. */
function rawMean(school: SchoolParticipation): number {
  return (school.plansEdited + school.sessionsAttended + school.comments) / school.teachers
}

/** The mean and coefficient of variation (population stdev ÷ mean) of the school means. */
export function variation(means: readonly number[]): { mean: number | null; cv: number | null } {
  if (means.length === 0) return { mean: null, cv: null }
  const mean = means.reduce((sum, value) => sum + value, 0) / means.length
  const roundedMean = Math.round(mean * 100) / 100
  if (means.length < 2 || mean === 0) return { mean: roundedMean, cv: null }
  const variance = means.reduce((sum, value) => sum + (value - mean) ** 2, 0) / means.length
  return { mean: roundedMean, cv: Math.round((Math.sqrt(variance) / mean) * 1000) / 1000 }
}

/** The terms of the groups in scope, latest first. */
export async function termsInScope(kdb: AppKysely, scope: DashboardScope): Promise<string[]> {
  let query = kdb.selectFrom('groups').select('term').distinct().where('term', '!=', '')
  if (scope.groupIds !== null) query = query.where(inList('groups.id', scope.groupIds))
  const rows = await query.orderBy('term', 'desc').execute()
  return rows.map((row) => row.term)
}

/** The balance overall and per term (the per-term figures ignore the scope's term). */
export async function balanceFigures(
  kdb: AppKysely,
  scope: DashboardScope,
  unTermed: DashboardScope,
): Promise<{ overall: BalanceFigure; perTerm: Array<BalanceFigure & { term: string }> }> {
  const overall = await balanceFigure(kdb, scope)
  const perTerm: Array<BalanceFigure & { term: string }> = []
  for (const term of await termsInScope(kdb, unTermed)) {
    perTerm.push({ term, ...(await balanceFigure(kdb, await withTerm(kdb, unTermed, term))) })
  }
  return { overall, perTerm }
}

/** The plans in scope that counted teachers of `schoolId` wrote in, latest first. */
export async function plansWrittenBySchool(
  kdb: AppKysely,
  scope: DashboardScope,
  schoolId: string,
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: PlanDrillRow[] }> {
  const writtenIds = kdb
    .selectFrom('documentClients')
    .innerJoin(
      countedTeachers(kdb, { ...scope, schoolId }),
      'counted.userId',
      'documentClients.userId',
    )
    .select('documentClients.documentId')
  const query = kdb
    .selectFrom('documents')
    .where(planInScope(planSide(scope)))
    .where('documents.id', 'in', writtenIds)
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const plans = await query
    .leftJoin('groups', 'groups.id', 'documents.groupId')
    .select([
      'documents.id as documentId',
      'documents.title',
      'documents.schoolId',
      'documents.groupId',
      'groups.name as groupName',
      'documents.status',
      'documents.createdAt',
    ])
    .orderBy('documents.createdAt', 'desc')
    .orderBy('documents.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return { total: Number(total?.n ?? 0), rows: await planRows(kdb, plans) }
}
