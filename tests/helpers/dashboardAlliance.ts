import { toJsonText } from '../../server/db/database.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import type { DocumentStatus } from '../../shared/domain.ts'
import { SEED_TIME, seedTeachers } from './testEngines.ts'

/**
 * A small alliance for the dashboard's indicator tests, built straight into the database, with
 * figures worked out by hand (tests/integration/dashboard/indicators.test.ts lists them):
 *
 * - schools `s1` (t1, t2) and `s2` (t3), all teachers;
 * - groups `g1` (term 2025-2026-1, 数学 七年级: t1 lead, t2 and t3 members) and `g2` (term
 *   2024-2025-2, 语文 八年级: t3 lead, t1 member);
 * - plans p1 (t1, g1, signed on time), p2 (t2, g1, in discussion), p3 (t3, g2, signed late:
 *   00:30 China time the day after its due date), p4 (t3, g1, draft), p5 (deleted); the
 *   adapted plans a1, a3 (t3 from e1) and a2 (t2 from e2), a4 (deleted);
 * - tasks k1 → p1, k2 → p2 (due, unsigned), k3 → p3, k4 (no plan, due in 2099);
 * - sessions m1 on p1 (ended), m2 on p3 (started Monday 01:00 China time), m3 on p5;
 * - comments, writers (registered clients), library entries, reviews and submissions.
 */

/** 2025-09-01 00:00 UTC (a Monday, 08:00 in China). */
export const D0 = Date.UTC(2025, 8, 1)
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The term of g1 and of g2. */
export const TERM_1 = '2025-2026-1'
/** The term of g2. */
export const TERM_2 = '2024-2025-2'

interface PlanSeed {
  id: string
  owner: string
  school: 's1' | 's2'
  group: string | null
  status: DocumentStatus
  createdAt?: number
  deleted?: boolean
  subject?: string
  grade?: string
  adaptedFrom?: string
}

const PLANS: PlanSeed[] = [
  {
    id: 'p1',
    owner: 't1',
    school: 's1',
    group: 'g1',
    status: 'final',
    subject: '数学',
    grade: '七年级',
  },
  {
    id: 'p2',
    owner: 't2',
    school: 's1',
    group: 'g1',
    status: 'discussion',
    subject: '数学',
    grade: '七年级',
  },
  {
    id: 'p3',
    owner: 't3',
    school: 's2',
    group: 'g2',
    status: 'final',
    subject: '语文',
    grade: '八年级',
  },
  {
    id: 'p4',
    owner: 't3',
    school: 's2',
    group: 'g1',
    status: 'draft',
    subject: '数学',
    grade: '七年级',
  },
  { id: 'p5', owner: 't1', school: 's1', group: 'g1', status: 'draft', deleted: true },
  {
    id: 'a1',
    owner: 't3',
    school: 's2',
    group: null,
    status: 'draft',
    createdAt: D0 + 10 * DAY,
    adaptedFrom: 'e1',
  },
  {
    id: 'a2',
    owner: 't2',
    school: 's1',
    group: null,
    status: 'draft',
    createdAt: D0 + 10 * DAY,
    adaptedFrom: 'e2',
  },
  {
    id: 'a3',
    owner: 't3',
    school: 's2',
    group: null,
    status: 'draft',
    createdAt: D0 + 10 * DAY,
    adaptedFrom: 'e1',
  },
  {
    id: 'a4',
    owner: 't1',
    school: 's1',
    group: null,
    status: 'draft',
    createdAt: D0 + 10 * DAY,
    adaptedFrom: 'e2',
    deleted: true,
  },
]

