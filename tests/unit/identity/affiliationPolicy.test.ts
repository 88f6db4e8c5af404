import { describe, expect, it } from 'vitest'
import { documentPermission } from '../../../server/features/documents/policy.ts'
import {
  type AffiliationCheck,
  affiliationListScope,
  assertMayManageAffiliation,
  assertMayRolloverTerm,
  assertValidAffiliation,
  mayManageAffiliation,
} from '../../../server/features/identity/affiliationPolicy.ts'
import { assertGroupActive, type Principal } from '../../../server/features/identity/index.ts'
import type { UserRole } from '../../../shared/domain.ts'
import {
  addDays,
  affiliationLength,
  affiliationStatus,
  isDay,
  localDayOf,
  MAX_AFFILIATION_DAYS,
  rangesOverlap,
  schoolIdsOf,
} from '../../../shared/identity/affiliations.ts'
import { nextTerm } from '../../../shared/identity/terms.ts'
import { refusal, testPrincipal } from '../../helpers/principals.ts'

function principal(role: UserRole, schoolId = 'home', affiliatedSchoolIds?: string[]): Principal {
  return testPrincipal(role, { schoolId, ...(affiliatedSchoolIds ? { affiliatedSchoolIds } : {}) })
}

const schools = { homeSchoolId: 'home', hostSchoolId: 'host' }

describe('who manages an exchange affiliation', () => {
  it('the alliance admin, and the school admin of the home or the host school', () => {
    expect(mayManageAffiliation(principal('alliance_admin', 'elsewhere'), schools)).toBe(true)
    expect(mayManageAffiliation(principal('school_admin', 'home'), schools)).toBe(true)
    expect(mayManageAffiliation(principal('school_admin', 'host'), schools)).toBe(true)
    expect(mayManageAffiliation(principal('school_admin', 'elsewhere'), schools)).toBe(false)
    expect(mayManageAffiliation(principal('teacher', 'home'), schools)).toBe(false)
    expect(refusal(() => assertMayManageAffiliation(principal('teacher', 'host'), schools))).toBe(
      'forbidden',
    )
  })

  it('lists everything for the alliance admin, one school for a school admin, nothing for a teacher', () => {
    expect(affiliationListScope(principal('alliance_admin'))).toEqual({ schoolId: null })
    expect(affiliationListScope(principal('school_admin', 'host'))).toEqual({ schoolId: 'host' })
    expect(refusal(() => affiliationListScope(principal('teacher')))).toBe('forbidden')
  })

  it('only the alliance admin rolls a term over', () => {
    expect(refusal(() => assertMayRolloverTerm(principal('alliance_admin')))).toBe(null)
    expect(refusal(() => assertMayRolloverTerm(principal('school_admin')))).toBe('forbidden')
    expect(refusal(() => assertMayRolloverTerm(principal('teacher')))).toBe('forbidden')
  })

  it('refuses writes to an archived group', () => {
    expect(refusal(() => assertGroupActive({ archivedAt: null }))).toBe(null)
    expect(refusal(() => assertGroupActive({ archivedAt: 1 }))).toBe('group_archived')
  })
})

describe('validating an affiliation', () => {
  const valid: AffiliationCheck = {
    ...schools,
    startsOn: '2026-09-01',
    endsOn: '2027-07-15',
    teacherRole: 'teacher',
    hostArchived: false,
    others: [],
  }
  const check = (change: Partial<AffiliationCheck>) =>
    refusal(() => assertValidAffiliation({ ...valid, ...change }))

  it('accepts a school year at another school, and a single day', () => {
    expect(check({})).toBe(null)
    expect(check({ endsOn: '2026-09-01' })).toBe(null)
  })

  it('refuses the home school, an archived host, a reversed range, and a non-teacher', () => {
    expect(check({ hostSchoolId: 'home' })).toBe('invalid_affiliation')
    expect(check({ hostArchived: true })).toBe('invalid_affiliation')
    expect(check({ endsOn: '2026-08-31' })).toBe('invalid_affiliation')
    expect(check({ teacherRole: 'school_admin' })).toBe('invalid_affiliation')
  })

  it('allows at most three years', () => {
    expect(check({ endsOn: addDays('2026-09-01', MAX_AFFILIATION_DAYS - 1) })).toBe(null)
    expect(check({ endsOn: addDays('2026-09-01', MAX_AFFILIATION_DAYS) })).toBe(
      'invalid_affiliation',
    )
  })

  it('refuses an overlap with another exchange to the same school, ends included', () => {
    const other = { startsOn: '2027-07-15', endsOn: '2027-12-31' }
    expect(check({ others: [other] })).toBe('affiliation_overlap')
    expect(check({ others: [{ startsOn: '2027-07-16', endsOn: '2027-12-31' }] })).toBe(null)
    expect(check({ others: [{ startsOn: '2025-01-01', endsOn: '2026-08-31' }] })).toBe(null)
  })
})

describe('the days of an affiliation', () => {
  const range = { startsOn: '2026-09-01', endsOn: '2026-09-30' }

  it('is active from its first to its last day, both included', () => {
    expect(affiliationStatus(range, '2026-08-31')).toBe('upcoming')
    expect(affiliationStatus(range, '2026-09-01')).toBe('active')
    expect(affiliationStatus(range, '2026-09-30')).toBe('active')
    expect(affiliationStatus(range, '2026-10-01')).toBe('ended')
  })

  it('counts days across months, leap days and years', () => {
    expect(affiliationLength('2026-09-01', '2026-09-01')).toBe(1)
    expect(affiliationLength('2028-02-28', '2028-03-01')).toBe(3)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
    expect(rangesOverlap(range, { startsOn: '2026-09-30', endsOn: '2026-10-05' })).toBe(true)
    expect(rangesOverlap(range, { startsOn: '2026-10-01', endsOn: '2026-10-05' })).toBe(false)
  })

  it('reads only real days written YYYY-MM-DD, and the local day of an instant', () => {
    expect(isDay('2028-02-29')).toBe(true)
    expect(isDay('2027-02-29')).toBe(false)
    expect(isDay('2026-9-01')).toBe(false)
    expect(localDayOf(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})

describe('the schools a user belongs to today', () => {
  it('are the home school and the hosts of active exchanges', () => {
    expect(schoolIdsOf(principal('teacher').user)).toEqual(['home'])
    expect(schoolIdsOf(principal('teacher', 'home', ['host', 'home']).user)).toEqual([
      'home',
      'host',
    ])
  })

  it('let a teacher on exchange view school-visible plans of the host school, not its admin view', () => {
    const doc = {
      ownerId: 'someone',
      schoolId: 'host',
      groupId: null,
      visibility: 'school' as const,
      deletedAt: null,
      status: 'draft' as const,
    }
    const onExchange = { user: principal('teacher', 'home', ['host']).user, memberships: new Map() }
    const atHome = { user: principal('teacher', 'home').user, memberships: new Map() }
    expect(documentPermission(onExchange, doc)).toBe('view')
    expect(documentPermission(atHome, doc)).toBe('none')
    const adminOnExchange = {
      user: principal('school_admin', 'home', ['host']).user,
      memberships: new Map(),
    }
    expect(documentPermission(adminOnExchange, { ...doc, visibility: 'group' })).toBe('none')
  })
})

describe('the next term', () => {
  it('goes from the autumn to the spring term and on to the next school year', () => {
    expect(nextTerm('2026-2027-1')).toBe('2026-2027-2')
    expect(nextTerm('2026-2027-2')).toBe('2027-2028-1')
    expect(nextTerm('autumn')).toBe(null)
  })
})
