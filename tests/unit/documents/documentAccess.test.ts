import { describe, expect, it } from 'vitest'
import {
  type AccessFields,
  type AccessSubject,
  canManageDocument,
  documentPermission,
} from '../../../server/features/documents/index.ts'
import type {
  DocumentStatus,
  GroupRole,
  Permission,
  UserRole,
  Visibility,
} from '../../../shared/domain.ts'

const SCHOOL_A = 'school-a'
const SCHOOL_B = 'school-b'
const GROUP = 'group-1'
const OTHER_GROUP = 'group-2'

function subject(
  id: string,
  options: { school?: string; role?: UserRole; groups?: Array<[string, GroupRole]> } = {},
): AccessSubject {
  return {
    user: {
      id,
      username: id,
      displayName: id,
      schoolId: options.school ?? SCHOOL_A,
      schoolName: options.school ?? SCHOOL_A,
      role: options.role ?? 'teacher',
      language: 'zh-CN',
      disabled: false,
    },
    memberships: new Map(options.groups ?? []),
  }
}

function doc(
  visibility: Visibility,
  options: {
    owner?: string
    school?: string
    group?: string | null
    deletedAt?: number
    status?: DocumentStatus
    mainPreparerId?: string
    commonPlanId?: string
  } = {},
): AccessFields {
  return {
    ownerId: options.owner ?? 'owner',
    schoolId: options.school ?? SCHOOL_A,
    groupId: options.group === undefined ? GROUP : options.group,
    visibility,
    deletedAt: options.deletedAt ?? null,
    status: options.status ?? 'draft',
    mainPreparerId: options.mainPreparerId ?? null,
    commonPlanId: options.commonPlanId ?? null,
  }
}

const owner = subject('owner')
const lead = subject('lead', { school: SCHOOL_B, groups: [[GROUP, 'lead']] })
const member = subject('member', { school: SCHOOL_B, groups: [[GROUP, 'member']] })
const observer = subject('observer', { school: SCHOOL_B, groups: [[GROUP, 'observer']] })
const otherGroupLead = subject('other-lead', { school: SCHOOL_B, groups: [[OTHER_GROUP, 'lead']] })
const colleague = subject('colleague', { school: SCHOOL_A })
const stranger = subject('stranger', { school: SCHOOL_B })
const schoolAdmin = subject('school-admin', { school: SCHOOL_A, role: 'school_admin' })
const foreignSchoolAdmin = subject('foreign-admin', { school: SCHOOL_B, role: 'school_admin' })
const allianceAdmin = subject('alliance-admin', { school: SCHOOL_B, role: 'alliance_admin' })
const observingColleague = subject('observing-colleague', {
  school: SCHOOL_A,
  groups: [[GROUP, 'observer']],
})

interface PermissionCase {
  rule: string
  who: AccessSubject
  doc: AccessFields
  expected: Permission
}

