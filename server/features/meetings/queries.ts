import type { Selectable } from 'kysely'
import type { GroupRole, Permission } from '../../../shared/domain.ts'
import type { MeetingInfo, MeetingParticipant } from '../../../shared/meetings/meetingApi.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { type Database, parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { PrepSessionRow } from '../../db/schema.ts'
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

/** A stored `prep_sessions` row with its JSON columns (agenda, state) parsed. */
function meetingRowOf(row: Selectable<Database['prepSessions']>): PrepSessionRow {
  return { ...row, agenda: parseJson(row.agenda), state: parseJson(row.state) }
}

/** Loads a meeting row (`prep_sessions`) by id. */
export async function loadMeetingRow(
  db: AppKysely,
  meetingId: string,
): Promise<PrepSessionRow | undefined> {
  const row = await db
    .selectFrom('prepSessions')
    .selectAll()
    .where('id', '=', meetingId)
    .executeTakeFirst()
  return row ? meetingRowOf(row) : undefined
}

/** Loads a meeting row and the row of the plan it is held on. */
export async function loadMeetingAndPlan(db: AppKysely, meetingId: string): Promise<LoadedMeeting> {
  const meeting = await loadMeetingRow(db, meetingId)
  const plan = meeting ? await loadDocumentRow(db, meeting.documentId) : undefined
  return { meeting, plan }
}

/** The id of the meeting running on a plan, if any (read inside the start transaction). */
export async function runningMeetingId(db: AppKysely, documentId: string): Promise<string | null> {
  const running = await db
    .selectFrom('prepSessions')
    .select('id')
    .where('documentId', '=', documentId)
    .where('endedAt', 'is', null)
    .executeTakeFirst()
  return running?.id ?? null
}

/**
 * The permission another user has on a plan ('none' when the user is unknown or disabled).
 * `db` is for the identity feature (not on Kysely yet); memberships go through its Kysely twin.
 */
export async function permissionOfUser(
  db: AppKysely,
  userId: string,
  plan: AccessFields,
): Promise<Permission> {
  const user = await loadPublicUser(db, userId)
  if (!user || user.disabled) return 'none'
  return documentPermission(await loadSubject(db, user), plan)
}

/** The facts of meetings as the API shows them (plan title, group and host names resolved). */
export async function meetingInfos(
  db: AppKysely,
  rows: readonly PrepSessionRow[],
): Promise<MeetingInfo[]> {
  if (rows.length === 0) return []
  const titles = new Map(
    (
      await db
        .selectFrom('documents')
        .select(['id', 'title'])
        .where('id', 'in', [...new Set(rows.map((row) => row.documentId))])
        .execute()
    ).map((row) => [row.id, row.title]),
  )
  const groupIds = [...new Set(rows.flatMap((row) => (row.groupId ? [row.groupId] : [])))]
  const groupNames = new Map(
    groupIds.length === 0
      ? []
      : (
          await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).execute()
        ).map((row) => [row.id, row.name]),
  )
  const hostNames = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'displayName as name'])
        .where('id', 'in', [...new Set(rows.map((row) => row.hostId))])
        .execute()
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
export async function meetingInfo(db: AppKysely, row: PrepSessionRow): Promise<MeetingInfo> {
  return (await meetingInfos(db, [row]))[0] as MeetingInfo
}

/** Every meeting held on a plan, newest first. */
export async function meetingsOfPlan(db: AppKysely, documentId: string): Promise<PrepSessionRow[]> {
  const rows = await db
    .selectFrom('prepSessions')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('startedAt', 'desc')
    .execute()
  return rows.map(meetingRowOf)
}

/** A person as the meeting room lists them. */
export interface RosterPerson {
  userId: string
  displayName: string
  schoolId: string
  schoolName: string
}

/** Members of a group with their role, in the order they joined the group (then by user id). */
export async function groupRoster(
  db: AppKysely,
  groupId: string | null,
): Promise<Array<RosterPerson & { role: GroupRole }>> {
  if (!groupId) return []
  return (
    db
      .selectFrom('groupMembers')
      .innerJoin('users', 'users.id', 'groupMembers.userId')
      .innerJoin('schools', 'schools.id', 'users.schoolId')
      .select([
        'users.id as userId',
        'users.displayName',
        'users.schoolId',
        'schools.name as schoolName',
        'groupMembers.role',
      ])
      .where('groupMembers.groupId', '=', groupId)
      .orderBy('groupMembers.createdAt', 'asc')
      // Ties as SQLite gave them (it scans the members by primary key, group then user).
      .orderBy('groupMembers.userId', 'asc')
      .execute()
  )
}

