import { type SqlBool, sql } from 'kysely'
import type {
  CommentDrillRow,
  CrossSchoolAnswer,
  PlanDrillRow,
} from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { allSchools, type DashboardScope, planInScope, ratio, schoolNamer } from './scope.ts'

/** Comments (not deleted) on plans in scope. */
function scopedComments(kdb: AppKysely, scope: DashboardScope) {
  return kdb
    .selectFrom('commentLog')
    .innerJoin('documents', 'documents.id', 'commentLog.documentId')
    .where('commentLog.deletedAt', 'is', null)
    .where(planInScope(scope))
}

/** Per plan in scope, how many schools wrote in it (plans with a registered writer only). */
function writerSchoolsPerPlan(kdb: AppKysely, scope: DashboardScope) {
  return kdb
    .selectFrom('documentClients')
    .innerJoin('documents', 'documents.id', 'documentClients.documentId')
    .where(planInScope(scope))
    .select([
      'documentClients.documentId',
      sql<number>`count(distinct ${sql.ref('documentClients.schoolId')})`.as('schools'),
    ])
    .groupBy('documentClients.documentId')
}

const crossSchool = sql<SqlBool>`${sql.ref('commentLog.schoolId')} <> ${sql.ref('documents.schoolId')}`

/** The plans in scope. */
async function planCount(kdb: AppKysely, scope: DashboardScope): Promise<number> {
  const row = await kdb
    .selectFrom('documents')
    .where(planInScope(scope))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The plan and comment totals of a scope (term over term): no per-school or writer figures. */
export async function commentTotals(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<{ plans: number; comments: number; crossSchoolShare: number | null }> {
  const totals = await scopedComments(kdb, scope)
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      sql<number>`sum(case when ${crossSchool} then 1 else 0 end)`.as('crossSchool'),
    ])
    .executeTakeFirst()
  const comments = Number(totals?.count ?? 0)
  return {
    plans: await planCount(kdb, scope),
    comments,
    crossSchoolShare: ratio(Number(totals?.crossSchool ?? 0), comments),
  }
}

/** The cross-school figures: comments per plan, the cross-school share, the co-authorship index. */
export async function crossSchoolFigures(
  kdb: AppKysely,
  scope: DashboardScope,
): Promise<Omit<CrossSchoolAnswer, 'ok'>> {
  const nameOf = schoolNamer(await allSchools(kdb))
  const planTotal = await planCount(kdb, scope)
  const bySchool = await scopedComments(kdb, scope)
    .select((eb) => [
      'commentLog.schoolId',
      eb.fn.countAll<number>().as('count'),
      sql<number>`sum(case when ${crossSchool} then 1 else 0 end)`.as('crossSchool'),
    ])
    .groupBy('commentLog.schoolId')
    .orderBy('commentLog.schoolId')
    .execute()
  const written = await kdb
    .selectFrom(writerSchoolsPerPlan(kdb, scope).as('w'))
    .select((eb) => [
      eb.fn.countAll<number>().as('plans'),
      sql<number>`sum(case when ${sql.ref('w.schools')} >= 2 then 1 else 0 end)`.as('coAuthored'),
    ])
    .executeTakeFirst()
  const comments = bySchool.reduce((sum, row) => sum + Number(row.count), 0)
  const cross = bySchool.reduce((sum, row) => sum + Number(row.crossSchool ?? 0), 0)
  const writtenPlans = Number(written?.plans ?? 0)
  const coAuthoredPlans = Number(written?.coAuthored ?? 0)
  return {
    plans: planTotal,
    comments,
    commentsPerPlan: ratio(comments, planTotal, 2),
    crossSchoolComments: cross,
    crossSchoolShare: ratio(cross, comments),
    commentsBySchool: bySchool.map((row) => ({
      schoolId: row.schoolId,
      schoolName: nameOf(row.schoolId),
      count: Number(row.count),
      crossSchool: Number(row.crossSchool ?? 0),
    })),
    writtenPlans,
    coAuthoredPlans,
    coAuthorshipIndex: ratio(coAuthoredPlans, writtenPlans),
  }
}

/** The comments behind the figures, latest first. */
export async function commentList(
  kdb: AppKysely,
  scope: DashboardScope,
  filter: { crossSchool?: boolean | undefined; authorSchool?: string | undefined },
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: CommentDrillRow[] }> {
  const nameOf = schoolNamer(await allSchools(kdb))
  let query = scopedComments(kdb, scope)
  if (filter.crossSchool === true) query = query.where(crossSchool)
  if (filter.crossSchool === false)
    query = query.whereRef('commentLog.schoolId', '=', 'documents.schoolId')
  if (filter.authorSchool !== undefined)
    query = query.where('commentLog.schoolId', '=', filter.authorSchool)
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await query
    .select([
      'commentLog.commentId',
      'commentLog.threadId',
      'commentLog.documentId',
      'documents.title as planTitle',
      'documents.schoolId as planSchoolId',
      'commentLog.schoolId as authorSchoolId',
      'commentLog.createdAt',
    ])
    .orderBy('commentLog.createdAt', 'desc')
    .orderBy('commentLog.commentId')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((row) => ({
      commentId: row.commentId,
      threadId: row.threadId,
      documentId: row.documentId,
      planTitle: row.planTitle,
      planSchoolId: row.planSchoolId,
      planSchoolName: nameOf(row.planSchoolId),
      authorSchoolId: row.authorSchoolId,
      authorSchoolName: nameOf(row.authorSchoolId),
      crossSchool: row.planSchoolId !== row.authorSchoolId,
      createdAt: Number(row.createdAt),
    })),
  }
}

/** Plans as drill-down rows with the names of the schools that wrote in them. */
export async function planRows(
  kdb: AppKysely,
  plans: ReadonlyArray<{
    documentId: string
    title: string
    schoolId: string
    groupId: string | null
    groupName: string | null
    status: string
    createdAt: number
  }>,
): Promise<PlanDrillRow[]> {
  const nameOf = schoolNamer(await allSchools(kdb))
  const ids = plans.map((plan) => plan.documentId)
  const writers =
    ids.length === 0
      ? []
      : await kdb
          .selectFrom('documentClients')
          .select(['documentId', 'schoolId'])
          .distinct()
          .where('documentId', 'in', ids)
          .execute()
  const schoolsOf = new Map<string, string[]>()
  for (const writer of writers) {
    const list = schoolsOf.get(writer.documentId) ?? []
    list.push(nameOf(writer.schoolId))
    schoolsOf.set(writer.documentId, list)
  }
  return plans.map((plan) => ({
    ...plan,
    schoolName: nameOf(plan.schoolId),
    writerSchools: (schoolsOf.get(plan.documentId) ?? []).sort(),
    createdAt: Number(plan.createdAt),
  }))
}

/** The plans behind the co-authorship index (co-authored, or written by one school only). */
export async function coAuthoredPlans(
  kdb: AppKysely,
  scope: DashboardScope,
  coAuthored: boolean,
  paging: { limit: number; offset: number },
): Promise<{ total: number; rows: PlanDrillRow[] }> {
  const query = kdb
    .selectFrom(writerSchoolsPerPlan(kdb, scope).as('w'))
    .innerJoin('documents', 'documents.id', 'w.documentId')
    .where('w.schools', coAuthored ? '>=' : '<', 2)
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
