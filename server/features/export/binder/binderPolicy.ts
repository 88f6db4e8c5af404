/** Who may build a group's term binder and read a binder job: pure rules. */
import type { GroupRole, PublicUser } from '../../../../shared/domain.ts'
import type { BinderJobRow } from '../../../db/schema.ts'
import { badRequest, forbidden } from '../../../domainError.ts'

/** What the rules know of the caller and the group. */
export interface BinderCaller {
  user: Pick<PublicUser, 'id' | 'role' | 'schoolId'>
  /** The caller's role in the group, if a member. */
  role: GroupRole | undefined
  /** The schools the group's members belong to. */
  groupSchoolIds: readonly string[]
}

/** Whether the caller administers the group: the alliance admin, or an admin of a member's school. */
function administersGroup(caller: BinderCaller): boolean {
  if (caller.user.role === 'alliance_admin') return true
  return caller.user.role === 'school_admin' && caller.groupSchoolIds.includes(caller.user.schoolId)
}

/** The group's members (any role) and its school or alliance admins build its binder: 403 otherwise. */
export function requireBinderBuilder(caller: BinderCaller): void {
  if (caller.role === undefined && !administersGroup(caller)) {
    throw forbidden('Only the group’s members and its school or alliance admins build its binder')
  }
}

/** A job is seen by whoever requested it, or by an admin of its group: 403 otherwise. */
export function requireJobReader(caller: BinderCaller, job: Pick<BinderJobRow, 'requestedBy'>) {
  if (job.requestedBy !== caller.user.id && !administersGroup(caller)) {
    throw forbidden('This binder was requested by someone else')
  }
}

/** The term a binder covers: the group's own (a group works in one term); 400 for another. */
export function binderTerm(groupTerm: string, requested: string | undefined): string {
  if (requested !== undefined && requested !== groupTerm) {
    throw badRequest(`termId: this group works in the term “${groupTerm || '—'}”`)
  }
  return groupTerm
}
