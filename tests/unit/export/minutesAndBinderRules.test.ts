import { describe, expect, it } from 'vitest'
import { jobStatus, STALE_JOB_MS } from '../../../server/features/export/binder/BinderJobs.ts'
import {
  binderTerm,
  requireBinderBuilder,
  requireJobReader,
} from '../../../server/features/export/binder/binderPolicy.ts'
import { recordNotes } from '../../../server/features/export/minutes/recordNotes.ts'
import type { UserRole } from '../../../shared/domain.ts'
import { recordJSON } from '../../../shared/meetings/recordSchema.ts'
import { refusal, testPrincipal } from '../../helpers/principals.ts'

function caller(role: UserRole, groupRole?: 'lead' | 'member' | 'observer', schoolId = 'school-a') {
  return {
    user: testPrincipal(role, { schoolId }).user,
    role: groupRole,
    groupSchoolIds: ['school-a', 'school-b'],
  }
}

describe('the record notes the export keeps', () => {
  it('drops the title, the pre-filled header lines and the server lists with their headings', () => {
    const record = recordJSON({
      date: '2026-12-08',
      groupName: '七年级数学联合教研组',
      hostName: '李红梅',
      mainPreparerName: '王建国',
      planTitle: '有理数',
      planHref: '/plans/p1',
      attendeeLines: ['城关第一中学：李红梅'],
      agendaLines: ['说课（10 分钟）'],
      decisionLines: [],
    })
    record.content?.push({
      type: 'paragraph',
      content: [{ type: 'text', text: '自由记录：增加生活实例' }],
    })
    const notes = recordNotes(record)
    expect(notes.map((node) => node.type)).toEqual(['heading', 'paragraph'])
    const text = JSON.stringify(notes)
    expect(text).toContain('讨论记录')
    expect(text).toContain('自由记录：增加生活实例')
    for (const gone of ['集体备课记录', '日期：', '参会人员', '议程', '决议与表决', '李红梅']) {
      expect(text, gone).not.toContain(gone)
    }
  })
})

describe('who builds a binder and reads a job', () => {
  it('lets members of any role and the group’s admins build; refuses others', () => {
    expect(refusal(() => requireBinderBuilder(caller('teacher', 'observer')))).toBeNull()
    expect(refusal(() => requireBinderBuilder(caller('alliance_admin')))).toBeNull()
    expect(
      refusal(() => requireBinderBuilder(caller('school_admin', undefined, 'school-b'))),
    ).toBeNull()
    expect(refusal(() => requireBinderBuilder(caller('school_admin', undefined, 'school-c')))).toBe(
      'forbidden',
    )
    expect(refusal(() => requireBinderBuilder(caller('teacher')))).toBe('forbidden')
  })

  it('shows a job to its requester and the group’s admins only', () => {
    const mine = { requestedBy: 'teacher-1' }
    const theirs = { requestedBy: 'someone-else' }
    expect(refusal(() => requireJobReader(caller('teacher', 'member'), mine))).toBeNull()
    expect(refusal(() => requireJobReader(caller('teacher', 'lead'), theirs))).toBe('forbidden')
    expect(refusal(() => requireJobReader(caller('alliance_admin'), theirs))).toBeNull()
  })

  it('covers the group’s own term; another term is a 400', () => {
    expect(binderTerm('2026-2027-1', undefined)).toBe('2026-2027-1')
    expect(binderTerm('2026-2027-1', '2026-2027-1')).toBe('2026-2027-1')
    expect(refusal(() => binderTerm('2026-2027-1', '2025-2026-2'))).toBe('bad_request')
  })

  it('reads a running job nobody touched for a while as failed (its instance died)', () => {
    const row = {
      id: 'j',
      groupId: 'g',
      term: 't',
      requestedBy: 'u',
      status: 'running' as const,
      done: 3,
      total: 9,
      fileName: 'f.docx',
      error: null,
      createdAt: 0,
      updatedAt: 1_000,
    }
    expect(jobStatus(row, 2_000).status).toBe('running')
    const stale = jobStatus(row, 1_000 + STALE_JOB_MS + 1)
    expect(stale.status).toBe('failed')
    expect(stale.error).toMatch(/start it again/)
  })
})
