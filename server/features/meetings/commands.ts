import { and, eq, isNull } from 'drizzle-orm'
import type { PublicUser } from '../../../shared/domain.ts'
import {
  type AgendaItem,
  DEFAULT_AGENDA,
  initialMeetingState,
  type MeetingState,
} from '../../../shared/meetings/meetingState.ts'
import { recordAudit } from '../../audit.ts'
import { type AppDb, inTransaction, kyselyOf, type SqlExecutor } from '../../db/appDb.ts'
import { type DocumentRow, prepSessions, sessionAttendance, sessionVotes } from '../../db/schema.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessSubject } from '../documents/index.ts'
import { createDocument, loadDocumentRow } from '../documents/index.ts'
import { newId } from '../identity/index.ts'
import { notify } from '../notifications/index.ts'
import { agendaLines, allianceDate, recordTitle, writeInitialRecord } from './meetingRecord.ts'
import { requireNoRunningMeeting, requireTaskOfPlan, startablePlan } from './policy.ts'
import {
  groupMemberIds,
  groupNameOf,
  loadTaskScope,
  mainPreparerName,
  runningMeetingId,
} from './queries.ts'

/** What starting a meeting needs. */
export interface StartMeetingInput {
  documentId: string
  taskId?: string | undefined
  agenda?: AgendaItem[] | undefined
}

/** Who starts it, and from where (for the audit log). */
export interface StartMeetingActor {
  subject: AccessSubject
  ip: string
}

/** The ids of a started meeting and its record document. */
export interface StartedMeeting {
  meetingId: string
  recordDocumentId: string
}

/**
 * Inserts the record document's row (kind `minutes`, the plan's group, visible to the group, or
 * as the plan when it has no group), owned by the host. `db` is the start transaction's
 * database: the row is part of it. Returns its id.
 */
export async function insertRecordRow(
  db: AppDb,
  plan: DocumentRow,
  host: { id: string; schoolId: string },
  title: string,
  now: number,
): Promise<string> {
  return createDocument(db, {
    at: now,
    ownerId: host.id,
    schoolId: host.schoolId,
    groupId: plan.groupId,
    kind: 'minutes',
    title,
    subject: plan.subject,
    grade: plan.grade,
    textbookEdition: plan.textbookEdition,
    unit: plan.unit,
    lesson: plan.lesson,
    status: 'draft',
    visibility: plan.groupId ? 'group' : plan.visibility,
  })
}

/**
 * Starts a live meeting on a plan (its group's lead, or its owner when it is in no group; one
 * running meeting per plan): creates the record document pre-filled with date, group, host,
 * preparer, attendees and agenda, the meeting row, notifies the group and audits it.
 */
