import { Hono } from 'hono'
import type { GroupRole } from '../../../../shared/domain.ts'
import { recordAudit } from '../../../audit.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { PrepTaskRow } from '../../../db/schema.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { requireDocumentQuota } from '../../../http/quotas.ts'
import { assertGroupActive, type Principal } from '../../identity/index.ts'
import { notify } from '../../notifications/index.ts'
import { requireLead, requirePlanStarter, requireScheduleViewer } from '../policy.ts'
import {
  groupArchivedAt,
  groupExists,
  groupRoleOf,
  listGroupTasks,
  loadTask,
  taskParticipantIds,
} from '../queries.ts'
import { createTaskBody, type UpdateTaskBody, updateTaskBody } from '../schema.ts'
import { createTask, deleteTask, startTaskPlan, updateTask } from '../taskCommands.ts'

/** The caller's role in a group (404 for an unknown group). */
async function roleIn(
  db: AppKysely,
  principal: Principal,
  groupId: string,
): Promise<GroupRole | undefined> {
  if (!(await groupExists(db, groupId))) throw notFound('Group')
  return groupRoleOf(db, groupId, principal.user.id)
}

/** 409 `group_archived` when the group is archived: the tasks of archived groups are read-only. */
async function requireActiveGroup(db: AppKysely, groupId: string): Promise<void> {
  assertGroupActive({ archivedAt: await groupArchivedAt(db, groupId) })
}

/** A task of the schedule, or 404. */
async function existingTask(db: AppKysely, taskId: string) {
  const task = await loadTask(db, taskId)
  if (!task) throw notFound('Task')
  return task
}

/** The names of the task fields a PATCH really changed (for the audit entry). */
function changedTaskFields(
  task: PrepTaskRow,
  beforeParticipants: readonly string[],
  afterParticipants: readonly string[],
  changes: UpdateTaskBody,
): string[] {
  const changed: string[] = []
  for (const field of ['unit', 'lesson', 'mainPreparerId', 'dueDate', 'discussionAt'] as const) {
    if (changes[field] !== undefined && changes[field] !== task[field]) changed.push(field)
  }
  const sameParticipants =
    beforeParticipants.length === afterParticipants.length &&
    beforeParticipants.every((id) => afterParticipants.includes(id))
  if (!sameParticipants) changed.push('participantIds')
  return changed
}

/** Preparation tasks (备课任务): a group's term schedule, managed by its lead. */
export const taskRoutes = new Hono<AppEnv>()
  .get('/groups/:groupId/tasks', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const groupId = c.req.param('groupId')
    requireScheduleViewer(await roleIn(kdb, principal, groupId), principal)
    return c.json({ ok: true as const, items: await listGroupTasks(kdb, groupId) })
  })
  .post('/groups/:groupId/tasks', jsonBody(createTaskBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const groupId = c.req.param('groupId')
    requireLead(await roleIn(kdb, principal, groupId))
    await requireActiveGroup(kdb, groupId)
    const body = c.req.valid('json')
    const id = await createTask(kdb, c.var.services.executor, groupId, principal.user.id, body)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'task_created',
      targetType: 'task',
      targetId: id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { groupId, unit: body.unit, lesson: body.lesson },
    })
    await notify(kdb, [body.mainPreparerId, ...body.participantIds], {
      kind: 'task_assigned',
      actorId: principal.user.id,
      taskId: id,
      excerpt: `${body.unit} · ${body.lesson}`,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/tasks/:taskId', jsonBody(updateTaskBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const task = await existingTask(kdb, c.req.param('taskId'))
    requireLead(await roleIn(kdb, principal, task.groupId))
    await requireActiveGroup(kdb, task.groupId)
    const changes = c.req.valid('json')
    const beforeParticipants = await taskParticipantIds(kdb, task.id)
    await updateTask(kdb, c.var.services.executor, task, changes)
    const afterParticipants = await taskParticipantIds(kdb, task.id)
    const mainPreparerId = changes.mainPreparerId ?? task.mainPreparerId
    const before = new Set([task.mainPreparerId, ...beforeParticipants])
    const after = new Set([mainPreparerId, ...afterParticipants])
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'task_updated',
      targetType: 'task',
      targetId: task.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: {
        groupId: task.groupId,
        changed: changedTaskFields(task, beforeParticipants, afterParticipants, changes),
        ...changes,
      },
    })
    await notify(
      kdb,
      [...after].filter((id) => !before.has(id)),
      {
        kind: 'task_assigned',
        actorId: principal.user.id,
        taskId: task.id,
        documentId: task.documentId,
        excerpt: `${changes.unit ?? task.unit} · ${changes.lesson ?? task.lesson}`,
      },
    )
    // A new main preparer changes who edits the draft: the old one loses it, the new one gains it.
    if (mainPreparerId !== task.mainPreparerId) {
      await c.var.services.recheckAccess([task.mainPreparerId, mainPreparerId])
      if (task.documentId) await c.var.services.recheckDocument(task.documentId)
    }
    return c.json({ ok: true as const })
  })
  .delete('/tasks/:taskId', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const task = await existingTask(kdb, c.req.param('taskId'))
    requireLead(await roleIn(kdb, principal, task.groupId))
    await requireActiveGroup(kdb, task.groupId)
    await deleteTask(kdb, task.id)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'task_deleted',
      targetType: 'task',
      targetId: task.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { unit: task.unit, lesson: task.lesson },
    })
    return c.json({ ok: true as const })
  })
  .post('/tasks/:taskId/plan', async (c) => {
    const { kdb, store } = c.var.services
    const principal = requirePrincipal(c)
    const task = await existingTask(kdb, c.req.param('taskId'))
    requirePlanStarter(task, await roleIn(kdb, principal, task.groupId), principal.user.id)
    await requireActiveGroup(kdb, task.groupId)
    // The plan is the main preparer's: it counts against their quota.
    await requireDocumentQuota(kdb, task.mainPreparerId, c.var.services.documentQuota)
    const id = await startTaskPlan(kdb, c.var.services.executor, store, task)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'task_plan_started',
      targetType: 'document',
      targetId: id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { taskId: task.id },
    })
    return c.json({ ok: true as const, id }, 201)
  })