const permissionCases: PermissionCase[] = [
  // the owner
  { rule: 'the owner edits a private document', who: owner, doc: doc('private'), expected: 'edit' },
  {
    rule: 'the owner edits a private document outside any group',
    who: owner,
    doc: doc('private', { group: null }),
    expected: 'edit',
  },
  { rule: 'the owner edits a group document', who: owner, doc: doc('group'), expected: 'edit' },
  {
    rule: 'the owner edits an alliance document',
    who: owner,
    doc: doc('alliance'),
    expected: 'edit',
  },
  // private shuts everyone else out, whatever their role
  {
    rule: 'private: the group lead has no access',
    who: lead,
    doc: doc('private'),
    expected: 'none',
  },
  {
    rule: 'private: a group member has no access',
    who: member,
    doc: doc('private'),
    expected: 'none',
  },
  {
    rule: 'private: a group observer has no access',
    who: observer,
    doc: doc('private'),
    expected: 'none',
  },
  {
    rule: 'private: a colleague of the same school has no access',
    who: colleague,
    doc: doc('private'),
    expected: 'none',
  },
  {
    rule: 'private: the school admin has no access',
    who: schoolAdmin,
    doc: doc('private'),
    expected: 'none',
  },
  {
    rule: 'private: the alliance admin has no access',
    who: allianceAdmin,
    doc: doc('private'),
    expected: 'none',
  },
  // the document's group
  { rule: 'group: the lead edits', who: lead, doc: doc('group'), expected: 'edit' },
  { rule: 'group: a member edits', who: member, doc: doc('group'), expected: 'edit' },
  { rule: 'group: an observer views', who: observer, doc: doc('group'), expected: 'view' },
  {
    rule: 'group: the lead of another group has no access',
    who: otherGroupLead,
    doc: doc('group'),
    expected: 'none',
  },
  {
    rule: 'group: a colleague of the owner school outside the group has no access',
    who: colleague,
    doc: doc('group'),
    expected: 'none',
  },
  {
    rule: 'group: a stranger has no access',
    who: stranger,
    doc: doc('group'),
    expected: 'none',
  },
  {
    rule: 'group role wins over wider visibility: a member edits an alliance document',
    who: member,
    doc: doc('alliance'),
    expected: 'edit',
  },
  {
    rule: 'group role wins over wider visibility: a member edits a school document of another school',
    who: member,
    doc: doc('school'),
    expected: 'edit',
  },
  {
    rule: 'an observer who is also a colleague still only views a group document',
    who: observingColleague,
    doc: doc('group'),
    expected: 'view',
  },
  {
    rule: 'membership of a group counts only for that group: a member of group-1 on a group-2 document',
    who: member,
    doc: doc('group', { group: OTHER_GROUP }),
    expected: 'none',
  },
  {
    rule: 'a group-visibility document outside any group is the owner’s alone',
    who: lead,
    doc: doc('group', { group: null }),
    expected: 'none',
  },
  // school visibility
  {
    rule: 'school: a colleague of the owner school views',
    who: colleague,
    doc: doc('school'),
    expected: 'view',
  },
  {
    rule: 'school: a teacher of another school has no access',
    who: stranger,
    doc: doc('school', { group: null }),
    expected: 'none',
  },
  {
    rule: 'school: the document school, not the owner, decides',
    who: colleague,
    doc: doc('school', { school: SCHOOL_B, group: null }),
    expected: 'none',
  },
  // alliance visibility
  {
    rule: 'alliance: a teacher of another school views',
    who: stranger,
    doc: doc('alliance', { group: null }),
    expected: 'view',
  },
  {
    rule: 'alliance: the lead of another group views',
    who: otherGroupLead,
    doc: doc('alliance'),
    expected: 'view',
  },
  // administrators
  {
    rule: 'the alliance admin views a group document of any school',
    who: allianceAdmin,
    doc: doc('group'),
    expected: 'view',
  },
  {
    rule: 'the alliance admin views a school document of another school',
    who: allianceAdmin,
    doc: doc('school'),
    expected: 'view',
  },
  {
    rule: 'the school admin views a group document of their school',
    who: schoolAdmin,
    doc: doc('group'),
    expected: 'view',
  },
  {
    rule: 'the school admin of another school has no access to a group document',
    who: foreignSchoolAdmin,
    doc: doc('group'),
    expected: 'none',
  },
  {
    rule: 'the school admin of another school has no access to a school document',
    who: foreignSchoolAdmin,
    doc: doc('school'),
    expected: 'none',
  },
  {
    rule: 'administrators never edit what they do not own or co-author',
    who: allianceAdmin,
    doc: doc('alliance'),
    expected: 'view',
  },
  // deleted documents
  {
    rule: 'deleted: even the owner has no access',
    who: owner,
    doc: doc('private', { deletedAt: 1 }),
    expected: 'none',
  },
  {
    rule: 'deleted: the group lead has no access',
    who: lead,
    doc: doc('group', { deletedAt: 1 }),
    expected: 'none',
  },
  {
    rule: 'deleted: an alliance document is gone for everyone',
    who: stranger,
    doc: doc('alliance', { deletedAt: 1 }),
    expected: 'none',
  },
  {
    rule: 'deleted: the alliance admin has no access',
    who: allianceAdmin,
    doc: doc('group', { deletedAt: 1 }),
    expected: 'none',
  },
  {
    rule: 'deleted at time 0 still counts as deleted',
    who: owner,
    doc: doc('group', { deletedAt: 0 }),
    expected: 'none',
  },
]

interface ManageCase {
  rule: string
  who: AccessSubject
  doc: AccessFields
  expected: boolean
}