export async function startMeeting(
  db: AppDb,
  executor: SqlExecutor,
  store: DocumentStore,
  actor: StartMeetingActor,
  input: StartMeetingInput,
): Promise<StartedMeeting> {
  const host: PublicUser = actor.subject.user
  const plan = startablePlan(actor.subject, await loadDocumentRow(db, input.documentId))
  if (input.taskId) requireTaskOfPlan(await loadTaskScope(db, input.taskId), plan)
  const agenda = input.agenda ?? [...DEFAULT_AGENDA]
  const now = Date.now()
  const date = allianceDate(now)
  const groupName = await groupNameOf(db, plan.groupId)
  const meetingId = newId()
  // Check and insert in one transaction: two starts cannot both pass the check.
  const recordDocumentId = await inTransaction(executor, async (tx) => {
    requireNoRunningMeeting(await runningMeetingId(tx, plan.id))
    const recordId = await insertRecordRow(
      tx,
      plan,
      { id: host.id, schoolId: host.schoolId },
      recordTitle(plan.title, date),
      now,
    )
    await tx
      .insert(prepSessions)
      .values({
        id: meetingId,
        documentId: plan.id,
        groupId: plan.groupId,
        taskId: input.taskId ?? null,
        minutesDocumentId: recordId,
        hostId: host.id,
        agenda,
        state: { ...initialMeetingState(agenda) },
        startedAt: now,
        endedAt: null,
      })
      .run()
    return recordId
  })
  await writeInitialRecord(store, recordDocumentId, {
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
    await notify(kyselyOf(db), await groupMemberIds(db, plan.groupId), {
      kind: 'session_started',
      actorId: host.id,
      documentId: plan.id,
      taskId: input.taskId ?? null,
      sessionId: meetingId,
      excerpt: plan.title,
    })
  }
  await recordAudit(db, {
    actorId: host.id,
    action: 'session_started',
    targetType: 'session',
    targetId: meetingId,
    schoolId: plan.schoolId,
    ip: actor.ip,
    details: {
      documentId: plan.id,
      minutesDocumentId: recordDocumentId,
      taskId: input.taskId ?? null,
      agenda,
    },
  })
  return { meetingId, recordDocumentId }
}

/** Mirrors vote changes between two states into `session_votes`. */
async function recordVoteChange(
  db: AppDb,
  meetingId: string,
  before: MeetingState,
  after: MeetingState,
): Promise<void> {
  const opened = after.openVote
  if (opened && before.openVote?.id !== opened.id) {
    await db
      .insert(sessionVotes)
      .values({
        id: opened.id,
        sessionId: meetingId,
        proposal: opened.proposal,
        openedAt: opened.openedAt,
        closedAt: null,
        ballots: {},
      })
      .run()
  } else if (opened && before.openVote?.ballots !== opened.ballots) {
    await db
      .update(sessionVotes)
      .set({ ballots: { ...opened.ballots } })
      .where(eq(sessionVotes.id, opened.id))
      .run()
  }
  const closing = before.openVote
  if (closing && !opened) {
    const result = after.closedVotes.find((vote) => vote.id === closing.id)
    await db
      .update(sessionVotes)
      .set({ ballots: { ...closing.ballots }, closedAt: result?.closedAt ?? Date.now() })
      .where(eq(sessionVotes.id, closing.id))
      .run()
  }
}

/** Persists a running meeting's new state (and agenda) with its vote changes, atomically. */
export async function saveMeetingState(
  executor: SqlExecutor,
  meetingId: string,
  before: MeetingState,
  next: MeetingState,
): Promise<void> {
  await inTransaction(executor, async (tx) => {
    await tx
      .update(prepSessions)
      .set({ state: { ...next }, agenda: next.agenda })
      .where(eq(prepSessions.id, meetingId))
      .run()
    await recordVoteChange(tx, meetingId, before, next)
  })
}

/**
 * Persists the end of a meeting atomically: its final state and end time, the closing of an
 * open vote, and the leave of everyone still in the room.
 */
export async function saveEndedMeeting(
  executor: SqlExecutor,
  meetingId: string,
  before: MeetingState,
  next: MeetingState,
  now: number,
): Promise<void> {
  await inTransaction(executor, async (tx) => {
    await tx
      .update(prepSessions)
      .set({ state: { ...next }, endedAt: now })
      .where(eq(prepSessions.id, meetingId))
      .run()
    await recordVoteChange(tx, meetingId, before, next)
    await closeOpenAttendance(tx, meetingId, now)
  })
}

/** Opens an attendance row (someone entered the room); returns its id. */
export async function openAttendance(
  db: AppDb,
  meetingId: string,
  userId: string,
  joinedAt: number,
): Promise<number> {
  const inserted = await db
    .insert(sessionAttendance)
    .values({ sessionId: meetingId, userId, joinedAt, leftAt: null })
    .returning({ id: sessionAttendance.id })
    .get()
  return inserted.id
}

/** Closes one attendance row (its person left the room). */
export async function closeAttendance(
  db: AppDb,
  attendanceId: number,
  leftAt: number,
): Promise<void> {
  await db
    .update(sessionAttendance)
    .set({ leftAt })
    .where(eq(sessionAttendance.id, attendanceId))
    .run()
}

/** Closes every attendance row of a meeting still open. */
export async function closeOpenAttendance(
  db: AppDb,
  meetingId: string,
  leftAt: number,
): Promise<void> {
  await db
    .update(sessionAttendance)
    .set({ leftAt })
    .where(and(eq(sessionAttendance.sessionId, meetingId), isNull(sessionAttendance.leftAt)))
    .run()
}
