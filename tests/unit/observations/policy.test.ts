import { describe, expect, it } from 'vitest'
import type { AccessSubject } from '../../../server/features/documents/index.ts'
import {
  checkBonus,
  checkPick,
  checkScores,
  namesHiddenFor,
  type ObservationAccess,
  requireCloser,
  requireObserver,
  requireReportReader,
  requireScheduler,
  rolesOf,
} from '../../../server/features/observations/policy.ts'
import type { GroupRole, UserRole } from '../../../shared/domain.ts'
import { LICC_RUBRIC, WEIGHTED_RUBRIC } from '../../../shared/observations/seededRubrics.ts'
import { refusal, testPrincipal } from '../../helpers/principals.ts'

const open: ObservationAccess = {
  teacherId: 'teacher-1',
  schoolId: 'school-a',
  groupId: 'group-g',
  status: 'scheduled',
}
const closed: ObservationAccess = { ...open, status: 'closed' }

function subject(
  role: UserRole,
  options: { id?: string; schoolId?: string; group?: GroupRole } = {},
): AccessSubject {
  const { user } = testPrincipal(role, options)
  return {
    user,
    memberships: new Map(options.group ? [['group-g', options.group] as const] : []),
  }
}

const people = {
  teacher: subject('teacher', { id: 'teacher-1' }),
  observer: subject('teacher', { id: 'observer-1', schoolId: 'school-b' }),
  lead: subject('teacher', { id: 'lead-1', group: 'lead' }),
  member: subject('teacher', { id: 'member-1', group: 'member' }),
  schoolAdmin: subject('school_admin'),
  otherSchoolAdmin: subject('school_admin', { schoolId: 'school-b' }),
  allianceAdmin: subject('alliance_admin', { schoolId: 'school-c' }),
  outsider: subject('teacher', { id: 'outsider-1', schoolId: 'school-c' }),
}

function roles(name: keyof typeof people, row = open) {
  return rolesOf(people[name], row, ['observer-1'])
}

describe('who may do what with an observation', () => {
  it.each([
    ['teacher', 'report_not_ready', null],
    ['observer', 'report_not_ready', null],
    ['lead', null, null],
    ['schoolAdmin', null, null],
    ['allianceAdmin', null, null],
    ['member', 'not_found', 'not_found'],
    ['otherSchoolAdmin', 'not_found', 'not_found'],
    ['outsider', 'not_found', 'not_found'],
  ] as const)('%s reads the open report: %s, the closed one: %s', (name, whenOpen, whenClosed) => {
    expect(refusal(() => requireReportReader(roles(name), open))).toBe(whenOpen)
    expect(refusal(() => requireReportReader(roles(name, closed), closed))).toBe(whenClosed)
  })

  it('lets only observers write a sheet and the teacher, lead or admins close', () => {
    expect(refusal(() => requireObserver(roles('observer')))).toBeNull()
    expect(refusal(() => requireObserver(roles('lead')))).toBe('not_an_observer')
    expect(refusal(() => requireObserver(roles('outsider')))).toBe('not_found')
    expect(refusal(() => requireCloser(roles('teacher')))).toBeNull()
    expect(refusal(() => requireCloser(roles('observer')))).toBe('forbidden')
  })

  it('hides names only from the observed teacher, and only when the group says so', () => {
    expect(namesHiddenFor(roles('teacher'), false)).toBe(true)
    expect(namesHiddenFor(roles('teacher'), true)).toBe(false)
    expect(namesHiddenFor(roles('lead'), false)).toBe(false)
    expect(namesHiddenFor(roles('allianceAdmin'), false)).toBe(false)
    expect(namesHiddenFor(roles('observer'), false)).toBe(false)
  })

  it('lets the teacher, the lead and admins of the teacher’s school schedule', () => {
    const teacher = { id: 'teacher-1', schoolId: 'school-a' }
    expect(refusal(() => requireScheduler(people.teacher, teacher, 'group-g'))).toBeNull()
    expect(refusal(() => requireScheduler(people.lead, teacher, 'group-g'))).toBeNull()
    expect(refusal(() => requireScheduler(people.schoolAdmin, teacher, null))).toBeNull()
    expect(refusal(() => requireScheduler(people.allianceAdmin, teacher, null))).toBeNull()
    expect(refusal(() => requireScheduler(people.lead, teacher, null))).toBe('forbidden')
    expect(refusal(() => requireScheduler(people.member, teacher, 'group-g'))).toBe('forbidden')
    expect(refusal(() => requireScheduler(people.otherSchoolAdmin, teacher, null))).toBe(
      'forbidden',
    )
  })
})

describe('sheet values', () => {
  it('accepts only levels of the scale, on points of the rubric', () => {
    expect(
      refusal(() => checkScores(WEIGHTED_RUBRIC, [{ point: 'goals.1', value: 4 }], [])),
    ).toBeNull()
    expect(
      refusal(() => checkScores(WEIGHTED_RUBRIC, [{ point: 'goals.1', value: null }], [])),
    ).toBeNull()
    expect(
      refusal(() => checkScores(WEIGHTED_RUBRIC, [{ point: 'goals.1', value: 4.5 }], [])),
    ).toBe('score_out_of_range')
    expect(refusal(() => checkScores(WEIGHTED_RUBRIC, [{ point: 'goals', value: 4 }], []))).toBe(
      'unknown_rubric_key',
    )
  })

  it('accepts LICC scores of picked points only', () => {
    const picked = ['learning.listening']
    expect(
      refusal(() => checkScores(LICC_RUBRIC, [{ point: 'learning.listening', value: 5 }], picked)),
    ).toBeNull()
    expect(
      refusal(() => checkScores(LICC_RUBRIC, [{ point: 'culture.care', value: 5 }], picked)),
    ).toBe('point_not_picked')
    expect(refusal(() => checkPick(LICC_RUBRIC, ['culture.care']))).toBeNull()
    expect(refusal(() => checkPick(WEIGHTED_RUBRIC, ['goals.1']))).toBe('not_viewpoint_rubric')
  })

  it('accepts whole bonus points from 0 to the item’s maximum', () => {
    expect(
      refusal(() => checkBonus(WEIGHTED_RUBRIC, [{ key: 'bonus.style', value: 3 }])),
    ).toBeNull()
    expect(
      refusal(() => checkBonus(WEIGHTED_RUBRIC, [{ key: 'bonus.style', value: 0 }])),
    ).toBeNull()
    expect(refusal(() => checkBonus(WEIGHTED_RUBRIC, [{ key: 'bonus.style', value: 4 }]))).toBe(
      'score_out_of_range',
    )
    expect(refusal(() => checkBonus(WEIGHTED_RUBRIC, [{ key: 'bonus.style', value: 1.5 }]))).toBe(
      'score_out_of_range',
    )
    expect(refusal(() => checkBonus(WEIGHTED_RUBRIC, [{ key: 'bonus.style', value: -1 }]))).toBe(
      'score_out_of_range',
    )
  })
})
