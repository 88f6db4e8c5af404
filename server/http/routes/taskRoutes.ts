import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { createTaskBody, updateTaskBody } from '../../../shared/apiSchemas.ts'
import type { GroupRole } from '../../../shared/domain.ts'
import { recordAudit } from '../../audit.ts'
import type { Principal } from '../../auth/principal.ts'
import { groupMembers, groups } from '../../db/schema.ts'
import type { SqliteDb } from '../../db/sqlite.ts'
import {
  createTask,
  deleteTask,
  listGroupTasks,
  loadTask,
  startTaskPlan,
  taskParticipantIds,
  updateTask,
} from '../../lifecycle/taskCommands.ts'
import { notify } from '../../notifications/notify.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../context.ts'
import { forbidden, notFound } from '../errors.ts'

/** The caller's role in a group (404 for an unknown group). */
function roleIn(db: SqliteDb, principal: Principal, groupId: string): GroupRole | undefined {
  const group = db.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).get()
  if (!group) throw notFound('Group')
  return db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, principal.user.id)))
    .get()?.role
}

function requireLead(db: SqliteDb, principal: Principal, groupId: string): void {
  if (roleIn(db, principal, groupId) !== 'lead') {
    throw forbidden('Only the group lead manages preparation tasks')
  }
}

/** A task of the schedule, or 404. */
function existingTask(db: SqliteDb, taskId: string) {
  const task = loadTask(db, taskId)
  if (!task) throw notFound('Task')
  return task
}

/** Preparation tasks (备课任务): a group's term schedule, managed by its lead. */
export const taskRoutes = new Hono<AppEnv>()
  .get('/groups/:groupId/tasks', (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const groupId = c.req.param('groupId')
    const role = roleIn(db, principal, groupId)
    if (!role && principal.user.role !== 'alliance_admin') {
      throw forbidden('Only members of the group see its schedule')
    }
    return c.json({ ok: true as const, items: listGroupTasks(db, groupId) })
  })
  .post('/groups/:groupId/tasks', jsonBody(createTaskBody), (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const groupId = c.req.param('groupId')
    requireLead(db, principal, groupId)
    const body = c.req.valid('json')
    const id = createTask(db, groupId, principal.user.id, body)
    recordAudit(db, {
      actorId: principal.user.id,
      action: 'task_created',
      targetType: 'task',
      targetId: id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { groupId, unit: body.unit, lesson: body.lesson },
    })
    notify(db, [body.mainPreparerId, ...body.participantIds], {
      kind: 'task_assigned',
      actorId: principal.user.id,
      taskId: id,
      excerpt: `${body.unit} · ${body.lesson}`,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/tasks/:taskId', jsonBody(updateTaskBody), (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const task = existingTask(db, c.req.param('taskId'))
    requireLead(db, principal, task.groupId)
    const changes = c.req.valid('json')
    const before = new Set([task.mainPreparerId, ...taskParticipantIds(db, task.id)])
    updateTask(db, task, changes)
    recordAudit(db, {
      actorId: principal.user.id,
      action: 'task_updated',
      targetType: 'task',
      targetId: task.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { ...changes },
    })
    const added = [changes.mainPreparerId ?? '', ...(changes.participantIds ?? [])].filter(
      (id) => id !== '' && !before.has(id),
    )
    notify(db, added, {
      kind: 'task_assigned',
      actorId: principal.user.id,
      taskId: task.id,
      documentId: task.documentId,
      excerpt: `${changes.unit ?? task.unit} · ${changes.lesson ?? task.lesson}`,
    })
    // A new main preparer changes who edits the draft.
    if (changes.mainPreparerId !== undefined && task.documentId) {
      c.var.services.recheckDocument(task.documentId)
    }
    return c.json({ ok: true as const })
  })
  .delete('/tasks/:taskId', (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const task = existingTask(db, c.req.param('taskId'))
    requireLead(db, principal, task.groupId)
    deleteTask(db, task.id)
    recordAudit(db, {
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
    const { db, store } = c.var.services
    const principal = requirePrincipal(c)
    const task = existingTask(db, c.req.param('taskId'))
    const role = roleIn(db, principal, task.groupId)
    const isPreparer = task.mainPreparerId === principal.user.id && role !== undefined
    if (role !== 'lead' && !isPreparer) {
      throw forbidden('Only the main preparer or the group lead starts the plan')
    }
    const id = await startTaskPlan(db, store, task)
    recordAudit(db, {
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