/** Writes the alliance described above. */
export async function buildDashboardAlliance(kdb: AppKysely): Promise<void> {
  await seedTeachers(kdb, [
    ['t1', '张老师', 's1'],
    ['t2', '李老师', 's1'],
    ['t3', '王老师', 's2'],
  ])
  await kdb
    .insertInto('groups')
    .values([
      {
        id: 'g1',
        name: '七年级数学',
        subject: '数学',
        grade: '七年级',
        term: TERM_1,
        createdAt: SEED_TIME,
      },
      {
        id: 'g2',
        name: '八年级语文',
        subject: '语文',
        grade: '八年级',
        term: TERM_2,
        createdAt: SEED_TIME,
      },
    ])
    .execute()
  const members: Array<[string, string, 'lead' | 'member']> = [
    ['g1', 't1', 'lead'],
    ['g1', 't2', 'member'],
    ['g1', 't3', 'member'],
    ['g2', 't3', 'lead'],
    ['g2', 't1', 'member'],
  ]
  await kdb
    .insertInto('groupMembers')
    .values(
      members.map(([groupId, userId, role]) => ({ groupId, userId, role, createdAt: SEED_TIME })),
    )
    .execute()
  await kdb
    .insertInto('documents')
    .values(
      PLANS.map((plan) => ({
        id: plan.id,
        ownerId: plan.owner,
        schoolId: plan.school,
        groupId: plan.group,
        kind: 'lesson_plan' as const,
        title: `教案 ${plan.id}`,
        subject: plan.subject ?? '',
        grade: plan.grade ?? '',
        status: plan.status,
        visibility: 'group' as const,
        createdAt: plan.createdAt ?? D0,
        updatedAt: plan.createdAt ?? D0,
        deletedAt: plan.deleted ? D0 + DAY : null,
        adaptedFromEntryId: plan.adaptedFrom ?? null,
        adaptedFromVersion: plan.adaptedFrom ? 1 : null,
      })),
    )
    .execute()
  await writeLifecycle(kdb)
  await writeSessions(kdb)
  await writeWriting(kdb)
  await writeLibrary(kdb)
}

/** Tasks and sign-offs. */
async function writeLifecycle(kdb: AppKysely): Promise<void> {
  const tasks: Array<[string, string, string, string | null, string]> = [
    ['k1', 'g1', 't1', 'p1', '2025-09-04'],
    ['k2', 'g1', 't2', 'p2', '2025-09-10'],
    ['k3', 'g2', 't3', 'p3', '2025-09-05'],
    ['k4', 'g1', 't3', null, '2099-01-01'],
  ]
  await kdb
    .insertInto('prepTasks')
    .values(
      tasks.map(([id, groupId, mainPreparerId, documentId, dueDate]) => ({
        id,
        groupId,
        unit: '第一单元',
        lesson: `课 ${id}`,
        mainPreparerId,
        dueDate,
        documentId,
        createdBy: 't1',
        createdAt: D0,
        updatedAt: D0,
      })),
    )
    .execute()
  await kdb
    .insertInto('planLifecycle')
    .values([
      {
        documentId: 'p1',
        taskId: 'k1',
        mainPreparerId: 't1',
        signedBy: 't1',
        signedAt: Date.UTC(2025, 8, 3),
      },
      { documentId: 'p2', taskId: 'k2', mainPreparerId: 't2' },
      // 2025-09-05 16:30 UTC is 00:30 on the 6th in China: one day after k3's due date.
      {
        documentId: 'p3',
        taskId: 'k3',
        mainPreparerId: 't3',
        signedBy: 't3',
        signedAt: Date.UTC(2025, 8, 5, 16, 30),
      },
    ])
    .execute()
}

/** Sessions, attendance and speaking turns. */
async function writeSessions(kdb: AppKysely): Promise<void> {
  // m2 starts 2025-09-07 17:00 UTC: Monday 01:00 in China, so in the week of 09-08.
  const m2Start = Date.UTC(2025, 8, 7, 17)
  const sessions: Array<[string, string, string, number, number | null]> = [
    ['m1', 'p1', 'g1', D0 + DAY, D0 + DAY + HOUR],
    ['m2', 'p3', 'g2', m2Start, null],
    ['m3', 'p5', 'g1', D0 + DAY, D0 + DAY + HOUR],
  ]
  await kdb
    .insertInto('prepSessions')
    .values(
      sessions.map(([id, documentId, groupId, startedAt, endedAt]) => ({
        id,
        documentId,
        groupId,
        hostId: 't1',
        agenda: toJsonText<Array<{ title: string; minutes: number }>>([]),
        state: toJsonText<Record<string, unknown>>({}),
        startedAt,
        endedAt,
      })),
    )
    .execute()
  const joins: Array<[string, string, number]> = [
    ['m1', 't1', D0 + DAY],
    ['m1', 't1', D0 + DAY + 10 * 60_000],
    ['m1', 't2', D0 + DAY],
    ['m1', 't3', D0 + DAY],
    ['m2', 't3', m2Start],
    ['m2', 't1', m2Start],
    ['m3', 't1', D0 + DAY],
  ]
  await kdb
    .insertInto('sessionAttendance')
    .values(joins.map(([sessionId, userId, joinedAt]) => ({ sessionId, userId, joinedAt })))
    .execute()
  const turns: Array<[string, string, 's1' | 's2']> = [
    ['m1', 't3', 's2'],
    ['m1', 't2', 's1'],
    ['m1', 't3', 's2'],
    ['m2', 't1', 's1'],
  ]
  await kdb
    .insertInto('sessionTurns')
    .values(
      turns.map(([sessionId, userId, schoolId]) => ({
        sessionId,
        userId,
        schoolId,
        givenAt: D0 + DAY,
      })),
    )
    .execute()
}

