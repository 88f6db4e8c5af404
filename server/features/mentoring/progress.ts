/**
 * A pair's duty progress in one term, counted from Jibei's own records (the counting rules are
 * listed in shared/mentoring/mentoringApi.ts): closed observations, guidance requests and the
 * mentor's comments on them, sessions both attended.
 */

import { termDays } from '../../../shared/identity/terms.ts'
import {
  type DutyItem,
  type DutyKey,
  type DutyProgress,
  type PairProgress,
  PUBLIC_LESSON_MIN_OBSERVERS,
} from '../../../shared/mentoring/mentoringApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { badRequest, DomainError } from '../../domainError.ts'
import { chinaMidnight } from './day.ts'
import { dutiesOf, type LoadedPair } from './queries.ts'

const DAY_MS = 86_400_000
/** Days counted as one month for per-month duties. */
const MONTH_DAYS = 30

/** The counted window: the term's days within the pair's period, cut where the pair ended. */
export function countingWindow(
  term: string,
  pair: { startDate: string; endDate: string; endedAt: number | null },
): { from: number; to: number } {
  const days = termDays(term)
  if (!days) throw badRequest('Not a term of the form 2026-2027-1')
  const from = Math.max(chinaMidnight(days.start), chinaMidnight(pair.startDate))
  let to = Math.min(chinaMidnight(days.end), chinaMidnight(pair.endDate) + DAY_MS)
  if (pair.endedAt !== null) to = Math.min(to, pair.endedAt)
  return { from, to: Math.max(from, to) }
}

interface Window {
  from: number
  to: number
}

/** Closed observations of `teacherId`'s lessons in the window that `observerId` observed. */
async function observationsBetween(
  db: AppKysely,
  teacherId: string,
  observerId: string,
  window: Window,
): Promise<DutyItem[]> {
  const rows = await db
    .selectFrom('observations')
    .innerJoin('observationObservers', 'observationObservers.observationId', 'observations.id')
    .innerJoin('documents', 'documents.id', 'observations.documentId')
    .select(['observations.id', 'observations.startsAt', 'documents.title'])
    .where('observations.teacherId', '=', teacherId)
    .where('observationObservers.userId', '=', observerId)
    .where('observations.status', '=', 'closed')
    .where('observations.startsAt', '>=', window.from)
    .where('observations.startsAt', '<', window.to)
    .orderBy('observations.startsAt', 'asc')
    .execute()
  return rows.map((row) => ({
    kind: 'observation',
    id: row.id,
    title: row.title,
    at: row.startsAt,
    link: `/observations/${row.id}`,
  }))
}

/** Closed observations of the mentee's lessons in the window with enough observers. */
async function publicLessons(db: AppKysely, menteeId: string, window: Window) {
  const rows = await db
    .selectFrom('observations')
    .innerJoin('observationObservers', 'observationObservers.observationId', 'observations.id')
    .innerJoin('documents', 'documents.id', 'observations.documentId')
    .select((eb) => [
      'observations.id',
      'observations.startsAt',
      'documents.title',
      eb.fn.countAll<number>().as('observers'),
    ])
    .where('observations.teacherId', '=', menteeId)
    .where('observations.status', '=', 'closed')
    .where('observations.startsAt', '>=', window.from)
    .where('observations.startsAt', '<', window.to)
    .groupBy(['observations.id', 'observations.startsAt', 'documents.title'])
    .orderBy('observations.startsAt', 'asc')
    .execute()
  return rows
    .filter((row) => Number(row.observers) >= PUBLIC_LESSON_MIN_OBSERVERS)
    .map(
      (row): DutyItem => ({
        kind: 'observation',
        id: row.id,
        title: row.title,
        at: row.startsAt,
        link: `/observations/${row.id}`,
      }),
    )
}

/** Guidance requests of the window, and the mentor's comments on each plan after its request. */
async function guidance(db: AppKysely, pair: LoadedPair, window: Window) {
  const requests = await db
    .selectFrom('mentoringGuidance')
    .innerJoin('documents', 'documents.id', 'mentoringGuidance.documentId')
    .select(['mentoringGuidance.documentId', 'mentoringGuidance.requestedAt', 'documents.title'])
    .where('mentoringGuidance.pairId', '=', pair.row.id)
    .where('mentoringGuidance.requestedAt', '>=', window.from)
    .where('mentoringGuidance.requestedAt', '<', window.to)
    .orderBy('mentoringGuidance.requestedAt', 'asc')
    .execute()
  const handedIn: DutyItem[] = []
  const reviewed: DutyItem[] = []
  for (const request of requests) {
    const item: DutyItem = {
      kind: 'plan',
      id: request.documentId,
      title: request.title,
      at: request.requestedAt,
      link: `/plans/${request.documentId}`,
    }
    handedIn.push(item)
    const comments = await db
      .selectFrom('commentLog')
      .select(['createdAt'])
      .where('documentId', '=', request.documentId)
      .where('authorId', '=', pair.row.mentorId ?? '')
      .where('deletedAt', 'is', null)
      .where('createdAt', '>=', Math.max(request.requestedAt, window.from))
      .where('createdAt', '<', window.to)
      .orderBy('createdAt', 'asc')
      .execute()
    const first = comments[0]
    if (first) reviewed.push({ ...item, at: first.createdAt, comments: comments.length })
  }
  return { handedIn, reviewed }
}

