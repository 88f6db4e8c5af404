import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type {
  OnTimeFilter,
  PreparationAnswer,
  TaskDrillRow,
} from '../../../shared/dashboard/dashboardApi.ts'
import { TASK_STAGES } from '../../../shared/dashboard/dashboardApi.ts'
import type { DocumentStatus, TaskStage } from '../../../shared/domain.ts'
import { dayOf } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { type DashboardScope, inList, median, ratio } from './scope.ts'

/** China Standard Time, the alliance's calendar (due dates are its days). */
export const ALLIANCE_UTC_OFFSET_MINUTES = 480

const DAY_MS = 86_400_000

/** Today in the alliance's calendar, `YYYY-MM-DD`. */
export function allianceToday(now = Date.now()): string {
  return new Date(now + ALLIANCE_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10)
}

/** The tasks in scope with their plan, lifecycle and main preparer joined. */
function scopedTasks(kdb: AppKysely, scope: DashboardScope) {
  let query = kdb
    .selectFrom('prepTasks')
    .leftJoin('documents', (join) =>
      join.onRef('documents.id', '=', 'prepTasks.documentId').on('documents.deletedAt', 'is', null),
    )
    .leftJoin('planLifecycle', 'planLifecycle.documentId', 'documents.id')
    .innerJoin('users', 'users.id', 'prepTasks.mainPreparerId')
    .where('prepTasks.deletedAt', 'is', null)
  if (scope.taskGroupIds !== null)
    query = query.where(inList('prepTasks.groupId', scope.taskGroupIds))
  if (scope.schoolId !== null) query = query.where('users.schoolId', '=', scope.schoolId)
  return query
}

/** Whether the task's plan was signed by its due date (alliance calendar). */
function signedOnTime(kdb: AppKysely): RawBuilder<SqlBool> {
  const signedDay = dayOf(kdb, sql.ref('planLifecycle.signedAt'), ALLIANCE_UTC_OFFSET_MINUTES)
  return sql<SqlBool>`(${sql.ref('planLifecycle.signedAt')} is not null and ${signedDay} <= ${sql.ref('prepTasks.dueDate')})`
}

/** The task counts of a scope: per stage, and how many are signed, on time, due or signed. */
export interface TaskCounts {
  tasks: number
  byStage: Record<TaskStage, number>
  onTime: number
  signed: number
  dueOrSigned: number
}

/** The task counts of the scope in one grouped pass (no sign-off durations). */
export async function taskCounts(
  kdb: AppKysely,
  scope: DashboardScope,
  now = Date.now(),
): Promise<TaskCounts> {
  const today = allianceToday(now)
  const rows = await scopedTasks(kdb, scope)
    .select((eb) => [
      'documents.status',
      eb.fn.countAll<number>().as('tasks'),
      sql<number>`sum(case when ${signedOnTime(kdb)} then 1 else 0 end)`.as('onTime'),
      sql<number>`sum(case when ${sql.ref('planLifecycle.signedAt')} is not null then 1 else 0 end)`.as(
        'signed',
      ),
      sql<number>`sum(case when ${sql.ref('planLifecycle.signedAt')} is not null or ${sql.ref('prepTasks.dueDate')} < ${today} then 1 else 0 end)`.as(
        'dueOrSigned',
      ),
    ])
    .groupBy('documents.status')
    .execute()
  const byStage = Object.fromEntries(TASK_STAGES.map((stage) => [stage, 0])) as Record<
    TaskStage,
    number
  >
  let tasks = 0
  let onTime = 0
  let signed = 0
  let dueOrSigned = 0
  for (const row of rows) {
    const stage: TaskStage = row.status ?? 'not_started'
    byStage[stage] += Number(row.tasks)
    tasks += Number(row.tasks)
    onTime += Number(row.onTime ?? 0)
    signed += Number(row.signed ?? 0)
    dueOrSigned += Number(row.dueOrSigned ?? 0)
  }
  return { tasks, byStage, onTime, signed, dueOrSigned }
}

/** The preparation figures: tasks per stage, on-time share, median days to sign-off. */
export async function preparationFigures(
  kdb: AppKysely,
  scope: DashboardScope,
  now = Date.now(),
): Promise<Omit<PreparationAnswer, 'ok'>> {
  const { tasks, byStage, onTime, signed, dueOrSigned } = await taskCounts(kdb, scope, now)
  const durations = await scopedTasks(kdb, scope)
    .where('planLifecycle.signedAt', 'is not', null)
    .select(
      sql<number>`${sql.ref('planLifecycle.signedAt')} - ${sql.ref('documents.createdAt')}`.as(
        'ms',
      ),
    )
    .execute()
  const medianMs = median(durations.map((row) => Number(row.ms)))
  return {
    tasks,
    byStage,
    dueOrSigned,
    signedOnTime: onTime,
    signedLate: signed - onTime,
    onTimeShare: ratio(onTime, dueOrSigned),
    medianDaysToSigned: medianMs === null ? null : Math.round((medianMs / DAY_MS) * 10) / 10,
  }
}

/** The tasks behind the preparation figures, by due date. */
export async function preparationTasks(
  kdb: AppKysely,
  scope: DashboardScope,
  filter: { stage?: string | undefined; onTime?: OnTimeFilter | undefined },
  paging: { limit: number; offset: number },
  now = Date.now(),
): Promise<{ total: number; rows: TaskDrillRow[] }> {
  let query = scopedTasks(kdb, scope)
  if (filter.stage === 'not_started') query = query.where('documents.id', 'is', null)
  else if (filter.stage !== undefined)
    query = query.where('documents.status', '=', filter.stage as DocumentStatus)
  if (filter.onTime === 'true') query = query.where(signedOnTime(kdb))
  else if (filter.onTime === 'false')
    query = query
      .where('planLifecycle.signedAt', 'is not', null)
      .where(sql<SqlBool>`not ${signedOnTime(kdb)}`)
  else if (filter.onTime === 'unsigned')
    query = query
      .where('planLifecycle.signedAt', 'is', null)
      .where('prepTasks.dueDate', '<', allianceToday(now))
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await query
    .innerJoin('groups', 'groups.id', 'prepTasks.groupId')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'prepTasks.id as taskId',
      'prepTasks.groupId',
      'groups.name as groupName',
      'prepTasks.unit',
      'prepTasks.lesson',
      'prepTasks.dueDate',
      'documents.id as documentId',
      'documents.title as planTitle',
      'documents.status',
      'users.schoolId',
      'schools.name as schoolName',
      'planLifecycle.signedAt',
    ])
    .select(sql<number>`case when ${signedOnTime(kdb)} then 1 else 0 end`.as('onTime'))
    .orderBy('prepTasks.dueDate')
    .orderBy('prepTasks.id')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute()
  return {
    total: Number(total?.n ?? 0),
    rows: rows.map((row) => ({
      taskId: row.taskId,
      groupId: row.groupId,
      groupName: row.groupName,
      unit: row.unit,
      lesson: row.lesson,
      dueDate: row.dueDate,
      stage: row.documentId === null ? 'not_started' : (row.status ?? 'not_started'),
      documentId: row.documentId,
      planTitle: row.planTitle,
      schoolId: row.schoolId,
      schoolName: row.schoolName,
      signedAt: row.signedAt === null ? null : Number(row.signedAt),
      onTime: row.signedAt === null ? null : Number(row.onTime) === 1,
    })),
  }
}
