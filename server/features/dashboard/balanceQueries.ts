import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type {
  BalanceFigure,
  PlanDrillRow,
  SchoolParticipation,
} from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { planRows } from './crossSchoolQueries.ts'
import { allSchools, type DashboardScope, inList, planInScope, withTerm } from './scope.ts'

/**
 * The teachers whose participation counts, on the `users` table: enabled teachers (of the
 * scope's school, if any); with groups in scope, the enabled leads and members of those groups.
 */
function isCountedTeacher(scope: DashboardScope): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`${sql.ref('users.disabled')} = 0`]
  if (scope.schoolId !== null)
    parts.push(sql<SqlBool>`${sql.ref('users.schoolId')} = ${scope.schoolId}`)
  if (scope.groupIds === null) parts.push(sql<SqlBool>`${sql.ref('users.role')} = 'teacher'`)
  else
    parts.push(
      sql<SqlBool>`exists (select 1 from ${sql.table('groupMembers')} where ${sql.ref('groupMembers.userId')} = ${sql.ref('users.id')} and ${sql.ref('groupMembers.role')} in ('lead', 'member') and ${inList('groupMembers.groupId', scope.groupIds)})`,
    )
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`
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

/** The participation figures of one scope. */
export async function balanceFigure(kdb: AppKysely, scope: DashboardScope): Promise<BalanceFigure> {
  const teacher = isCountedTeacher(scope)
  const plans = planInScope(planSide(scope))
  const teachers = toMap(
    await kdb
      .selectFrom('users')
      .where(teacher)
      .select((eb) => ['users.schoolId', eb.fn.countAll<number>().as('n')])
      .groupBy('users.schoolId')
      .execute(),
  )
  const edited = kdb
    .selectFrom('documentClients')
    .innerJoin('documents', 'documents.id', 'documentClients.documentId')
    .where(plans)
    .select(['documentClients.documentId', 'documentClients.userId'])
    .distinct()
    .as('x')
  const plansEdited = toMap(
    await kdb
      .selectFrom(edited)
      .innerJoin('users', 'users.id', 'x.userId')
      .where(teacher)
      .select((eb) => ['users.schoolId', eb.fn.countAll<number>().as('n')])
      .groupBy('users.schoolId')
      .execute(),
  )
  const attended = kdb
    .selectFrom('sessionAttendance')
    .innerJoin('prepSessions', 'prepSessions.id', 'sessionAttendance.sessionId')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .where(plans)
    .select(['sessionAttendance.sessionId', 'sessionAttendance.userId'])
    .distinct()
    .as('x')
  const sessionsAttended = toMap(
    await kdb
      .selectFrom(attended)
      .innerJoin('users', 'users.id', 'x.userId')
      .where(teacher)
      .select((eb) => ['users.schoolId', eb.fn.countAll<number>().as('n')])
      .groupBy('users.schoolId')
      .execute(),
  )
  const comments = toMap(
    await kdb
      .selectFrom('commentLog')
      .innerJoin('documents', 'documents.id', 'commentLog.documentId')
      .innerJoin('users', 'users.id', 'commentLog.authorId')
      .where('commentLog.deletedAt', 'is', null)
      .where(plans)
      .where(teacher)
      .select((eb) => ['users.schoolId', eb.fn.countAll<number>().as('n')])
      .groupBy('users.schoolId')
      .execute(),
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
  const teacher = isCountedTeacher({ ...scope, schoolId })
  const query = kdb
    .selectFrom('documents')
    .where(planInScope(planSide(scope)))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('documentClients')
          .innerJoin('users', 'users.id', 'documentClients.userId')
          .whereRef('documentClients.documentId', '=', 'documents.id')
          .where(teacher)
          .select('documentClients.clientId'),
      ),
    )
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