/** Everyone who joined the meeting at least once, in order of their first join (then by id). */
export async function meetingAttendees(db: AppKysely, meetingId: string): Promise<RosterPerson[]> {
  const firstJoins = await db
    .selectFrom('sessionAttendance')
    .select((eb) => ['userId', eb.fn.min('joinedAt').as('firstJoin')])
    .where('sessionId', '=', meetingId)
    .groupBy('userId')
    .execute()
  if (firstJoins.length === 0) return []
  const people = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'users.id as userId',
      'users.displayName',
      'users.schoolId',
      'schools.name as schoolName',
    ])
    .where(
      'users.id',
      'in',
      firstJoins.map((row) => row.userId),
    )
    // The order SQLite gave them (it looks the ids up in sorted order): ties of the sort below.
    .orderBy('users.id', 'asc')
    .execute()
  const order = new Map(firstJoins.map((row) => [row.userId, row.firstJoin ?? 0]))
  return people.sort((a, b) => (order.get(a.userId) ?? 0) - (order.get(b.userId) ?? 0))
}

/** Whether someone has joined the meeting before (an attendance row exists). */
export async function hasAttended(
  db: AppKysely,
  meetingId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('sessionAttendance')
    .select('id')
    .where('sessionId', '=', meetingId)
    .where('userId', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

/** The room's people: the plan's group and anyone else who joined, with who is online. */
export async function meetingParticipants(
  db: AppKysely,
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
  db: AppKysely,
  registry: DocumentRegistry,
  planId: string,
): Promise<string[]> {
  return recordedDecisionLines(db, registry, planId)
}

/** The state of the task a meeting is opened from, if the task exists. */
export async function loadTaskScope(
  db: AppKysely,
  taskId: string,
): Promise<{ groupId: string; deletedAt: number | null } | undefined> {
  return db
    .selectFrom('prepTasks')
    .select(['groupId', 'deletedAt'])
    .where('id', '=', taskId)
    .executeTakeFirst()
}

/** A group's name ('' when the plan is in no group or the group is gone). */
export async function groupNameOf(db: AppKysely, groupId: string | null): Promise<string> {
  if (!groupId) return ''
  const group = await db
    .selectFrom('groups')
    .select('name')
    .where('id', '=', groupId)
    .executeTakeFirst()
  return group?.name ?? ''
}

/** The ids of a group's members. */
export async function groupMemberIds(db: AppKysely, groupId: string): Promise<string[]> {
  const members = await db
    .selectFrom('groupMembers')
    .select('userId')
    .where('groupId', '=', groupId)
    .execute()
  return members.map((member) => member.userId)
}

async function displayNameOf(
  db: AppKysely,
  userId: string | null | undefined,
): Promise<string | null> {
  if (!userId) return null
  const user = await db
    .selectFrom('users')
    .select('displayName')
    .where('id', '=', userId)
    .executeTakeFirst()
  return user?.displayName ?? null
}

/** The main preparer's name: from the plan's life cycle, else its task, else its owner. */
export async function mainPreparerName(
  db: AppKysely,
  plan: Pick<PlanRow, 'id' | 'ownerId'>,
  taskId: string | null,
): Promise<string> {
  const lifecycle = await db
    .selectFrom('planLifecycle')
    .select(['mainPreparerId', 'taskId'])
    .where('documentId', '=', plan.id)
    .executeTakeFirst()
  const task = taskId ?? lifecycle?.taskId ?? null
  const taskPreparer = task
    ? (
        await db
          .selectFrom('prepTasks')
          .select('mainPreparerId')
          .where('id', '=', task)
          .executeTakeFirst()
      )?.mainPreparerId
    : undefined
  return (
    (await displayNameOf(db, lifecycle?.mainPreparerId)) ??
    (await displayNameOf(db, taskPreparer)) ??
    (await displayNameOf(db, plan.ownerId)) ??
    ''
  )
}
