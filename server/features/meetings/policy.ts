import type { Permission } from '../../../shared/domain.ts'
import { permits } from '../../../shared/domain.ts'
import type { PrepSessionRow } from '../../db/schema.ts'
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AccessFields, type AccessSubject, documentPermission } from '../documents/index.ts'
import type { LoadedMeeting, PlanRow } from './queries.ts'

// The messages below are part of the API's answers: they still say "session".

/** Whether the subject runs meetings on this plan: its group's lead, or its owner when groupless. */
export function isPlanLead(subject: AccessSubject, plan: AccessFields): boolean {
  if (plan.deletedAt !== null) return false
  if (plan.groupId) return subject.memberships.get(plan.groupId) === 'lead'
  return plan.ownerId === subject.user.id
}

/** Whether a permission lets someone vote in a meeting on the plan (members, not observers). */
export function canVoteWith(permission: Permission): boolean {
  return permits(permission, 'comment')
}

/** Whether the subject may start a meeting on this plan (a lesson plan they lead). */
export function canStartMeetingOn(subject: AccessSubject, plan: PlanRow): boolean {
  return plan.kind === 'lesson_plan' && isPlanLead(subject, plan)
}

/** A meeting with its plan and what the caller may do in it. */
export interface MeetingAccess {
  meeting: PrepSessionRow
  plan: PlanRow
  permission: Permission
  isLead: boolean
}

/**
 * A meeting the subject may at least view (view access to its plan): 404 when there is no such
 * meeting or its plan is gone, 403 when the plan is not theirs to see.
 */
export function meetingAccess(subject: AccessSubject, loaded: LoadedMeeting): MeetingAccess {
  const { meeting, plan } = loaded
  if (!meeting) throw notFound('Session')
  if (!plan || plan.deletedAt !== null) throw notFound('Session')
  const permission = documentPermission(subject, plan)
  if (permission === 'none') throw forbidden('You do not have access to this session')
  return { meeting, plan, permission, isLead: isPlanLead(subject, plan) }
}

/** Like {@link meetingAccess}, and the caller must be the plan's lead. */
export function meetingLeadAccess(subject: AccessSubject, loaded: LoadedMeeting): MeetingAccess {
  const access = meetingAccess(subject, loaded)
  if (!access.isLead) throw forbidden('Only the group lead runs the session')
  return access
}

/** The caller may vote in the meeting (403 for observers). */
export function requireVoter(access: MeetingAccess): void {
  if (!canVoteWith(access.permission)) {
    throw forbidden('Only members of the group vote; observers follow the session')
  }
}

/** The person given the floor must be able to take part (400 when they cannot see the plan). */
export function requireFloorCandidate(permission: Permission): void {
  if (permission === 'none') throw badRequest('userId: this person cannot take part in the session')
}

/** A plan the subject may view: 404 when it is missing or deleted, 403 when not theirs to see. */
export function viewablePlan(subject: AccessSubject, plan: PlanRow | undefined): PlanRow {
  if (!plan || plan.deletedAt !== null) throw notFound('Document')
  if (documentPermission(subject, plan) === 'none') {
    throw forbidden('You do not have access to this document')
  }
  return plan
}

/**
 * The plan a meeting may be started on by the subject: one they can view, lead (its group's
 * lead, or its owner when it is in no group), and that is a lesson plan.
 */
export function startablePlan(subject: AccessSubject, plan: PlanRow | undefined): PlanRow {
  const viewable = viewablePlan(subject, plan)
  if (!isPlanLead(subject, viewable)) {
    throw forbidden('Only the group lead (or the owner of a plan in no group) starts a session')
  }
  if (viewable.kind !== 'lesson_plan') {
    throw new DomainError('not_a_plan', 'Sessions are held on lesson plans')
  }
  return viewable
}

/** The task a meeting is opened from must exist and belong to the plan's group. */
export function requireTaskOfPlan(
  task: { groupId: string; deletedAt: number | null } | undefined,
  plan: Pick<PlanRow, 'groupId'>,
): void {
  if (!task || task.deletedAt !== null) throw notFound('Task')
  if (task.groupId !== plan.groupId) {
    throw badRequest('taskId: the task is not of this plan’s group')
  }
}

/** One running meeting per plan (409 when one is running). */
export function requireNoRunningMeeting(runningId: string | null): void {
  if (runningId !== null) throw conflict('A session is already running on this plan')
}