const manageCases: ManageCase[] = [
  { rule: 'the owner manages a private document', who: owner, doc: doc('private'), expected: true },
  {
    rule: 'the owner manages a document outside any group',
    who: owner,
    doc: doc('school', { group: null }),
    expected: true,
  },
  { rule: 'the group lead manages a group document', who: lead, doc: doc('group'), expected: true },
  {
    rule: 'the group lead manages an alliance document of the group',
    who: lead,
    doc: doc('alliance'),
    expected: true,
  },
  {
    rule: 'a member edits but does not manage',
    who: member,
    doc: doc('group'),
    expected: false,
  },
  { rule: 'an observer does not manage', who: observer, doc: doc('group'), expected: false },
  {
    rule: 'the lead of another group does not manage',
    who: otherGroupLead,
    doc: doc('group'),
    expected: false,
  },
  {
    rule: 'a lead does not manage a document outside any group',
    who: lead,
    doc: doc('alliance', { group: null }),
    expected: false,
  },
  {
    rule: 'a colleague of the owner school does not manage',
    who: colleague,
    doc: doc('school'),
    expected: false,
  },
  {
    rule: 'the school admin does not manage',
    who: schoolAdmin,
    doc: doc('school'),
    expected: false,
  },
  {
    rule: 'the alliance admin does not manage',
    who: allianceAdmin,
    doc: doc('alliance'),
    expected: false,
  },
  {
    rule: 'deleted: the owner no longer manages',
    who: owner,
    doc: doc('private', { deletedAt: 1 }),
    expected: false,
  },
  {
    rule: 'deleted: the lead no longer manages',
    who: lead,
    doc: doc('group', { deletedAt: 1 }),
    expected: false,
  },
]

describe('documentPermission', () => {
  it.each(permissionCases)('$rule', ({ who, doc: fields, expected }) => {
    expect(documentPermission(who, fields)).toBe(expected)
  })

  it('covers every visibility for every kind of subject without throwing', () => {
    const everyone = [
      owner,
      lead,
      member,
      observer,
      otherGroupLead,
      colleague,
      stranger,
      schoolAdmin,
      foreignSchoolAdmin,
      allianceAdmin,
    ]
    const visibilities: Visibility[] = ['private', 'group', 'school', 'alliance']
    for (const visibility of visibilities) {
      for (const who of everyone) {
        const permission = documentPermission(who, doc(visibility))
        // Only the owner and the group's editing members ever edit.
        if (permission === 'edit') expect([owner, lead, member]).toContain(who)
        // Nobody but the owner sees a private document.
        if (visibility === 'private' && who !== owner) expect(permission).toBe('none')
      }
    }
  })
})

describe('canManageDocument', () => {
  it.each(manageCases)('$rule', ({ who, doc: fields, expected }) => {
    expect(canManageDocument(who, fields)).toBe(expected)
  })
})

describe('documentPermission through the preparation life cycle', () => {
  const preparer = subject('preparer', { school: SCHOOL_B, groups: [[GROUP, 'member']] })
  const planIn = (status: DocumentStatus) =>
    doc('group', { status, mainPreparerId: 'preparer', owner: 'preparer', school: SCHOOL_B })
  const cases: Array<[string, AccessSubject, DocumentStatus, Permission]> = [
    ['the main preparer edits the draft', preparer, 'draft', 'edit'],
    ['a member comments on the draft', member, 'draft', 'comment'],
    ['the lead comments on the draft', lead, 'draft', 'comment'],
    ['an observer views the draft', observer, 'draft', 'view'],
    ['a member edits in discussion', member, 'discussion', 'edit'],
    ['the lead edits in discussion', lead, 'discussion', 'edit'],
    ['the main preparer only comments on the signed plan', preparer, 'final', 'comment'],
    ['the lead only comments on the signed plan', lead, 'final', 'comment'],
    ['a member only comments on the signed plan', member, 'final', 'comment'],
    ['an observer views the signed plan', observer, 'final', 'view'],
    ['a stranger sees nothing', stranger, 'discussion', 'none'],
  ]
  it.each(cases)('%s', (_rule, who, status, expected) => {
    expect(documentPermission(who, planIn(status))).toBe(expected)
  })

  it('lets only its owner edit a 个案; the group comments', () => {
    const personal = doc('group', { owner: 'member', commonPlanId: 'common', school: SCHOOL_B })
    expect(documentPermission(member, personal)).toBe('edit')
    expect(documentPermission(lead, personal)).toBe('comment')
    expect(documentPermission(observer, personal)).toBe('view')
  })

  it('leaves plans outside the life cycle as they were', () => {
    expect(documentPermission(member, doc('group', { status: 'final' }))).toBe('edit')
    expect(documentPermission(owner, doc('group', { status: 'final' }))).toBe('edit')
  })
})
