/** Reads of observations: one observation with its observers, lists, counts and settings. */
import type {
  ObservationCounts,
  ObservationInfo,
  ObservationRoles,
  ObservationScope,
  ObservationSummary,
  ObserverInfo,
} from '../../../shared/observations/observationApi.ts'
import { anonymousObserverLabel } from '../../../shared/observations/observationApi.ts'
import { pointsOf } from '../../../shared/observations/rubric.ts'
import type { PlannedStep } from '../../../shared/observations/scoring.ts'
import { parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { ObservationRow } from '../../db/schema.ts'
import { notFound } from '../../domainError.ts'
import type { AccessSubject } from '../documents/index.ts'
import { peopleByIds, personRef } from './people.ts'
import { namesHiddenFor, requireVisible, rolesOf } from './policy.ts'
import { type LoadedRubricVersion, loadRubricVersion } from './rubrics.ts'
import type { StoredSuggestion } from './schema.ts'

/** An observation row with its steps parsed. */
export type LoadedObservationRow = Omit<ObservationRow, 'steps'> & { steps: PlannedStep[] }

/** One observer as stored. */
export interface ObserverRow {
  userId: string
  position: number
  strengths: string
  suggestions: StoredSuggestion[]
  submittedAt: number | null
  updatedAt: number
}

/** An observation with its observers, their picked points and its rubric version. */
export interface LoadedObservation {
  row: LoadedObservationRow
  observers: ObserverRow[]
  /** userId → LICC points picked. */
  points: Map<string, string[]>
  rubric: LoadedRubricVersion
}

/** An observation and everything about it; undefined when absent. */
export async function loadObservation(
  db: AppKysely,
  observationId: string,
): Promise<LoadedObservation | undefined> {
  const row = await db
    .selectFrom('observations')
    .selectAll()
    .where('id', '=', observationId)
    .executeTakeFirst()
  if (!row) return undefined
  const [observers, pointRows, rubric] = await Promise.all([
    db
      .selectFrom('observationObservers')
      .select(['userId', 'position', 'strengths', 'suggestions', 'submittedAt', 'updatedAt'])
      .where('observationId', '=', observationId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('observationPoints')
      .select(['pointKey', 'userId'])
      .where('observationId', '=', observationId)
      .execute(),
    loadRubricVersion(db, row.rubricVersionId),
  ])
  if (!rubric) throw new Error(`observation ${observationId} has no rubric version`)
  const order = new Map(pointsOf(rubric.definition).map(({ point }, index) => [point.key, index]))
  const points = new Map<string, string[]>()
  for (const point of [...pointRows].sort(
    (a, b) => (order.get(a.pointKey) ?? 0) - (order.get(b.pointKey) ?? 0),
  )) {
    points.set(point.userId, [...(points.get(point.userId) ?? []), point.pointKey])
  }
  return {
    row: { ...row, steps: parseJson(row.steps) },
    observers: observers.map((observer) => ({
      ...observer,
      suggestions: parseJson(observer.suggestions),
    })),
    points,
    rubric,
  }
}

/** The observation as the subject may see it, and what the subject is to it (404 otherwise). */
export async function visibleObservation(
  db: AppKysely,
  subject: AccessSubject,
  observationId: string,
): Promise<{ observation: LoadedObservation; roles: ObservationRoles }> {
  const observation = await loadObservation(db, observationId)
  if (!observation) throw notFound('Observation')
  const roles = rolesOf(
    subject,
    observation.row,
    observation.observers.map((observer) => observer.userId),
  )
  requireVisible(roles)
  return { observation, roles }
}

/** Whether the group shows observers' names to the observed teacher (default yes). */
export async function showObserverNames(db: AppKysely, groupId: string | null): Promise<boolean> {
  if (groupId === null) return true
  const row = await db
    .selectFrom('observationGroupSettings')
    .select('showObserverNames')
    .where('groupId', '=', groupId)
    .executeTakeFirst()
  return row ? row.showObserverNames !== 0 : true
}

/** The observation as the API shows it to a caller with these roles. */
export async function observationInfo(
  db: AppKysely,
  observation: LoadedObservation,
  roles: ObservationRoles,
): Promise<ObservationInfo & { namesHidden: boolean }> {
  const { row, rubric } = observation
  const [document, group, people, showNames] = await Promise.all([
    db.selectFrom('documents').select('title').where('id', '=', row.documentId).executeTakeFirst(),
    row.groupId
      ? db.selectFrom('groups').select('name').where('id', '=', row.groupId).executeTakeFirst()
      : Promise.resolve(undefined),
    peopleByIds(db, [
      row.teacherId,
      row.createdBy,
      ...observation.observers.map((observer) => observer.userId),
    ]),
    showObserverNames(db, row.groupId),
  ])
  const hidden = namesHiddenFor(roles, showNames)
  const teacher = people.get(row.teacherId)
  const createdBy = people.get(row.createdBy)
  if (!teacher || !createdBy) throw new Error(`observation ${row.id} names unknown people`)
  const observers: ObserverInfo[] = observation.observers.map((observer, index) => {
    const person = people.get(observer.userId)
    return {
      person: hidden || !person ? null : personRef(person),
      label: hidden || !person ? anonymousObserverLabel(index) : person.displayName,
      points: observation.points.get(observer.userId) ?? [],
      submittedAt: observer.submittedAt,
    }
  })
  return {
    id: row.id,
    status: row.status,
    documentId: row.documentId,
    documentTitle: document?.title ?? '',
    groupId: row.groupId,
    groupName: group?.name ?? null,
    versionId: row.versionId,
    versionName: row.versionName,
    steps: row.steps.map((step, index) => ({ index, name: step.name, minutes: step.minutes })),
    rubricId: rubric.rubricId,
    rubricVersionId: rubric.id,
    rubricName: rubric.name,
    rubricVersion: rubric.number,
    rubric: rubric.definition,
    teacher: personRef(teacher),
    className: row.className,
    room: row.room,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    observers,
    createdBy: personRef(createdBy),
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    roles,
    namesHidden: hidden,
  }
}

/** Whether the subject may list a group's observations: its lead and admins (a school admin sees those of their school's teachers). */
function mayListGroup(subject: AccessSubject, groupId: string): boolean {
  const role = subject.user.role
  return (
    role === 'alliance_admin' ||
    role === 'school_admin' ||
    subject.memberships.get(groupId) === 'lead'
  )
}

/**
 * Observations of one scope, newest lesson first: `observing` (the caller is an observer),
 * `observed` (the caller's lessons), `group` (plans of a group the caller leads; a school admin
 * sees those of teachers of their school).
 */
export async function listObservations(
  db: AppKysely,
  subject: AccessSubject,
  scope: ObservationScope,
  groupId: string | undefined,
): Promise<ObservationSummary[] | 'forbidden'> {
  const userId = subject.user.id
  let query = db
    .selectFrom('observations')
    .innerJoin('documents', 'documents.id', 'observations.documentId')
    .innerJoin('rubricVersions', 'rubricVersions.id', 'observations.rubricVersionId')
    .select([
      'observations.id',
      'observations.status',
      'observations.documentId',
      'observations.groupId',
      'observations.teacherId',
      'observations.className',
      'observations.room',
      'observations.startsAt',
      'documents.title as documentTitle',
      'rubricVersions.name as rubricName',
    ])
  if (scope === 'observing') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('observationObservers')
          .select('observationObservers.userId')
          .whereRef('observationObservers.observationId', '=', 'observations.id')
          .where('observationObservers.userId', '=', userId),
      ),
    )
  } else if (scope === 'observed') {
    query = query.where('observations.teacherId', '=', userId)
  } else {
    if (!groupId || !mayListGroup(subject, groupId)) return 'forbidden'
    query = query.where('observations.groupId', '=', groupId)
    if (subject.user.role === 'school_admin' && subject.memberships.get(groupId) !== 'lead')
      query = query.where('observations.schoolId', '=', subject.user.schoolId)
  }
  const rows = await query
    .orderBy('observations.startsAt', 'desc')
    .orderBy('observations.id')
    .limit(500)
    .execute()
  if (rows.length === 0) return []
  const ids = rows.map((row) => row.id)
  const observerRows = await db
    .selectFrom('observationObservers')
    .select(['observationId', 'userId', 'submittedAt'])
    .where('observationId', 'in', ids)
    .execute()
  const people = await peopleByIds(
    db,
    rows.map((row) => row.teacherId),
  )
  return rows.map((row) => {
    const observers = observerRows.filter((observer) => observer.observationId === row.id)
    const teacher = people.get(row.teacherId)
    return {
      id: row.id,
      status: row.status,
      documentId: row.documentId,
      documentTitle: row.documentTitle,
      groupId: row.groupId,
      teacher: teacher
        ? personRef(teacher)
        : { id: row.teacherId, displayName: '', schoolName: '' },
      className: row.className,
      room: row.room,
      startsAt: row.startsAt,
      rubricName: row.rubricName,
      observerCount: observers.length,
      submittedCount: observers.filter((observer) => observer.submittedAt !== null).length,
      mySubmittedAt: observers.find((observer) => observer.userId === userId)?.submittedAt ?? null,
    }
  })
}

/**
 * How many observations a teacher was observed in and took part in as an observer: the query the
 * growth record reuses.
 */
export async function observationCounts(db: AppKysely, userId: string): Promise<ObservationCounts> {
  const observed = await db
    .selectFrom('observations')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.count<number>(eb.case().when('status', '=', 'closed').then(1).end()).as('closed'),
    ])
    .where('teacherId', '=', userId)
    .executeTakeFirst()
  const observing = await db
    .selectFrom('observationObservers')
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.count<number>('submittedAt').as('submitted'),
    ])
    .where('userId', '=', userId)
    .executeTakeFirst()
  return {
    userId,
    observed: Number(observed?.all ?? 0),
    observedClosed: Number(observed?.closed ?? 0),
    observing: Number(observing?.all ?? 0),
    observingSubmitted: Number(observing?.submitted ?? 0),
  }
}
