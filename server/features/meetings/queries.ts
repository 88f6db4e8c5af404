import { and, asc, desc, eq, inArray, isNull, min } from 'drizzle-orm'
import type { GroupRole, Permission } from '../../../shared/domain.ts'
import type { MeetingInfo, MeetingParticipant } from '../../../shared/meetings/meetingApi.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { AppDb } from '../../db/appDb.ts'
import {
  documents,
  groupMembers,
  groups,
  type PrepSessionRow,
  planLifecycle,
  prepSessions,
  prepTasks,
  schools,
  sessionAttendance,
  users,
} from '../../db/schema.ts'
import { recordedDecisionLines } from '../comments/index.ts'
import {
  type AccessFields,
  type AccessibleDocumentRow,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/index.ts'
import { loadPublicUser } from '../identity/index.ts'

/** A plan's row as the access rules read it (with the life-cycle facts `loadDocumentRow` joins). */
export type PlanRow = AccessibleDocumentRow

/** A meeting row and its plan, as loaded for the access rules (either may be missing). */
export interface LoadedMeeting {
  meeting: PrepSessionRow | undefined
  plan: PlanRow | undefined
}

/** Loads a meeting row (`prep_sessions`) by id. */
export async function loadMeetingRow(
  db: AppDb,
  meetingId: string,
): Promise<PrepSessionRow | undefined> {
  return db.select().from(prepSessions).where(eq(prepSessions.id, meetingId)).get()
}

/** Loads a meeting row and the row of the plan it is held on. */
export async function loadMeetingAndPlan(db: AppDb, meetingId: string): Promise<LoadedMeeting> {
  const meeting = await loadMeetingRow(db, meetingId)
  const plan = meeting ? await loadDocumentRow(db, meeting.documentId) : undefined
  return { meeting, plan }
}

/** The id of the meeting running on a plan, if any (read inside the start transaction). */
export async function runningMeetingId(db: AppDb, documentId: string): Promise<string | null> {
  const running = await db
    .select({ id: prepSessions.id })
    .from(prepSessions)
    .where(and(eq(prepSessions.documentId, documentId), isNull(prepSessions.endedAt)))
    .get()
  return running?.id ?? null
}

/** The permission another user has on a plan ('none' when the user is unknown or disabled). */
export async function permissionOfUser(
  db: AppDb,
  userId: string,
  plan: AccessFields,
): Promise<Permission> {
  const user = await loadPublicUser(db, userId)
  if (!user || user.disabled) return 'none'
  return documentPermission(await loadSubject(db, user), plan)
}

/** The facts of meetings as the API shows them (plan title, group and host names resolved). */
export async function meetingInfos(
  db: AppDb,
  rows: readonly PrepSessionRow[],
): Promise<MeetingInfo[]> {
  if (rows.length === 0) return []
  const titles = new Map(
    (
      await db
        .select({ id: documents.id, title: documents.title })
        .from(documents)
        .where(inArray(documents.id, [...new Set(rows.map((row) => row.documentId))]))
        .all()
    ).map((row) => [row.id, row.title]),
  )
  const groupIds = [...new Set(rows.flatMap((row) => (row.groupId ? [row.groupId] : [])))]
  const groupNames = new Map(
    groupIds.length === 0
      ? []
      : (
          await db
            .select({ id: groups.id, name: groups.name })
            .from(groups)
            .where(inArray(groups.id, groupIds))
            .all()
        ).map((row) => [row.id, row.name]),
  )
  const hostNames = new Map(
    (
      await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, [...new Set(rows.map((row) => row.hostId))]))
        .all()
    ).map((row) => [row.id, row.name]),
  )
  return rows.map((row) => ({
    id: row.id,
    documentId: row.documentId,
    documentTitle: titles.get(row.documentId) ?? '',
    groupId: row.groupId,
    groupName: row.groupId ? (groupNames.get(row.groupId) ?? null) : null,
    taskId: row.taskId,
    minutesDocumentId: row.minutesDocumentId,
    hostId: row.hostId,
    hostName: hostNames.get(row.hostId) ?? '',
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  }))
}

/** The facts of one meeting. */
export async function meetingInfo(db: AppDb, row: PrepSessionRow): Promise<MeetingInfo> {
  return (await meetingInfos(db, [row]))[0] as MeetingInfo
}

/** Every meeting held on a plan, newest first. */
export async function meetingsOfPlan(db: AppDb, documentId: string): Promise<PrepSessionRow[]> {
  return db
    .select()
    .from(prepSessions)
    .where(eq(prepSessions.documentId, documentId))
    .orderBy(desc(prepSessions.startedAt))
    .all()
}

