/**
 * What the 集体备课记录 export reads about one meeting: the header facts, attendance by school
 * (with the group's absent members), agenda, speakers, votes, decisions, the plan sections the
 * meeting changed, and the record document itself.
 */
import type { JSONContent } from '@tiptap/core'
import type { DiffStatus } from '../../../../shared/editor/planDiff.ts'
import type { AgendaItem } from '../../../../shared/meetings/meetingState.ts'
import { countBallots, votePassed } from '../../../../shared/meetings/meetingState.ts'
import { RECORD_NOTHING_YET, roleListLines } from '../../../../shared/meetings/recordSchema.ts'
import type { DocumentRegistry } from '../../../collab/DocumentRegistry.ts'
import { parseJson } from '../../../db/database.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { PrepSessionRow } from '../../../db/schema.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import type { AccessibleDocumentRow } from '../../documents/index.ts'
import { comparePlanStates } from '../../history/index.ts'
import {
  groupNameOf,
  groupRoster,
  mainPreparerName,
  meetingAttendees,
  storedMeetingState,
} from '../../meetings/index.ts'
import { beijingDate } from '../docx/planExportData.ts'
import { recordOfState } from '../docx/stateJson.ts'

/** The people of one school at the meeting: who came, and which group members did not. */
export interface SchoolAttendance {
  school: string
  present: string[]
  absent: string[]
}

/** A person given the floor, in the order they first spoke. */
export interface Speaker {
  name: string
  school: string
  /** How many times they were given the floor. */
  turns: number
}

/** A vote as the record shows it. */
export interface VoteLine {
  proposal: string
  agree: number
  disagree: number
  abstain: number
  /** 通过 / 未通过, or 未结束 for a vote still open. */
  result: '通过' | '未通过' | '未结束'
}

/** One plan part the meeting changed, with the text added and removed and who wrote it. */
export interface ChangedSection {
  title: string
  status: DiffStatus
  inserted: string[]
  deleted: string[]
  authors: string[]
}

/** Everything the record export writes. */
export interface MinutesFacts {
  planTitle: string
  /** `YYYY-MM-DD` (Beijing time) of the start. */
  date: string
  /** `14:00–15:05`, or `14:00–（进行中）` while it runs. */
  time: string
  groupName: string
  hostName: string
  mainPreparer: string
  attendance: SchoolAttendance[]
  agenda: AgendaItem[]
  speakers: Speaker[]
  votes: VoteLine[]
  /** Decisions besides votes (resolved comment threads), as recorded. */
  decisions: string[]
  /** Null when the meeting left no versions to compare (then the record says so). */
  changes: ChangedSection[] | null
  /** The record document's JSON (null when the meeting has none). */
  record: JSONContent | null
}

/** Where the export reads the meeting from. */
export interface MinutesSources {
  kdb: AppKysely
  store: DocumentStore
  registry: DocumentRegistry
}

function clock(at: number): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at))
}

/** The meeting's time span as the header shows it. */
export function timeSpan(startedAt: number, endedAt: number | null): string {
  return `${clock(startedAt)}–${endedAt === null ? '（进行中）' : clock(endedAt)}`
}

async function attendanceOf(db: AppKysely, meeting: PrepSessionRow): Promise<SchoolAttendance[]> {
  const present = await meetingAttendees(db, meeting.id)
  const came = new Set(present.map((person) => person.userId))
  const roster = (await groupRoster(db, meeting.groupId)).filter(
    (person) => person.role !== 'observer' && !came.has(person.userId),
  )
  const bySchool = new Map<string, SchoolAttendance>()
  const entry = (school: string) => {
    const known = bySchool.get(school) ?? { school, present: [], absent: [] }
    bySchool.set(school, known)
    return known
  }
  for (const person of present) entry(person.schoolName).present.push(person.displayName)
  for (const person of roster) entry(person.schoolName).absent.push(person.displayName)
  return [...bySchool.values()]
}

async function speakersOf(db: AppKysely, meetingId: string): Promise<Speaker[]> {
  const rows = await db
    .selectFrom('auditLog')
    .select(['details'])
    .where('action', '=', 'session_floor')
    .where('targetId', '=', meetingId)
    .orderBy('id', 'asc')
    .execute()
  const turns = new Map<string, number>()
  for (const row of rows) {
    const userId = row.details ? parseJson(row.details).userId : null
    if (typeof userId === 'string') turns.set(userId, (turns.get(userId) ?? 0) + 1)
  }
  if (turns.size === 0) return []
  const people = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id', 'users.displayName', 'schools.name as school'])
    .where('users.id', 'in', [...turns.keys()])
    .execute()
  const byId = new Map(people.map((person) => [person.id, person]))
  return [...turns].map(([userId, count]) => ({
    name: byId.get(userId)?.displayName ?? '',
    school: byId.get(userId)?.school ?? '',
    turns: count,
  }))
}

