import {
  type DocumentStatus,
  type GroupRole,
  type Permission,
  permits,
} from '../../../shared/domain.ts'
import { isPlanPartKey, type PlanPartKey } from '../../../shared/editor/planDiff.ts'
import type { PlanLifecycleRow, PrepTaskRow } from '../../db/schema.ts'
import { badRequest, DomainError, forbidden, notFound } from '../../domainError.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
} from '../documents/index.ts'
import type { Principal } from '../identity/index.ts'

/** Who may make a transition: the main preparer or the lead, or only the lead. */
export type TransitionActor = 'preparer_or_lead' | 'lead'

/** One allowed step of the life cycle (初备 → 研讨 → 共案, and reopening a 共案). */
export interface TransitionRule {
  from: DocumentStatus
  to: DocumentStatus
  actor: TransitionActor
  /** Audit action recorded for it. */
  action: string
}

/** Every transition of a common plan; anything else is refused with 409. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'draft', to: 'discussion', actor: 'preparer_or_lead', action: 'plan_submitted' },
  { from: 'discussion', to: 'final', actor: 'lead', action: 'plan_signed_off' },
  { from: 'final', to: 'discussion', actor: 'lead', action: 'plan_reopened' },
]

/** The rule for moving from one state to another, if there is one. */
export function transitionRule(from: DocumentStatus, to: DocumentStatus) {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to)
}

/** The main preparer of a plan: from its life cycle, else its owner. */
export function mainPreparerOf(doc: AccessibleDocumentRow): string {
  return doc.mainPreparerId ?? doc.ownerId
}

/** The subject's role in the document's group, if it has one. */
function groupRoleOf(subject: AccessSubject, doc: AccessibleDocumentRow): GroupRole | undefined {
  return doc.groupId ? subject.memberships.get(doc.groupId) : undefined
}

/** Whether a person in this role may make a transition that needs `actor`. */
export function mayAct(
  actor: TransitionActor,
  userId: string,
  groupRole: GroupRole | undefined,
  mainPreparerId: string,
): boolean {
  if (groupRole === 'lead') return true
  if (actor === 'lead') return false
  return userId === mainPreparerId && groupRole === 'member'
}

/**
 * Whether setting a plan's status from its current one to `to` is a sign-off (定稿) or a
 * reopening: for a group's lesson plan, only the group lead does either, even without a
 * `plan_lifecycle` row (PATCH /documents/:id must not skip the lead).
 */
export function needsLeadSignOff(
  doc: Pick<AccessibleDocumentRow, 'kind' | 'groupId' | 'status'>,
  to: DocumentStatus,
): boolean {
  if (doc.kind !== 'lesson_plan' || doc.groupId === null || to === doc.status) return false
  return to === 'final' || doc.status === 'final'
}

/** Whether a document is a group's lesson plan that follows the life cycle (not a 个案). */
export function isCommonPlan(doc: AccessibleDocumentRow): boolean {
  return (
    doc.kind === 'lesson_plan' &&
    doc.groupId !== null &&
    doc.commonPlanId === null &&
    doc.deletedAt === null
  )
}

/** The states the subject may move this plan to now (empty for a 个案 or a plan in no group). */
export function allowedTransitions(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
): DocumentStatus[] {
  if (!isCommonPlan(doc)) return []
  const role = groupRoleOf(subject, doc)
  return TRANSITIONS.filter(
    (rule) =>
      rule.from === doc.status && mayAct(rule.actor, subject.user.id, role, mainPreparerOf(doc)),
  ).map((rule) => rule.to)
}

/**
 * The rule that moves this plan to `to`, if the subject may make it: 409 `not_a_common_plan`
 * for a 个案 or a plan in no group, 409 `invalid_transition` for a step the life cycle does not
 * have, 403 for a caller who is not the lead (or the main preparer, where they may act).
 */
export function requireTransition(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
): TransitionRule {
  if (!isCommonPlan(doc)) {
    throw new DomainError(
      'not_a_common_plan',
      'Only a lesson plan of a group (not a 个案) goes through the preparation life cycle',
    )
  }
  const rule = transitionRule(doc.status, to)
  if (!rule) {
    throw new DomainError('invalid_transition', `A plan cannot move from ${doc.status} to ${to}`)
  }
  if (!mayAct(rule.actor, subject.user.id, groupRoleOf(subject, doc), mainPreparerOf(doc))) {
    throw forbidden(
      rule.actor === 'lead'
        ? 'Only the group lead may do this'
        : 'Only the main preparer or the group lead may do this',
    )
  }
  return rule
}

/** A document the subject holds at least `required` on: 404 if absent, 403 if not allowed. */
export function requireDocumentAccess(
  subject: AccessSubject,
  row: AccessibleDocumentRow | undefined,
  required: Permission,
): AccessibleDocumentRow {
  if (!row || row.deletedAt !== null) throw notFound('Document')
  const permission = documentPermission(subject, row)
  if (permission === 'none') throw forbidden('You do not have access to this document')
  if (!permits(permission, required)) throw forbidden()
  return row
}

