import { and, eq, isNull } from 'drizzle-orm'
import type { PublicUser } from '../../../shared/domain.ts'
import {
  type AgendaItem,
  DEFAULT_AGENDA,
  initialSessionState,
} from '../../../shared/meetings/sessionState.ts'
import { recordAudit } from '../../audit.ts'
import { type AppDb, inTransaction, kyselyOf, type SqlExecutor } from '../../db/appDb.ts'
import {
  type DocumentRow,
  groupMembers,
  groups,
  planLifecycle,
  prepSessions,
  prepTasks,
  users,
} from '../../db/schema.ts'
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessSubject } from '../documents/documentAccess.ts'
import { documentPermission, loadDocumentRow } from '../documents/documentAccess.ts'
import { newId } from '../identity/crypto.ts'
import { notify } from '../notifications/index.ts'
import {
  agendaLines,
  allianceDate,
  insertMinutesRow,
  minutesTitle,
  writeInitialMinutes,
} from './minutesDocument.ts'
import { isPlanLead } from './sessionAccess.ts'

/** What starting a session needs. */
export interface StartSessionInput {
  documentId: string
  taskId?: string | undefined
  agenda?: AgendaItem[] | undefined
}

/** Who starts it, and from where (for the audit log). */
export interface StartSessionActor {
  subject: AccessSubject
  ip: string
}

/** The ids of a started session and its minutes. */
export interface StartedSession {
  sessionId: string
  minutesDocumentId: string
}

async function displayNameOf(db: AppDb, userId: string | null | undefined): Promise<string | null> {
  if (!userId) return null
  return (
    (await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get())
      ?.name ?? null
  )
}

/** The main preparer's name: from the plan's life cycle, else its task, else its owner. */
async function mainPreparerName(
  db: AppDb,
  plan: DocumentRow,
  taskId: string | null,
): Promise<string> {
  const lifecycle = await db
    .select({ mainPreparerId: planLifecycle.mainPreparerId, taskId: planLifecycle.taskId })
    .from(planLifecycle)
    .where(eq(planLifecycle.documentId, plan.id))
    .get()
  const task = taskId ?? lifecycle?.taskId ?? null
  const taskPreparer = task
    ? (
        await db
          .select({ id: prepTasks.mainPreparerId })
          .from(prepTasks)
          .where(eq(prepTasks.id, task))
          .get()
      )?.id
    : undefined
  return (
    (await displayNameOf(db, lifecycle?.mainPreparerId)) ??
    (await displayNameOf(db, taskPreparer)) ??
    (await displayNameOf(db, plan.ownerId)) ??
    ''
  )
}

/** The task a session is opened from: it must exist and belong to the plan's group. */
async function checkTask(db: AppDb, plan: DocumentRow, taskId: string): Promise<void> {
  const task = await db
    .select({ groupId: prepTasks.groupId, deletedAt: prepTasks.deletedAt })
    .from(prepTasks)
    .where(eq(prepTasks.id, taskId))
    .get()
  if (!task || task.deletedAt !== null) throw notFound('Task')
  if (task.groupId !== plan.groupId)
    throw badRequest('taskId: the task is not of this plan’s group')
}

/**
 * Starts a live session on a plan (its group's lead, or its owner when it is in no group; one
 * running session per plan): creates the minutes document pre-filled with date, group, host,
 * preparer, attendees and agenda, the session row, notifies the group and audits it.
 */
export async function startSession(
  db: AppDb,
  executor: SqlExecutor,
  store: DocumentStore,
  actor: StartSessionActor,
  input: StartSessionInput,
): Promise<StartedSession> {
  const host: PublicUser = actor.subject.user
  const plan = await loadDocumentRow(db, input.documentId)
  if (!plan || plan.deletedAt !== null) throw notFound('Document')
  if (documentPermission(actor.subject, plan) === 'none') {
    throw forbidden('You do not have access to this document')
  }
  if (!isPlanLead(actor.subject, plan)) {
    throw forbidden('Only the group lead (or the owner of a plan in no group) starts a session')
  }
  if (plan.kind !== 'lesson_plan') {
    throw new DomainError('not_a_plan', 'Sessions are held on lesson plans')
  }
  if (input.taskId) await checkTask(db, plan, input.taskId)
  const agenda = input.agenda ?? [...DEFAULT_AGENDA]
  const now = Date.now()
  const date = allianceDate(now)
  const groupName = plan.groupId
    ? ((
        await db.select({ name: groups.name }).from(groups).where(eq(groups.id, plan.groupId)).get()
      )?.name ?? '')
    : ''
  const sessionId = newId()
  // Check and insert in one transaction: two starts cannot both pass the check.
  const minutesDocumentId = await inTransaction(executor, async (tx) => {
    const running = await tx
      .select({ id: prepSessions.id })
      .from(prepSessions)
      .where(and(eq(prepSessions.documentId, plan.id), isNull(prepSessions.endedAt)))
      .get()
    if (running) throw conflict('A session is already running on this plan')
    const minutesId = await insertMinutesRow(
      tx,
      plan,
      { id: host.id, schoolId: host.schoolId },
      minutesTitle(plan.title, date),
      now,
    )
    await tx
      .insert(prepSessions)
      .values({
        id: sessionId,
        documentId: plan.id,
        groupId: plan.groupId,
        taskId: input.taskId ?? null,
        minutesDocumentId: minutesId,
        hostId: host.id,
        agenda,
        state: { ...initialSessionState(agenda) },
        startedAt: now,
        endedAt: null,
      })
      .run()
    return minutesId
  })
  await writeInitialMinutes(store, minutesDocumentId, {
    date,
    groupName: groupName || '—',
    hostName: host.displayName,
    mainPreparerName: await mainPreparerName(db, plan, input.taskId ?? null),
    planTitle: plan.title,
    planHref: `/plans/${plan.id}`,
    // Filled in as people join the room (the host usually first).
    attendeeLines: [],
    agendaLines: agendaLines(agenda),
    decisionLines: [],
  })
  if (plan.groupId) {
    const members = await db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(eq(groupMembers.groupId, plan.groupId))
      .all()
    await notify(
      kyselyOf(db),
      members.map((member) => member.userId),
      {
        kind: 'session_started',
        actorId: host.id,
        documentId: plan.id,
        taskId: input.taskId ?? null,
        sessionId,
        excerpt: plan.title,
      },
    )
  }
  await recordAudit(db, {
    actorId: host.id,
    action: 'session_started',
    targetType: 'session',
    targetId: sessionId,
    schoolId: plan.schoolId,
    ip: actor.ip,
    details: { documentId: plan.id, minutesDocumentId, taskId: input.taskId ?? null, agenda },
  })
  return { sessionId, minutesDocumentId }
}
