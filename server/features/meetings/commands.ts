import type { PublicUser } from '../../../shared/domain.ts'
import {
  type AgendaItem,
  DEFAULT_AGENDA,
  initialMeetingState,
  type MeetingState,
} from '../../../shared/meetings/meetingState.ts'
import { recordAudit } from '../../audit.ts'
import { toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentRow } from '../../db/schema.ts'
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
  db: AppKysely,
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
  kdb: AppKysely,
  executor: SqlExecutor,
  store: DocumentStore,
  actor: StartMeetingActor,
  input: StartMeetingInput,
): Promise<StartedMeeting> {
  const host: PublicUser = actor.subject.user
  const plan = startablePlan(actor.subject, await loadDocumentRow(kdb, input.documentId))
  if (input.taskId) requireTaskOfPlan(await loadTaskScope(kdb, input.taskId), plan)
  const agenda = input.agenda ?? [...DEFAULT_AGENDA]
  const now = Date.now()
  const date = allianceDate(now)
  const groupName = await groupNameOf(kdb, plan.groupId)
  const meetingId = newId()
  // Check and insert in one transaction: two starts cannot both pass the check.
  const recordDocumentId = await inTransaction(executor, async (ktx) => {
    requireNoRunningMeeting(await runningMeetingId(ktx, plan.id))
    const recordId = await insertRecordRow(
      ktx,
      plan,
      { id: host.id, schoolId: host.schoolId },
      recordTitle(plan.title, date),
      now,
    )
    await ktx
      .insertInto('prepSessions')
      .values({
        id: meetingId,
        documentId: plan.id,
        groupId: plan.groupId,
        taskId: input.taskId ?? null,
        minutesDocumentId: recordId,
        hostId: host.id,
        agenda: toJsonText(agenda),
        state: toJsonText<Record<string, unknown>>({ ...initialMeetingState(agenda) }),
        startedAt: now,
        endedAt: null,
      })
      .execute()
    return recordId
  })
  await writeInitialRecord(store, recordDocumentId, {
    date,
    groupName: groupName || '—',
    hostName: host.displayName,
    mainPreparerName: await mainPreparerName(kdb, plan, input.taskId ?? null),
    planTitle: plan.title,
    planHref: `/plans/${plan.id}`,
    // Filled in as people join the room (the host usually first).
    attendeeLines: [],
    agendaLines: agendaLines(agenda),
    decisionLines: [],
  })
  if (plan.groupId) {
    await notify(kdb, await groupMemberIds(kdb, plan.groupId), {
      kind: 'session_started',
      actorId: host.id,
      documentId: plan.id,
      taskId: input.taskId ?? null,
      sessionId: meetingId,
      excerpt: plan.title,
    })
  }
  await recordAudit(kdb, {
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
  db: AppKysely,
  meetingId: string,
  before: MeetingState,
  after: MeetingState,
): Promise<void> {
  const opened = after.openVote
  if (opened && before.openVote?.id !== opened.id) {
    await db
      .insertInto('sessionVotes')
      .values({
        id: opened.id,
        sessionId: meetingId,
        proposal: opened.proposal,
        openedAt: opened.openedAt,
        closedAt: null,
        ballots: toJsonText({}),
      })
      .execute()
  } else if (opened && before.openVote?.ballots !== opened.ballots) {
    await db
      .updateTable('sessionVotes')
      .set({ ballots: toJsonText({ ...opened.ballots }) })
      .where('id', '=', opened.id)
      .execute()
  }
  const closing = before.openVote
  if (closing && !opened) {
    const result = after.closedVotes.find((vote) => vote.id === closing.id)
    await db
      .updateTable('sessionVotes')
      .set({
        ballots: toJsonText({ ...closing.ballots }),
        closedAt: result?.closedAt ?? Date.now(),
      })
      .where('id', '=', closing.id)
      .execute()
  }
}

/** Persists a running meeting's new state (and agenda) with its vote changes, atomically. */
export async function saveMeetingState(
  executor: SqlExecutor,
  meetingId: string,
  before: MeetingState,
  next: MeetingState,
): Promise<void> {
  await inTransaction(executor, async (ktx) => {
    await ktx
      .updateTable('prepSessions')
      .set({
        state: toJsonText<Record<string, unknown>>({ ...next }),
        agenda: toJsonText(next.agenda),
      })
      .where('id', '=', meetingId)
      .execute()
    await recordVoteChange(ktx, meetingId, before, next)
    await recordTurn(ktx, meetingId, before, next)
  })
}

/**
 * Records a speaking turn when the floor went to someone new (for the dashboard's speaking
 * turns by school): the speaker and their school, in the state change's transaction.
 */
async function recordTurn(
  ktx: AppKysely,
  meetingId: string,
  before: MeetingState,
  next: MeetingState,
): Promise<void> {
  const speaker = next.floor
  if (speaker === null || speaker === before.floor) return
  const user = await ktx
    .selectFrom('users')
    .select('schoolId')
    .where('id', '=', speaker)
    .executeTakeFirst()
  if (!user) return
  await ktx
    .insertInto('sessionTurns')
    .values({ sessionId: meetingId, userId: speaker, schoolId: user.schoolId, givenAt: Date.now() })
    .execute()
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
  await inTransaction(executor, async (ktx) => {
    await ktx
      .updateTable('prepSessions')
      .set({ state: toJsonText<Record<string, unknown>>({ ...next }), endedAt: now })
      .where('id', '=', meetingId)
      .execute()
    await recordVoteChange(ktx, meetingId, before, next)
    await closeOpenAttendance(ktx, meetingId, now)
  })
}

/** Opens an attendance row (someone entered the room); returns its id. */
export async function openAttendance(
  db: AppKysely,
  meetingId: string,
  userId: string,
  joinedAt: number,
): Promise<number> {
  const inserted = await db
    .insertInto('sessionAttendance')
    .values({ sessionId: meetingId, userId, joinedAt, leftAt: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return inserted.id
}

/** Closes one attendance row (its person left the room). */
export async function closeAttendance(
  db: AppKysely,
  attendanceId: number,
  leftAt: number,
): Promise<void> {
  await db.updateTable('sessionAttendance').set({ leftAt }).where('id', '=', attendanceId).execute()
}

/** Closes every attendance row of a meeting still open. */
export async function closeOpenAttendance(
  db: AppKysely,
  meetingId: string,
  leftAt: number,
): Promise<void> {
  await db
    .updateTable('sessionAttendance')
    .set({ leftAt })
    .where('sessionId', '=', meetingId)
    .where('leftAt', 'is', null)
    .execute()
}