/** A person as the meeting room lists them. */
export interface RosterPerson {
  userId: string
  displayName: string
  schoolId: string
  schoolName: string
}

/** Members of a group with their role, in the order they joined the group. */
export async function groupRoster(
  db: AppDb,
  groupId: string | null,
): Promise<Array<RosterPerson & { role: GroupRole }>> {
  if (!groupId) return []
  return db
    .select({
      userId: users.id,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
      role: groupMembers.role,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.createdAt))
    .all()
}

/** Everyone who joined the meeting at least once, in order of their first join. */
export async function meetingAttendees(db: AppDb, meetingId: string): Promise<RosterPerson[]> {
  const firstJoins = await db
    .select({ userId: sessionAttendance.userId, firstJoin: min(sessionAttendance.joinedAt) })
    .from(sessionAttendance)
    .where(eq(sessionAttendance.sessionId, meetingId))
    .groupBy(sessionAttendance.userId)
    .all()
  if (firstJoins.length === 0) return []
  const people = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
    })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(
      inArray(
        users.id,
        firstJoins.map((row) => row.userId),
      ),
    )
    .all()
  const order = new Map(firstJoins.map((row) => [row.userId, row.firstJoin ?? 0]))
  return people.sort((a, b) => (order.get(a.userId) ?? 0) - (order.get(b.userId) ?? 0))
}

/** Whether someone has joined the meeting before (an attendance row exists). */
export async function hasAttended(db: AppDb, meetingId: string, userId: string): Promise<boolean> {
  const row = await db
    .select({ id: sessionAttendance.id })
    .from(sessionAttendance)
    .where(and(eq(sessionAttendance.sessionId, meetingId), eq(sessionAttendance.userId, userId)))
    .get()
  return row !== undefined
}

/** The room's people: the plan's group and anyone else who joined, with who is online. */
export async function meetingParticipants(
  db: AppDb,
  meetingId: string,
  groupId: string | null,
  online: ReadonlySet<string>,
): Promise<MeetingParticipant[]> {
  const attendees = await meetingAttendees(db, meetingId)
  const attended = new Set(attendees.map((person) => person.userId))
  const roster = await groupRoster(db, groupId)
  const listed = new Set(roster.map((person) => person.userId))
  const all: Array<RosterPerson & { role: GroupRole | null }> = [
    ...roster,
    ...attendees
      .filter((person) => !listed.has(person.userId))
      .map((person) => ({ ...person, role: null })),
  ]
  return all.map((person) => ({
    userId: person.userId,
    displayName: person.displayName,
    schoolId: person.schoolId,
    schoolName: person.schoolName,
    groupRole: person.role,
    online: online.has(person.userId),
    attended: attended.has(person.userId),
  }))
}

/**
 * The decisions (结论) of a plan's resolved comment threads as record lines, oldest first:
 * `决议：<decision>（关于“<quote>”）`, as the server recorded them when they were resolved.
 */
export function commentDecisionsOf(
  db: AppDb,
  registry: DocumentRegistry,
  planId: string,
): Promise<string[]> {
  return recordedDecisionLines(db, registry, planId)
}

/** The state of the task a meeting is opened from, if the task exists. */
export async function loadTaskScope(
  db: AppDb,
  taskId: string,
): Promise<{ groupId: string; deletedAt: number | null } | undefined> {
  return db
    .select({ groupId: prepTasks.groupId, deletedAt: prepTasks.deletedAt })
    .from(prepTasks)
    .where(eq(prepTasks.id, taskId))
    .get()
}

/** A group's name ('' when the plan is in no group or the group is gone). */
export async function groupNameOf(db: AppDb, groupId: string | null): Promise<string> {
  if (!groupId) return ''
  const group = await db
    .select({ name: groups.name })
    .from(groups)
    .where(eq(groups.id, groupId))
    .get()
  return group?.name ?? ''
}

/** The ids of a group's members. */
export async function groupMemberIds(db: AppDb, groupId: string): Promise<string[]> {
  const members = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(eq(groupMembers.groupId, groupId))
    .all()
  return members.map((member) => member.userId)
}

async function displayNameOf(db: AppDb, userId: string | null | undefined): Promise<string | null> {
  if (!userId) return null
  return (
    (await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get())
      ?.name ?? null
  )
}

/** The main preparer's name: from the plan's life cycle, else its task, else its owner. */
export async function mainPreparerName(
  db: AppDb,
  plan: Pick<PlanRow, 'id' | 'ownerId'>,
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
