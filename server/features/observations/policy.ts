/** Pure rules of 听评课: who sees and does what, and which sheet values are acceptable. */
import type { ObservationRoles } from '../../../shared/observations/observationApi.ts'
import { pointsOf, type RubricDefinition } from '../../../shared/observations/rubric.ts'
import { DomainError, forbidden, notFound } from '../../domainError.ts'
import type { AccessSubject } from '../documents/index.ts'

/** The fields of an observation that decide access. */
export interface ObservationAccess {
  teacherId: string
  schoolId: string
  groupId: string | null
  status: 'scheduled' | 'closed'
}

/** What the subject is to an observation with these observers. */
export function rolesOf(
  subject: AccessSubject,
  row: ObservationAccess,
  observerIds: readonly string[],
): ObservationRoles {
  const { user } = subject
  return {
    teacher: row.teacherId === user.id,
    observer: observerIds.includes(user.id),
    lead: row.groupId !== null && subject.memberships.get(row.groupId) === 'lead',
    admin:
      user.role === 'alliance_admin' ||
      (user.role === 'school_admin' && user.schoolId === row.schoolId),
  }
}

/** Whether the roles let one see the observation at all. */
export function canSee(roles: ObservationRoles): boolean {
  return roles.teacher || roles.observer || roles.lead || roles.admin
}

/** The observation, or 404 for someone who may not know about it. */
export function requireVisible(roles: ObservationRoles): void {
  if (!canSee(roles)) throw notFound('Observation')
}

/** Only the observed teacher, the lead or admins close an observation. */
export function requireCloser(roles: ObservationRoles): void {
  requireVisible(roles)
  if (!(roles.teacher || roles.lead || roles.admin))
    throw forbidden('Only the observed teacher, the group lead or an admin closes an observation')
}

/** Only the observation's observers write a sheet. */
export function requireObserver(roles: ObservationRoles): void {
  requireVisible(roles)
  if (!roles.observer)
    throw new DomainError('not_an_observer', 'Only the observers of this lesson write sheets')
}

/** Sheets change only while the observation is open. */
export function requireOpen(row: Pick<ObservationAccess, 'status'>): void {
  if (row.status !== 'scheduled')
    throw new DomainError('observation_closed', 'The observation is closed')
}

/**
 * The report: the lead and admins read it live; the observed teacher and the observers once the
 * observation is closed; nobody else knows it exists.
 */
export function requireReportReader(roles: ObservationRoles, row: ObservationAccess): void {
  requireVisible(roles)
  if (roles.lead || roles.admin) return
  if (row.status !== 'closed')
    throw new DomainError('report_not_ready', 'The report is ready once the observation is closed')
}

/**
 * Whether observers' names are hidden from the caller: only from the observed teacher, when the
 * group chose so; the lead and admins always see them.
 */
export function namesHiddenFor(roles: ObservationRoles, showObserverNames: boolean): boolean {
  return !showObserverNames && roles.teacher && !roles.lead && !roles.admin
}

/**
 * Who may schedule an observation of `teacher`'s lesson on a plan of `planGroupId`: the teacher
 * themself, the lead of the plan's group, a school admin of the teacher's school, an alliance admin.
 */
export function requireScheduler(
  subject: AccessSubject,
  teacher: { id: string; schoolId: string },
  planGroupId: string | null,
): void {
  const { user } = subject
  const allowed =
    user.id === teacher.id ||
    (planGroupId !== null && subject.memberships.get(planGroupId) === 'lead') ||
    user.role === 'alliance_admin' ||
    (user.role === 'school_admin' && user.schoolId === teacher.schoolId)
  if (!allowed)
    throw forbidden(
      'Only the observed teacher, the group lead or an admin schedules an observation',
    )
}

/** Only alliance admins manage rubrics. */
export function requireRubricManager(subject: AccessSubject): void {
  if (subject.user.role !== 'alliance_admin') throw forbidden('Only alliance admins manage rubrics')
}

/** Whether the subject may change a group's 听评课 settings: its lead, or an alliance admin. */
export function mayManageGroupSettings(subject: AccessSubject, groupId: string): boolean {
  return subject.user.role === 'alliance_admin' || subject.memberships.get(groupId) === 'lead'
}

/** Whether the subject may read a group's 听评课 settings: its members and admins. */
export function mayReadGroupSettings(subject: AccessSubject, groupId: string): boolean {
  return subject.memberships.has(groupId) || subject.user.role !== 'teacher'
}

/** A step index must be one of the pinned version's steps. */
export function requireStep(step: number | null, stepCount: number): void {
  if (step !== null && (step < 0 || step >= stepCount))
    throw new DomainError('unknown_step', `The observed plan version has no step ${step}`)
}

function unknownKey(key: string): DomainError {
  return new DomainError('unknown_rubric_key', `The rubric has no item ${key}`)
}

/** A point key must be on the rubric. */
export function requirePoint(definition: RubricDefinition, point: string): void {
  if (!pointsOf(definition).some((entry) => entry.point.key === point)) throw unknownKey(point)
}

/**
 * Checks a batch of scores: every point on the rubric, every value a level of the scale, and in
 * LICC mode every point one the observer picked. Throws before anything is written.
 */
export function checkScores(
  definition: RubricDefinition,
  scores: readonly { point: string; value: number | null }[],
  picked: readonly string[],
): void {
  const levels = new Set(definition.scale.map((level) => level.value))
  for (const { point, value } of scores) {
    requirePoint(definition, point)
    if (value !== null && !levels.has(value))
      throw new DomainError('score_out_of_range', `${value} is not a level of the scale`)
    if (definition.mode === 'viewpoints' && !picked.includes(point))
      throw new DomainError('point_not_picked', `Point ${point} was not picked by this observer`)
  }
}

/** Checks a batch of bonus points: known bonus items, whole points from 0 to their maximum. */
export function checkBonus(
  definition: RubricDefinition,
  bonus: readonly { key: string; value: number | null }[],
): void {
  for (const { key, value } of bonus) {
    const item = definition.bonus.find((candidate) => candidate.key === key)
    if (!item) throw unknownKey(key)
    if (value !== null && (!Number.isInteger(value) || value < 0 || value > item.max))
      throw new DomainError('score_out_of_range', `Bonus ${key} goes from 0 to ${item.max}`)
  }
}

/** Checks a pick of LICC points: a viewpoint rubric, and points that are on it. */
export function checkPick(definition: RubricDefinition, points: readonly string[]): void {
  if (definition.mode !== 'viewpoints')
    throw new DomainError('not_viewpoint_rubric', 'This rubric has no observation points to pick')
  for (const point of points) requirePoint(definition, point)
}