/** Whether the subject may derive a 个案 of this plan now (a signed common plan of their group). */
export function canDerivePersonal(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  signedVersionId: number | null,
): boolean {
  if (!isCommonPlan(doc) || doc.status !== 'final' || signedVersionId === null) return false
  const role = groupRoleOf(subject, doc)
  return role === 'lead' || role === 'member'
}

/**
 * Checks that the subject may derive a 个案 of this plan: 403 unless a lead or member of its
 * group, 409 `not_final` unless it is a signed common plan.
 */
export function requireMayDerivePersonal(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  signedVersionId: number | null,
): void {
  const role = groupRoleOf(subject, doc)
  if (role !== 'lead' && role !== 'member') {
    throw forbidden('Only leads and members of the group derive a 个案')
  }
  if (!canDerivePersonal(subject, doc, signedVersionId)) {
    throw new DomainError('not_final', 'A 个案 is derived from a signed common plan (共案)')
  }
}

/** A 个案 derives from a final common plan (共案): 409 `not_final` otherwise. */
export function requireFinalCommonPlan(common: AccessibleDocumentRow): void {
  if (common.status !== 'final') {
    throw new DomainError('not_final', 'A 个案 is derived from a final common plan (共案)')
  }
}

/** The latest signed version of a common plan; 409 `not_signed` when it was never signed. */
export function requireSignedVersion(lifecycle: PlanLifecycleRow | undefined): number {
  const versionId = lifecycle?.signedVersionId
  if (versionId === null || versionId === undefined) {
    throw new DomainError('not_signed', 'The common plan has not been signed off yet')
  }
  return versionId
}

/** A 个案, or a plan adapted from the library (both derive from an upstream version): else 409. */
export function requirePersonal(row: AccessibleDocumentRow): AccessibleDocumentRow {
  if (row.commonPlanId === null && row.adaptedFromEntryId === null) {
    throw new DomainError(
      'not_personal',
      'This plan is neither a 个案 of a common plan nor adapted from the library',
    )
  }
  return row
}

/** The parts of the plan chosen to be brought in; 400 for a name that is not a part. */
export function chosenPlanParts(keys: readonly string[]): Set<PlanPartKey> {
  const unknown = keys.filter((key) => !isPlanPartKey(key))
  if (unknown.length > 0) throw badRequest(`unknown plan parts: ${unknown.join(', ')}`)
  return new Set(keys.filter(isPlanPartKey))
}

/** Bringing in needs a newer upstream version: 409 `up_to_date` otherwise. */
export function requireNewerUpstream(baseVersionId: number, latestVersionId: number): void {
  if (latestVersionId === baseVersionId) {
    throw new DomainError('up_to_date', 'The plan already has the latest upstream version')
  }
}

/** Reflections are written by the teacher of the 个案 (its owner): 403 otherwise. */
export function requireReflectionWriter(row: AccessibleDocumentRow, userId: string): void {
  if (row.ownerId !== userId) {
    throw forbidden('Reflections are written by the teacher of the 个案')
  }
}

/** Only its author changes a reflection: 403 otherwise. */
export function requireReflectionAuthor(reflection: { authorId: string }, userId: string): void {
  if (reflection.authorId !== userId) {
    throw forbidden('Only its author changes a reflection')
  }
}

/** Only the group lead manages preparation tasks: 403 otherwise. */
export function requireLead(role: GroupRole | undefined): void {
  if (role !== 'lead') {
    throw forbidden('Only the group lead manages preparation tasks')
  }
}

/** A group's schedule is seen by its members (any role) and the alliance admin: 403 otherwise. */
export function requireScheduleViewer(role: GroupRole | undefined, principal: Principal): void {
  if (!role && principal.user.role !== 'alliance_admin') {
    throw forbidden('Only members of the group see its schedule')
  }
}

/** The plan of a task is started by its main preparer (still in the group) or the lead. */
export function requirePlanStarter(
  task: PrepTaskRow,
  role: GroupRole | undefined,
  userId: string,
): void {
  const isPreparer = task.mainPreparerId === userId && role !== undefined
  if (role !== 'lead' && !isPreparer) {
    throw forbidden('Only the main preparer or the group lead starts the plan')
  }
}

/**
 * The participants of a task without duplicates or the main preparer, once the main preparer
 * and every participant are editors of the group (lead or member); 400 `not_a_member` otherwise.
 */
export function taskParticipantsOf(
  editors: ReadonlySet<string>,
  mainPreparerId: string,
  participantIds: readonly string[],
): string[] {
  const participants = [...new Set(participantIds)].filter((id) => id !== mainPreparerId)
  for (const id of [mainPreparerId, ...participants]) {
    if (!editors.has(id)) {
      throw new DomainError(
        'not_a_member',
        'The main preparer and participants must be leads or members of the group',
      )
    }
  }
  return participants
}
