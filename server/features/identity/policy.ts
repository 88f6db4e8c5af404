import type { GroupRole, UserRole } from '../../../shared/domain.ts'
import { schoolIdsOf } from '../../../shared/identity/affiliations.ts'
import { DomainError, forbidden } from '../../domainError.ts'
import type { Principal } from './principal.ts'

/** An account as the permission rules see it. */
export interface ManagedUser {
  schoolId: string
  role: UserRole
}

/**
 * Accounts a principal may see: everyone for the alliance admin; one's own school for a school
 * admin; for a teacher, the schools they belong to today (home and exchange hosts, `schoolIds`)
 * and the co-members of their groups.
 */
export type UserScope =
  | { kind: 'all' }
  | { kind: 'school'; schoolId: string }
  | { kind: 'schoolAndGroups'; schoolId: string; schoolIds: string[]; userId: string }

/**
 * Groups a principal may see: all for the alliance admin; for a school admin, groups with a
 * member from their school; for a teacher, their own groups.
 */
export type GroupScope =
  | { kind: 'all' }
  | { kind: 'memberSchool'; schoolId: string }
  | { kind: 'member'; userId: string }

/** The accounts `principal` may see. */
export function userScope(principal: Principal): UserScope {
  const { user } = principal
  if (user.role === 'alliance_admin') return { kind: 'all' }
  if (user.role === 'school_admin') return { kind: 'school', schoolId: user.schoolId }
  return {
    kind: 'schoolAndGroups',
    schoolId: user.schoolId,
    schoolIds: schoolIdsOf(user),
    userId: user.id,
  }
}

/** The groups `principal` may see. */
export function groupScope(principal: Principal): GroupScope {
  const { user } = principal
  if (user.role === 'alliance_admin') return { kind: 'all' }
  if (user.role === 'school_admin') return { kind: 'memberSchool', schoolId: user.schoolId }
  return { kind: 'member', userId: user.id }
}

/** Whether `principal` administers `target` (alliance admin: all; school admin: own school, not alliance admins). */
export function administers(principal: Principal, target: ManagedUser): boolean {
  const { user } = principal
  if (user.role === 'alliance_admin') return true
  return (
    user.role === 'school_admin' &&
    target.schoolId === user.schoolId &&
    target.role !== 'alliance_admin'
  )
}

/** 403 unless `principal` may create an account with this school and role. */
export function assertMayCreateUser(principal: Principal, account: ManagedUser): void {
  if (!administers(principal, account)) throw forbidden()
}

/** 403 unless `principal` administers `target` both as it is and with the role `newRole`. */
export function assertMayUpdateUser(
  principal: Principal,
  target: ManagedUser,
  newRole: UserRole,
): void {
  if (!administers(principal, target) || !administers(principal, { ...target, role: newRole })) {
    throw forbidden()
  }
}

/** 403 unless `principal` may lift the sign-in locks of `target`. */
export function assertMayUnlock(principal: Principal, target: ManagedUser): void {
  if (!administers(principal, target)) throw forbidden()
}

/**
 * The accounts `principal` may see in the admin console: everyone for the alliance admin, the
 * own school's accounts but its alliance admins for a school admin; 403 for a teacher.
 */
export function adminUserScope(principal: Principal): AdminUserScope {
  const { user } = principal
  if (user.role === 'alliance_admin') return { kind: 'all' }
  if (user.role === 'school_admin') return { kind: 'school', schoolId: user.schoolId }
  throw forbidden()
}

/** What the admin account list may show: all accounts, or one school's without alliance admins. */
export type AdminUserScope = { kind: 'all' } | { kind: 'school'; schoolId: string }

/** 403 unless `principal` may move `target` from its school to `newSchoolId` (alliance admin only). */
export function assertMayMoveUser(
  principal: Principal,
  target: ManagedUser,
  newSchoolId: string,
): void {
  if (newSchoolId === target.schoolId) return
  assertAllianceAdmin(principal)
}

/**
 * 403 unless `principal` may replace the password of `target` (id `targetId`) by a one-time
 * sign-in link: someone they administer, never themself (they change their own password).
 */
export function assertMayIssueSignInLink(
  principal: Principal,
  target: ManagedUser,
  targetId: string,
): void {
  if (principal.user.id === targetId || !administers(principal, target)) throw forbidden()
}

/** Whether a change (disabling, or another role) takes away an alliance admin. */
export function removesAllianceAdmin(
  target: ManagedUser,
  change: { disabled?: boolean | undefined; role?: UserRole | undefined },
): boolean {
  const newRole = change.role ?? target.role
  return target.role === 'alliance_admin' && (change.disabled === true || newRole !== target.role)
}

/** 409 unless an enabled alliance admin other than the one changed remains: the alliance keeps one. */
export function assertAnotherAllianceAdmin(anotherExists: boolean): void {
  if (!anotherExists) {
    throw new DomainError(
      'last_alliance_admin',
      'The alliance needs an alliance admin: appoint another one before disabling or demoting this one',
    )
  }
}

/** 403 unless `principal` is the alliance admin. */
function assertAllianceAdmin(principal: Principal): void {
  if (principal.user.role !== 'alliance_admin') throw forbidden()
}

/** 403 unless `principal` may create and rename schools (the alliance admin). */
export function assertMayManageSchools(principal: Principal): void {
  assertAllianceAdmin(principal)
}

/** 403 unless `principal` may create a group (the alliance admin). */
export function assertMayCreateGroup(principal: Principal): void {
  assertAllianceAdmin(principal)
}

/** 403 unless `principal` may delete a group (the alliance admin). */
export function assertMayDeleteGroup(principal: Principal): void {
  assertAllianceAdmin(principal)
}

/** 403 unless `principal` may archive or restore a group (the alliance admin). */
export function assertMayArchiveGroup(principal: Principal): void {
  assertAllianceAdmin(principal)
}

/**
 * 409 `group_archived` when the group is archived: its settings, members and tasks are
 * read-only (its plans stay readable) until the alliance admin restores it.
 */
export function assertGroupActive(group: { archivedAt: number | null }): void {
  if (group.archivedAt !== null) {
    throw new DomainError('group_archived', 'This group is archived: restore it to change it')
  }
}

/**
 * 403 unless `principal` may edit a group and its members: alliance admins manage every group,
 * a lead their own (`membership` is the principal's role in the group, null if none).
 */
export function assertMayManageGroup(principal: Principal, membership: GroupRole | null): void {
  if (principal.user.role === 'alliance_admin') return
  if (membership !== 'lead') throw forbidden()
}

/**
 * The part of the audit log `principal` may read: all of it (null) for the alliance admin, one
 * school's part for a school admin; 403 for a teacher.
 */
export function auditScope(principal: Principal): { schoolId: string | null } {
  const { role, schoolId } = principal.user
  if (role === 'teacher') throw forbidden()
  return { schoolId: role === 'school_admin' ? schoolId : null }
}