/** Comments and the registered writers of the plans. */
async function writeWriting(kdb: AppKysely): Promise<void> {
  const comments: Array<[string, string, string, 's1' | 's2', boolean]> = [
    ['c1', 'p1', 't3', 's2', false],
    ['c2', 'p1', 't2', 's1', false],
    ['c3', 'p3', 't1', 's1', false],
    ['c4', 'p3', 't3', 's2', false],
    ['c5', 'p1', 't3', 's2', true],
    ['c6', 'p5', 't1', 's1', false],
  ]
  await kdb
    .insertInto('commentLog')
    .values(
      comments.map(([commentId, documentId, authorId, schoolId, deleted]) => ({
        commentId,
        documentId,
        threadId: `thread-${commentId}`,
        authorId,
        schoolId,
        createdAt: D0 + 2 * DAY,
        deletedAt: deleted ? D0 + 3 * DAY : null,
      })),
    )
    .execute()
  const clients: Array<[string, number, string, 's1' | 's2']> = [
    ['p1', 1, 't1', 's1'],
    ['p1', 2, 't3', 's2'],
    ['p2', 3, 't2', 's1'],
    ['p2', 4, 't1', 's1'],
    ['p2', 5, 't1', 's1'],
    ['p3', 6, 't3', 's2'],
  ]
  await kdb
    .insertInto('documentClients')
    .values(
      clients.map(([documentId, clientId, userId, schoolId]) => ({
        documentId,
        clientId,
        userId,
        schoolId,
        createdAt: D0,
      })),
    )
    .execute()
}

/** Library entries, reviews and review submissions. */
async function writeLibrary(kdb: AppKysely): Promise<void> {
  const entries: Array<
    [string, string, string, 's1' | 's2', string, string, 'published' | 'withdrawn']
  > = [
    ['e1', 'p1', 't1', 's1', '数学', '七年级', 'published'],
    ['e2', 'p3', 't3', 's2', '语文', '八年级', 'published'],
    ['e3', 'p2', 't2', 's1', '数学', '七年级', 'withdrawn'],
  ]
  await kdb
    .insertInto('libraryEntries')
    .values(
      entries.map(([id, sourceDocumentId, publisherId, schoolId, subject, grade, status]) => ({
        id,
        sourceDocumentId,
        publisherId,
        schoolId,
        title: `条目 ${id}`,
        subject,
        grade,
        textbookEdition: '',
        unit: '',
        lesson: '',
        keywords: toJsonText<string[]>([]),
        authors: toJsonText<Array<{ name: string; school: string }>>([]),
        licence: 'CC BY 4.0',
        status,
        latestVersion: 1,
        createdAt: D0 + 5 * DAY,
        updatedAt: D0 + 5 * DAY,
      })),
    )
    .execute()
  const reviews: Array<[string, string, number]> = [
    ['e1', 't3', 5],
    ['e1', 't2', 4],
    ['e2', 't1', 3],
  ]
  await kdb
    .insertInto('libraryReviews')
    .values(
      reviews.map(([entryId, userId, stars]) => ({
        entryId,
        userId,
        stars,
        comment: '',
        createdAt: D0 + 6 * DAY,
        updatedAt: D0 + 6 * DAY,
      })),
    )
    .execute()
  const submissions: Array<
    [string, string, 's1' | 's2', 'approved' | 'returned' | 'pending', number | null, string | null]
  > = [
    ['sub1', 'p1', 's1', 'approved', D0 + 10 * HOUR, 'e1'],
    ['sub2', 'p3', 's2', 'returned', D0 + 30 * HOUR, null],
    ['sub3', 'p2', 's1', 'pending', null, null],
  ]
  await kdb
    .insertInto('librarySubmissions')
    .values(
      submissions.map(([id, documentId, schoolId, status, reviewedAt, entryId]) => ({
        id,
        documentId,
        submittedBy: 't1',
        schoolId,
        title: `提交 ${id}`,
        keywords: toJsonText<string[]>([]),
        licence: 'CC BY 4.0',
        state: Buffer.alloc(0),
        status,
        reviewerId: reviewedAt === null ? null : 't1',
        reviewedAt,
        entryId,
        version: entryId === null ? null : 1,
        createdAt: D0,
      })),
    )
    .execute()
}
