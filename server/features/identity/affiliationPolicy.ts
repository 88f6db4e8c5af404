import type { UserRole } from '../../../shared/domain.ts'
import {
  affiliationLength,
  MAX_AFFILIATION_DAYS,
  rangesOverlap,
} from '../../../shared/identity/affiliations.ts'
import { DomainError, forbidden } from '../../domainError.ts'
import type { Principal } from './principal.ts'

/** The two schools of an exchange affiliation. */
export interface AffiliationSchools {
  /** The teacher's home school (the sending one). */
  homeSchoolId: string
  /** The school the teacher is sent to (the receiving one). */
  hostSchoolId: string
}

/** A day range, both ends included. */
export interface DayRange {
  startsOn: string
  endsOn: string
}

/**
 * Who manages an exchange affiliation: the alliance admin, and a school admin of either end —
 * the home school (sending the teacher) or the host school (receiving them).
 */
export function mayManageAffiliation(principal: Principal, schools: AffiliationSchools): boolean {
  const { user } = principal
  if (user.role === 'alliance_admin') return true
  if (user.role !== 'school_admin') return false
  return user.schoolId === schools.homeSchoolId || user.schoolId === schools.hostSchoolId
}

/** 403 unless `principal` manages this affiliation (see `mayManageAffiliation`). */
export function assertMayManageAffiliation(
  principal: Principal,
  schools: AffiliationSchools,
): void {
  if (!mayManageAffiliation(principal, schools)) throw forbidden()
}

/**
 * The affiliations `principal` may list: all (null) for the alliance admin; for a school admin
 * those whose home or host school is theirs; 403 for a teacher.
 */
export function affiliationListScope(principal: Principal): { schoolId: string | null } {
  const { role, schoolId } = principal.user
  if (role === 'alliance_admin') return { schoolId: null }
  if (role === 'school_admin') return { schoolId }
  throw forbidden()
}

/** What a new or changed affiliation is checked against. */
export interface AffiliationCheck extends AffiliationSchools, DayRange {
  teacherRole: UserRole
  hostArchived: boolean
  /** The teacher's other affiliations to the same host school (not the one being changed). */
  others: readonly DayRange[]
}

/** An `invalid_affiliation` error (400). */
function invalid(message: string): DomainError {
  return new DomainError('invalid_affiliation', message)
}

/**
 * Throws unless the affiliation is valid: a teacher, a host school other than the home one and
 * not archived, `startsOn` ≤ `endsOn`, at most `MAX_AFFILIATION_DAYS` days, and no overlap with
 * another affiliation of the same teacher to the same school (409 `affiliation_overlap`).
 */
export function assertValidAffiliation(check: AffiliationCheck): void {
  if (check.teacherRole !== 'teacher') throw invalid('Only teachers are sent on an exchange')
  if (check.hostSchoolId === check.homeSchoolId) {
    throw invalid('schoolId: the host school must differ from the home school')
  }
  if (check.hostArchived) throw invalid('schoolId: the host school is archived')
  if (check.startsOn > check.endsOn) throw invalid('endsOn: the end is before the start')
  if (affiliationLength(check.startsOn, check.endsOn) > MAX_AFFILIATION_DAYS) {
    throw invalid(`endsOn: an exchange lasts at most ${MAX_AFFILIATION_DAYS} days`)
  }
  if (check.others.some((other) => rangesOverlap(other, check))) {
    throw new DomainError(
      'affiliation_overlap',
      'The teacher already has an exchange to this school on some of these days',
    )
  }
}

/** 403 unless `principal` may roll a term over (the alliance admin). */
export function assertMayRolloverTerm(principal: Principal): void {
  if (principal.user.role !== 'alliance_admin') throw forbidden()
}
