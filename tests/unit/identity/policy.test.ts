import { describe, expect, it } from 'vitest'
import {
  administers,
  assertAnotherAllianceAdmin,
  assertMayManageGroup,
  assertMayUpdateUser,
  auditScope,
  groupScope,
  type Principal,
  removesAllianceAdmin,
  userScope,
} from '../../../server/features/identity/index.ts'
import type { UserRole } from '../../../shared/domain.ts'
import { refusal, testPrincipal } from '../../helpers/principals.ts'

function principal(role: UserRole, schoolId = 'school-a', id = `${role}-1`): Principal {
  return testPrincipal(role, { schoolId, id })
}

describe('identity policy', () => {
  it('an alliance admin administers every account; a school admin only non-alliance accounts of their school; a teacher none', () => {
    const teacherA = { schoolId: 'school-a', role: 'teacher' as const }
    const teacherB = { schoolId: 'school-b', role: 'teacher' as const }
    const allianceA = { schoolId: 'school-a', role: 'alliance_admin' as const }
    expect(administers(principal('alliance_admin'), teacherB)).toBe(true)
    expect(administers(principal('alliance_admin'), allianceA)).toBe(true)
    expect(administers(principal('school_admin'), teacherA)).toBe(true)
    expect(administers(principal('school_admin'), teacherB)).toBe(false)
    expect(administers(principal('school_admin'), allianceA)).toBe(false)
    expect(administers(principal('teacher'), teacherA)).toBe(false)
  })

  it('a school admin may not promote an account of their school to alliance admin', () => {
    const target = { schoolId: 'school-a', role: 'teacher' as const }
    expect(
      refusal(() => assertMayUpdateUser(principal('school_admin'), target, 'school_admin')),
    ).toBe(null)
    expect(
      refusal(() => assertMayUpdateUser(principal('school_admin'), target, 'alliance_admin')),
    ).toBe('forbidden')
  })

  it('disabling or demoting an alliance admin needs another one; other changes do not', () => {
    const admin = { schoolId: 'school-a', role: 'alliance_admin' as const }
    expect(removesAllianceAdmin(admin, { disabled: true })).toBe(true)
    expect(removesAllianceAdmin(admin, { role: 'teacher' })).toBe(true)
    expect(removesAllianceAdmin(admin, { role: 'alliance_admin', disabled: false })).toBe(false)
    expect(removesAllianceAdmin({ ...admin, role: 'teacher' }, { disabled: true })).toBe(false)
    expect(refusal(() => assertAnotherAllianceAdmin(false))).toBe('last_alliance_admin')
    expect(refusal(() => assertAnotherAllianceAdmin(true))).toBe(null)
  })

  it('alliance admins manage every group, a lead their own, other members none', () => {
    expect(refusal(() => assertMayManageGroup(principal('alliance_admin'), null))).toBe(null)
    expect(refusal(() => assertMayManageGroup(principal('teacher'), 'lead'))).toBe(null)
    expect(refusal(() => assertMayManageGroup(principal('teacher'), 'member'))).toBe('forbidden')
    expect(refusal(() => assertMayManageGroup(principal('school_admin'), null))).toBe('forbidden')
  })

  it('scopes what each role sees: users, groups and the audit log', () => {
    expect(userScope(principal('alliance_admin'))).toEqual({ kind: 'all' })
    expect(userScope(principal('school_admin'))).toEqual({ kind: 'school', schoolId: 'school-a' })
    expect(userScope(principal('teacher'))).toEqual({
      kind: 'schoolAndGroups',
      schoolId: 'school-a',
      schoolIds: ['school-a'],
      userId: 'teacher-1',
    })
    expect(groupScope(principal('school_admin'))).toEqual({
      kind: 'memberSchool',
      schoolId: 'school-a',
    })
    expect(groupScope(principal('teacher'))).toEqual({ kind: 'member', userId: 'teacher-1' })
    expect(auditScope(principal('alliance_admin'))).toEqual({ schoolId: null })
    expect(auditScope(principal('school_admin'))).toEqual({ schoolId: 'school-a' })
    expect(refusal(() => auditScope(principal('teacher')))).toBe('forbidden')
  })
})