/** Sessions (集体研讨) both teachers joined in the window. */
async function sessionsBothAttended(
  db: AppKysely,
  userIds: readonly [string, string],
  window: Window,
): Promise<DutyItem[]> {
  const rows = await db
    .selectFrom('sessionAttendance')
    .innerJoin('prepSessions', 'prepSessions.id', 'sessionAttendance.sessionId')
    .innerJoin('documents', 'documents.id', 'prepSessions.documentId')
    .select([
      'sessionAttendance.sessionId',
      'sessionAttendance.userId',
      'prepSessions.startedAt',
      'documents.title',
    ])
    .where('sessionAttendance.userId', 'in', [...userIds])
    .where('sessionAttendance.joinedAt', '>=', window.from)
    .where('sessionAttendance.joinedAt', '<', window.to)
    .execute()
  const seen = new Map<string, { users: Set<string>; startedAt: number; title: string }>()
  for (const row of rows) {
    const entry = seen.get(row.sessionId) ?? {
      users: new Set<string>(),
      startedAt: row.startedAt,
      title: row.title,
    }
    entry.users.add(row.userId)
    seen.set(row.sessionId, entry)
  }
  return [...seen.entries()]
    .filter(([, entry]) => entry.users.size === 2)
    .map(
      ([id, entry]): DutyItem => ({
        kind: 'session',
        id,
        title: entry.title,
        at: entry.startedAt,
        link: `/sessions/${id}`,
      }),
    )
    .sort((a, b) => a.at - b.at)
}

/** Whole months of `ms` (at least one for a window that is not empty). */
function monthsOf(ms: number): number {
  return ms <= 0 ? 0 : Math.max(1, Math.round(ms / (MONTH_DAYS * DAY_MS)))
}

/** The progress of a teacher pair in `term` as of `now`. */
export async function pairProgress(
  db: AppKysely,
  pair: LoadedPair,
  term: string,
  now: number,
): Promise<PairProgress> {
  const { row } = pair
  if (row.kind !== 'teacher' || row.mentorId === null || row.menteeId === null)
    throw new DomainError('school_pair_no_duties', 'A school pair has no per-teacher duties')
  const window = countingWindow(term, row)
  const duties = dutiesOf(row)
  const ended = now >= window.to
  const middle = window.from + (window.to - window.from) / 2
  const lessons = await publicLessons(db, row.menteeId, window)
  const { handedIn, reviewed } = await guidance(db, pair, window)
  const sessions = await sessionsBothAttended(db, [row.mentorId, row.menteeId], window)
  const monthsPassed = Math.floor(
    Math.max(0, Math.min(now, window.to) - window.from) / (MONTH_DAYS * DAY_MS),
  )
  const counted = (key: DutyKey, items: DutyItem[], dueBy = ended): DutyProgress => ({
    key,
    required: duties[key],
    done: items.length,
    overdue: dueBy && items.length < duties[key],
    items,
  })
  const sessionsRequired = duties.studySessionsPerMonth * monthsOf(window.to - window.from)
  return {
    pairId: row.id,
    term,
    from: window.from,
    to: window.to,
    duties: [
      counted(
        'mentorObservations',
        await observationsBetween(db, row.menteeId, row.mentorId, window),
      ),
      counted('mentorPlanReviews', reviewed),
      counted(
        'menteeObservations',
        await observationsBetween(db, row.mentorId, row.menteeId, window),
      ),
      counted('menteePlans', handedIn),
      counted(
        'exploratoryLessons',
        lessons.filter((item) => item.at < middle),
        now >= middle,
      ),
      counted(
        'reportLessons',
        lessons.filter((item) => item.at >= middle),
      ),
      {
        key: 'studySessionsPerMonth',
        required: sessionsRequired,
        done: sessions.length,
        overdue: sessions.length < duties.studySessionsPerMonth * monthsPassed,
        items: sessions,
      },
    ],
  }
}
