import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppKysely } from '../../../server/db/kysely.ts'
import {
  balanceFigures,
  plansWrittenBySchool,
} from '../../../server/features/dashboard/balanceQueries.ts'
import {
  coAuthoredPlans,
  commentList,
  crossSchoolFigures,
} from '../../../server/features/dashboard/crossSchoolQueries.ts'
import { adaptedPlans, flowFigures } from '../../../server/features/dashboard/flowQueries.ts'
import {
  libraryEntries,
  libraryFigures,
} from '../../../server/features/dashboard/libraryQueries.ts'
import { type DashboardViewer, dashboardViewer } from '../../../server/features/dashboard/policy.ts'
import {
  preparationFigures,
  preparationTasks,
} from '../../../server/features/dashboard/preparationQueries.ts'
import type { FiltersQuery } from '../../../server/features/dashboard/schema.ts'
import { type DashboardScope, resolveScope } from '../../../server/features/dashboard/scope.ts'
import { sessionFigures, sessionList } from '../../../server/features/dashboard/sessionQueries.ts'
import { termTrends, weeklyTrends } from '../../../server/features/dashboard/trendQueries.ts'
import { buildDashboardAlliance, TERM_1, TERM_2 } from '../../helpers/dashboardAlliance.ts'
import { openTestEngine, TEST_ENGINES, type TestEngine } from '../../helpers/testEngines.ts'

const ADMIN: DashboardViewer = dashboardViewer(
  { id: 'admin', role: 'alliance_admin', schoolId: 's1' },
  [],
)
const LEAD_G2: DashboardViewer = dashboardViewer({ id: 't3', role: 'teacher', schoolId: 's2' }, [
  'g2',
])
const PAGE = { limit: 50, offset: 0 }
const NOW = Date.UTC(2026, 0, 1)

interface Case {
  name: string
  viewer?: DashboardViewer
  filters?: FiltersQuery
  run: (kdb: AppKysely, scope: DashboardScope) => Promise<unknown>
  expected: unknown
}

const s1 = { schoolId: 's1', schoolName: '第一中学' }
const s2 = { schoolId: 's2', schoolName: '第二中学' }

