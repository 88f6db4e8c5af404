/** Pure rules of 师徒结对: who creates, sees, manages, accepts and ends a pair. */
import type { AccessSubject } from '../documents/index.ts'

/** The facts of a pair the rules look at. */
export interface PairFacts {
  mentorId: string | null
  menteeId: string | null
  mentorSchoolId: string
  menteeSchoolId: string
  groupId: string | null
  createdBy: string
  /** The groups the mentor or the mentee is a member of (any role). */
  teacherGroupIds: readonly string[]
}

/** Whether the subject leads the group. */
export function leads(subject: AccessSubject, groupId: string | null): boolean {
  return groupId !== null && subject.memberships.get(groupId) === 'lead'
}

/** Whether the subject is an alliance admin, or a school admin of one of the schools. */
export function adminOf(subject: AccessSubject, schoolIds: readonly string[]): boolean {
  const { user } = subject
  if (user.role === 'alliance_admin') return true
  return user.role === 'school_admin' && schoolIds.includes(user.schoolId)
}

/** Whether the subject is the mentor or the mentee. */
export function isSide(subject: AccessSubject, pair: PairFacts): boolean {
  return subject.user.id === pair.mentorId || subject.user.id === pair.menteeId
}

/** Whether the subject may manage the pair: edit it, end it as a manager. */
export function mayManage(subject: AccessSubject, pair: PairFacts): boolean {
  return (
    adminOf(subject, [pair.mentorSchoolId, pair.menteeSchoolId]) ||
    leads(subject, pair.groupId) ||
    subject.user.id === pair.createdBy
  )
}

/**
 * Whether the subject may see the pair: the two teachers, admins of either school, the lead of
 * the pair's group or of a group either teacher is in, the alliance admin, and its creator.
 */
export function maySee(subject: AccessSubject, pair: PairFacts): boolean {
  if (isSide(subject, pair) || mayManage(subject, pair)) return true
  return pair.teacherGroupIds.some((groupId) => leads(subject, groupId))
}

/** Whether the subject may end the pair: either side or a manager. */
export function mayEnd(subject: AccessSubject, pair: PairFacts): boolean {
  return isSide(subject, pair) || mayManage(subject, pair)
}

/** How a new pair starts for its creator: active, a request, or refused. */
export function creationMode(
  subject: AccessSubject,
  pair: Omit<PairFacts, 'createdBy' | 'teacherGroupIds'>,
  bothInGroup: boolean,
): 'active' | 'requested' | 'refused' {
  if (adminOf(subject, [pair.mentorSchoolId, pair.menteeSchoolId])) return 'active'
  if (pair.groupId !== null && leads(subject, pair.groupId) && bothInGroup) return 'active'
  if (pair.menteeId !== null && subject.user.id === pair.menteeId) return 'requested'
  return 'refused'
}