async function votesOf(db: AppKysely, meetingId: string): Promise<VoteLine[]> {
  const rows = await db
    .selectFrom('sessionVotes')
    .select(['proposal', 'ballots', 'closedAt'])
    .where('sessionId', '=', meetingId)
    .orderBy('openedAt', 'asc')
    .execute()
  return rows.map((row) => {
    const counts = countBallots(parseJson(row.ballots))
    const result = row.closedAt === null ? '未结束' : votePassed(counts) ? '通过' : '未通过'
    return { proposal: row.proposal, ...counts, result }
  })
}

/** The ids of the versions a meeting opened and closed on its plan (研讨开始 / 研讨结束). */
async function meetingVersions(
  db: AppKysely,
  meeting: PrepSessionRow,
): Promise<{ start: number | null; end: number | null }> {
  const rows = await db
    .selectFrom('documentVersions')
    .select(['id', 'milestone', 'createdAt'])
    .where('documentId', '=', meeting.documentId)
    .where('milestone', 'in', ['discussion_started', 'discussion_ended'])
    .where('createdAt', '>=', meeting.startedAt)
    .orderBy('id', 'asc')
    .execute()
  const start = rows.find((row) => row.milestone === 'discussion_started')
  const end = start
    ? rows.find((row) => row.milestone === 'discussion_ended' && row.id > start.id)
    : undefined
  return { start: start?.id ?? null, end: end?.id ?? null }
}

const MAX_CHANGE_TEXT = 300

function clip(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim()
  return trimmed.length > MAX_CHANGE_TEXT ? `${trimmed.slice(0, MAX_CHANGE_TEXT)}…` : trimmed
}

async function changesOf(
  sources: MinutesSources,
  meeting: PrepSessionRow,
): Promise<ChangedSection[] | null> {
  const { kdb, store, registry } = sources
  const ids = await meetingVersions(kdb, meeting)
  const fromState =
    ids.start === null ? null : await store.loadVersion(meeting.documentId, ids.start)
  if (ids.start === null || !fromState) return null
  const endState = ids.end === null ? null : await store.loadVersion(meeting.documentId, ids.end)
  const to =
    ids.end !== null && endState
      ? { id: ids.end, state: endState }
      : { id: 'live' as const, state: await registry.encodeState(meeting.documentId) }
  const comparison = await comparePlanStates(
    kdb,
    store,
    meeting.documentId,
    {
      id: ids.start,
      state: fromState,
    },
    to,
  )
  const names = new Map(comparison.people.map((person) => [person.id, person.displayName]))
  return comparison.parts
    .filter((part) => part.status !== 'same')
    .map((part) => {
      const changed = part.runs.filter((run) => run.op !== 'same' && run.text.trim() !== '')
      const authors = new Set(
        changed.flatMap((run) => (run.authorId ? [names.get(run.authorId) ?? ''] : [])),
      )
      return {
        title: part.title['zh-CN'],
        status: part.status,
        inserted: changed.filter((run) => run.op === 'insert').map((run) => clip(run.text)),
        deleted: changed.filter((run) => run.op === 'delete').map((run) => clip(run.text)),
        authors: [...authors].filter((name) => name !== ''),
      }
    })
}

/** The decisions of the record besides the vote lines (which the votes table shows). */
function decisionsOf(record: JSONContent | null): string[] {
  if (!record) return []
  return roleListLines(record, 'decisions').filter(
    (line) => line !== RECORD_NOTHING_YET && !line.startsWith('表决：'),
  )
}

/** Reads everything the record export of a meeting shows. */
export async function loadMinutesFacts(
  sources: MinutesSources,
  meeting: PrepSessionRow,
  plan: AccessibleDocumentRow,
): Promise<MinutesFacts> {
  const { kdb, registry } = sources
  const host = await kdb
    .selectFrom('users')
    .select('displayName')
    .where('id', '=', meeting.hostId)
    .executeTakeFirst()
  const state = storedMeetingState.safeParse(meeting.state)
  const record = meeting.minutesDocumentId
    ? recordOfState(await registry.encodeState(meeting.minutesDocumentId))
    : null
  return {
    planTitle: plan.title || plan.lesson,
    date: beijingDate(meeting.startedAt),
    time: timeSpan(meeting.startedAt, meeting.endedAt),
    groupName: await groupNameOf(kdb, meeting.groupId),
    hostName: host?.displayName ?? '',
    mainPreparer: await mainPreparerName(kdb, plan, meeting.taskId),
    attendance: await attendanceOf(kdb, meeting),
    agenda: state.success ? state.data.agenda : meeting.agenda,
    speakers: await speakersOf(kdb, meeting.id),
    votes: await votesOf(kdb, meeting.id),
    decisions: decisionsOf(record),
    changes: await changesOf(sources, meeting),
    record,
  }
}