/** The figures of the hand-built alliance (tests/helpers/dashboardAlliance.ts), worked out by hand. */
const CASES: Case[] = [
  {
    name: 'tasks per stage, on-time share and median days to sign-off (China calendar)',
    run: (kdb, scope) => preparationFigures(kdb, scope, NOW),
    expected: {
      tasks: 4,
      byStage: { not_started: 1, draft: 0, discussion: 1, final: 2, archived: 0 },
      dueOrSigned: 3,
      signedOnTime: 1,
      signedLate: 1,
      onTimeShare: 0.333,
      medianDaysToSigned: 3.3,
    },
  },
  {
    name: "preparation of school s2 (its main preparers' tasks)",
    filters: { school: 's2' },
    run: (kdb, scope) => preparationFigures(kdb, scope, NOW),
    expected: {
      tasks: 2,
      byStage: { not_started: 1, draft: 0, discussion: 0, final: 1, archived: 0 },
      dueOrSigned: 1,
      signedOnTime: 0,
      signedLate: 1,
      onTimeShare: 0,
      medianDaysToSigned: 4.7,
    },
  },
  {
    name: 'preparation of term 1',
    filters: { term: TERM_1 },
    run: async (kdb, scope) => {
      const { tasks, onTimeShare, medianDaysToSigned } = await preparationFigures(kdb, scope, NOW)
      return { tasks, onTimeShare, medianDaysToSigned }
    },
    expected: { tasks: 3, onTimeShare: 0.5, medianDaysToSigned: 2 },
  },
  {
    name: 'preparation of subject 语文 (the groups of that subject)',
    filters: { subject: '语文' },
    run: async (kdb, scope) => (await preparationFigures(kdb, scope, NOW)).tasks,
    expected: 1,
  },
  {
    name: "preparation seen by g2's lead",
    viewer: LEAD_G2,
    run: async (kdb, scope) => {
      const { tasks, signedLate } = await preparationFigures(kdb, scope, NOW)
      return { tasks, signedLate }
    },
    expected: { tasks: 1, signedLate: 1 },
  },
  {
    name: 'sessions held, attendance and speaking turns by school (deleted plans left out)',
    run: sessionFigures,
    expected: {
      sessions: 2,
      ended: 1,
      attendanceBySchool: [
        { ...s1, count: 3, people: 2 },
        { ...s2, count: 2, people: 1 },
      ],
      turnsBySchool: [
        { ...s1, count: 2 },
        { ...s2, count: 2 },
      ],
    },
  },
  {
    name: "sessions seen by g2's lead",
    viewer: LEAD_G2,
    run: sessionFigures,
    expected: {
      sessions: 1,
      ended: 0,
      attendanceBySchool: [
        { ...s1, count: 1, people: 1 },
        { ...s2, count: 1, people: 1 },
      ],
      turnsBySchool: [{ ...s1, count: 1 }],
    },
  },
  {
    name: 'comments per plan, cross-school share and the co-authorship index',
    run: crossSchoolFigures,
    expected: {
      plans: 7,
      comments: 4,
      commentsPerPlan: 0.57,
      crossSchoolComments: 2,
      crossSchoolShare: 0.5,
      commentsBySchool: [
        { ...s1, count: 2, crossSchool: 1 },
        { ...s2, count: 2, crossSchool: 1 },
      ],
      writtenPlans: 3,
      coAuthoredPlans: 1,
      coAuthorshipIndex: 0.333,
    },
  },
  {
    name: "cross-school work on school s1's plans",
    filters: { school: 's1' },
    run: async (kdb, scope) => {
      const f = await crossSchoolFigures(kdb, scope)
      return [f.plans, f.comments, f.crossSchoolComments, f.writtenPlans, f.coAuthorshipIndex]
    },
    expected: [3, 2, 1, 2, 0.5],
  },
  {
    name: 'the resource-flow matrix',
    run: async (kdb, scope) => {
      const { cells, total } = await flowFigures(kdb, scope)
      return { cells, total }
    },
    expected: {
      cells: [
        { fromSchoolId: 's1', toSchoolId: 's2', adaptations: 2 },
        { fromSchoolId: 's2', toSchoolId: 's1', adaptations: 1 },
      ],
      total: 3,
    },
  },
  {
    name: "the flows of g2's entries for its lead",
    viewer: LEAD_G2,
    run: async (kdb, scope) => (await flowFigures(kdb, scope)).cells,
    expected: [{ fromSchoolId: 's2', toSchoolId: 's1', adaptations: 1 }],
  },
  {
    name: 'library: published, adapted, rated, time in review',
    run: libraryFigures,
    expected: {
      published: 2,
      withdrawn: 1,
      adaptedEntries: 2,
      adaptations: 3,
      ratedEntries: 2,
      reviews: 3,
      averageStars: 4,
      decidedSubmissions: 2,
      medianHoursInReview: 20,
      pendingReviews: 1,
      publishedBySchool: [
        { ...s1, count: 1 },
        { ...s2, count: 1 },
      ],
    },
  },
  {
    name: 'library of subject 数学',
    filters: { subject: '数学' },
    run: libraryFigures,
    expected: {
      published: 1,
      withdrawn: 1,
      adaptedEntries: 1,
      adaptations: 2,
      ratedEntries: 1,
      reviews: 2,
      averageStars: 4.5,
      decidedSubmissions: 1,
      medianHoursInReview: 10,
      pendingReviews: 1,
      publishedBySchool: [{ ...s1, count: 1 }],
    },
  },
  {
    name: 'participation balance overall and per term (校际差异系数)',
    run: (kdb, scope) => balanceFigures(kdb, scope, scope),
    expected: {
      overall: {
        schools: [
          {
            ...s1,
            teachers: 2,
            plansEdited: 3,
            sessionsAttended: 3,
            comments: 2,
            meanParticipation: 4,
          },
          {
            ...s2,
            teachers: 1,
            plansEdited: 2,
            sessionsAttended: 2,
            comments: 2,
            meanParticipation: 6,
          },
        ],
        mean: 5,
        cv: 0.2,
      },
      perTerm: [
        {
          term: TERM_1,
          schools: [
            {
              ...s1,
              teachers: 2,
              plansEdited: 3,
              sessionsAttended: 2,
              comments: 1,
              meanParticipation: 3,
            },
            {
              ...s2,
              teachers: 1,
              plansEdited: 1,
              sessionsAttended: 1,
              comments: 1,
              meanParticipation: 3,
            },
          ],
          mean: 3,
          cv: 0,
        },
        {
          term: TERM_2,
          schools: [
            {
              ...s1,
              teachers: 1,
              plansEdited: 0,
              sessionsAttended: 1,
              comments: 1,
              meanParticipation: 2,
            },
            {
              ...s2,
              teachers: 1,
              plansEdited: 1,
              sessionsAttended: 1,
              comments: 1,
              meanParticipation: 3,
            },
          ],
          mean: 2.5,
          cv: 0.2,
        },
      ],
    },
  },
  {
    name: 'weekly trends (ISO weeks in China time)',
    run: weeklyTrends,
    expected: [
      {
        week: '2025-09-01',
        plansCreated: 4,
        plansSigned: 2,
        sessions: 1,
        attendances: 3,
        comments: 4,
        adaptations: 0,
      },
      {
        week: '2025-09-08',
        plansCreated: 3,
        plansSigned: 0,
        sessions: 1,
        attendances: 2,
        comments: 0,
        adaptations: 3,
      },
    ],
  },
  {
    name: 'term-over-term trends',
    run: termTrends,
    expected: [
      {
        term: TERM_1,
        plans: 3,
        tasks: 3,
        onTimeShare: 0.5,
        sessions: 1,
        attendances: 3,
        comments: 2,
        crossSchoolShare: 0.5,
        adaptations: 2,
      },
      {
        term: TERM_2,
        plans: 1,
        tasks: 1,
        onTimeShare: 0,
        sessions: 1,
        attendances: 2,
        comments: 2,
        crossSchoolShare: 0.5,
        adaptations: 1,
      },
    ],
  },
  // ---- Drill-downs: the rows behind the figures ----
  {
    name: 'the tasks signed on time, late, due and unsigned, not started',
    run: async (kdb, scope) => {
      const ids = async (filter: Parameters<typeof preparationTasks>[2]) =>
        (await preparationTasks(kdb, scope, filter, PAGE, NOW)).rows.map((row) => row.taskId)
      return [
        await ids({ onTime: 'true' }),
        await ids({ onTime: 'false' }),
        await ids({ onTime: 'unsigned' }),
        await ids({ stage: 'not_started' }),
      ]
    },
    expected: [['k1'], ['k3'], ['k2'], ['k4']],
  },
  {
    name: 'the sessions, latest first, and those where school s2 spoke',
    run: async (kdb, scope) => {
      const all = await sessionList(kdb, scope, {}, PAGE)
      const spoke = await sessionList(kdb, scope, { speakerSchool: 's2' }, PAGE)
      return [
        all.rows.map((row) => [row.sessionId, row.attendees, row.turns]),
        spoke.rows.map((row) => row.sessionId),
      ]
    },
    expected: [
      [
        ['m2', 2, 1],
        ['m1', 3, 3],
      ],
      ['m1'],
    ],
  },
  {
    name: 'the cross-school comments',
    run: async (kdb, scope) =>
      (await commentList(kdb, scope, { crossSchool: true }, PAGE)).rows.map((row) => [
        row.commentId,
        row.planSchoolId,
        row.authorSchoolId,
      ]),
    expected: [
      ['c1', 's1', 's2'],
      ['c3', 's2', 's1'],
    ],
  },
  {
    name: 'the co-authored plans and the single-school ones',
    run: async (kdb, scope) => [
      (await coAuthoredPlans(kdb, scope, true, PAGE)).rows.map((row) => [
        row.documentId,
        row.writerSchools,
      ]),
      (await coAuthoredPlans(kdb, scope, false, PAGE)).rows.map((row) => row.documentId),
    ],
    expected: [[['p1', ['第一中学', '第二中学']]], ['p2', 'p3']],
  },
  {
    name: 'the plans of s2 adapted from entries of s1',
    run: async (kdb, scope) =>
      (await adaptedPlans(kdb, scope, { from: 's1', to: 's2' }, PAGE)).rows.map(
        (row) => row.documentId,
      ),
    expected: ['a1', 'a3'],
  },
  {
    name: 'the rated, reviewed and adapted entries',
    run: async (kdb, scope) => [
      (await libraryEntries(kdb, scope, 'rated', PAGE)).rows.map((row) => [
        row.entryId,
        row.averageStars,
      ]),
      (await libraryEntries(kdb, scope, 'reviewed', PAGE)).rows.map((row) => [
        row.entryId,
        row.hoursInReview,
      ]),
      (await libraryEntries(kdb, scope, 'adapted', PAGE)).rows.map((row) => [
        row.entryId,
        row.adaptations,
      ]),
    ],
    expected: [
      [
        ['e1', 4.5],
        ['e2', 3],
      ],
      [['e1', 10]],
      [
        ['e1', 2],
        ['e2', 1],
      ],
    ],
  },
  {
    name: "the plans school s2's teachers wrote in",
    run: async (kdb, scope) =>
      (await plansWrittenBySchool(kdb, scope, 's2', PAGE)).rows.map((row) => row.documentId),
    expected: ['p1', 'p3'],
  },
]

describe.each(TEST_ENGINES)('dashboard indicators on %s', (engineName) => {
  let engine: TestEngine

  beforeAll(async () => {
    engine = await openTestEngine(engineName)
    await buildDashboardAlliance(engine.kdb)
  })
  afterAll(() => engine.close())

  it.each(CASES)('computes $name', async ({ viewer, filters, run, expected }) => {
    const scope = await resolveScope(engine.kdb, viewer ?? ADMIN, filters ?? {})
    expect(await run(engine.kdb, scope)).toEqual(expected)
  })
})
