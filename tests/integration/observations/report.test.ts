import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import { readThreads } from '../../../shared/comments/threads.ts'
import type {
  ObservationInfo,
  ObservationReport,
  ReviewMeetingStarted,
  SuggestionSent,
} from '../../../shared/observations/observationApi.ts'
import { pointsOf } from '../../../shared/observations/rubric.ts'
import { LICC_RUBRIC, WEIGHTED_RUBRIC } from '../../../shared/observations/seededRubrics.ts'
import {
  clientNoteId,
  expectStatus,
  LESSON_AT,
  putScores,
  putTimings,
  readReport,
  scheduleDemoObservation,
  scoresOf,
} from '../../helpers/observations.ts'
import { livePlan } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { demoPlanId } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

let server: TestServer
let api: DemoCaller

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true })
  api = new DemoCaller(server)
})
afterAll(async () => {
  await server?.close()
})

const MINUTE = 60_000

describe('the report of three observers', () => {
  let info: ObservationInfo
  const suggestionId = clientNoteId()

  beforeAll(async () => {
    info = await scheduleDemoObservation(server, api)
    // 张晓燕 all 优 + 3 bonus, 李红梅 all 良, 孙伟 all 良 but 教学方法与策略 差.
    await putScores(api, 'demo-teacher-b', info.id, scoresOf(WEIGHTED_RUBRIC, 5))
    await api.call('demo-teacher-b', 'PUT', `/api/observations/${info.id}/sheet/bonus`, {
      bonus: [{ key: 'bonus.style', value: 3 }],
    })
    await putScores(api, 'demo-lead', info.id, scoresOf(WEIGHTED_RUBRIC, 4))
    await putScores(api, 'demo-teacher-c', info.id, scoresOf(WEIGHTED_RUBRIC, 4, { methods: 2 }))
    await putTimings(api, 'demo-teacher-b', info.id, [0, 5, 16, 28, 36, 43], 45)
    await putTimings(api, 'demo-lead', info.id, [0, 4, 15, 27, 35, 42], 46)
    await putTimings(api, 'demo-teacher-c', info.id, [0, 6, 17], null)
    const note = (step: number | null, text: string, minute: number) => ({
      step,
      text,
      at: LESSON_AT + minute * MINUTE,
      editedAt: LESSON_AT + minute * MINUTE,
    })
    await api.call(
      'demo-teacher-b',
      'PUT',
      `/api/observations/${info.id}/sheet/notes/${clientNoteId()}`,
      note(1, '概念由实例归纳，学生参与度高', 6),
    )
    await api.call(
      'demo-lead',
      'PUT',
      `/api/observations/${info.id}/sheet/notes/${clientNoteId()}`,
      note(1, '板书及时', 5),
    )
    await api.call(
      'demo-teacher-c',
      'PUT',
      `/api/observations/${info.id}/sheet/notes/${clientNoteId()}`,
      note(null, '课堂整体节奏偏快', 40),
    )
    await api.call('demo-teacher-b', 'PUT', `/api/observations/${info.id}/sheet/comments`, {
      strengths: '情境导入贴近生活',
      suggestions: [{ id: suggestionId, text: '归纳概念时多给学生表述的机会', step: 1 }],
    })
  })

  it('is live for the lead and not yet for the teacher', async () => {
    const live = await readReport(api, 'demo-lead', info.id)
    expect(live.live).toBe(true)
    const early = await api.call('demo-teacher-a', 'GET', `/api/observations/${info.id}/report`)
    expect(early.status).toBe(409)
    expect((early.body as { error: string }).error).toBe('report_not_ready')
  })

  it('gives each item’s mean, spread and every score, the totals and the grade', async () => {
    expect(
      (await api.call('demo-teacher-a', 'POST', `/api/observations/${info.id}/close`)).status,
    ).toBe(200)
    const report = await readReport(api, 'demo-teacher-a', info.id)
    expect(report.live).toBe(false)
    expect(report.observers.map((o) => [o.label, o.total, o.percent, o.grade])).toEqual([
      ['张晓燕', 103, 100, '优'],
      ['李红梅', 80, 80, '良'],
      ['孙伟', 68, 68, '合格'],
    ])
    const methods = report.items.find((item) => item.key === 'methods')
    expect(methods?.scores).toEqual([
      { observer: 0, value: 30 },
      { observer: 1, value: 24 },
      { observer: 2, value: 12 },
    ])
    expect(methods?.stats?.mean).toBeCloseTo(22, 9)
    expect(methods?.stats?.min).toBeCloseTo(12, 9)
    expect(methods?.stats?.max).toBeCloseTo(30, 9)
    expect(methods?.stats?.stdDev).toBeCloseTo(Math.sqrt(56), 9)
    expect(methods?.meanFraction).toBeCloseTo(2.2 / 3, 9)
    const goals = report.items.find((item) => item.key === 'goals')
    expect(goals?.stats?.mean).toBeCloseTo(26 / 3, 9)
    expect(goals?.points[0]?.stats).toMatchObject({ count: 3, min: 4, max: 5 })
    expect(report.bonus[0]?.scores).toEqual([{ observer: 0, value: 3 }])
    expect(report.total.sheets).toBe(3)
    expect(report.total.stats?.mean).toBeCloseTo((103 + 80 + 68) / 3, 9)
    expect(report.total.meanPercent).toBeCloseTo((100 + 80 + 68) / 3, 9)
    expect(report.total.grade).toBe('良')
  })

  it('gives planned vs actual minutes per step (median of the observers) and the notes by step', async () => {
    const report = await readReport(api, 'demo-lead', info.id)
    expect(report.steps.map((step) => [step.name, step.planned, step.actual])).toEqual([
      ['情境导入', 4, 5],
      ['归纳概念', 11, 11],
      ['合作探究分类', 12, 12],
      ['例题与集合', 8, 8],
      ['分层练习', 7, 7],
      ['课堂小结', 3, 3],
    ])
    expect(report.steps[2]?.actualByObserver).toEqual([
      { observer: 0, value: 12 },
      { observer: 1, value: 12 },
    ])
    expect(report.steps[1]?.notes.map((note) => [note.observer, note.text])).toEqual([
      [1, '板书及时'],
      [0, '概念由实例归纳，学生参与度高'],
    ])
    expect(report.generalNotes.map((note) => note.text)).toEqual(['课堂整体节奏偏快'])
    expect(report.comments).toEqual([
      {
        observer: 0,
        strengths: '情境导入贴近生活',
        suggestions: [
          { id: suggestionId, text: '归纳概念时多给学生表述的机会', step: 1, threadId: null },
        ],
      },
    ])
    expect(report.agenda.map((item) => item.key)).toEqual(['methods', 'goals', 'content'])
  })

  it('hides observers’ names from the teacher when the group says so, never from the lead', async () => {
    const groupId = await api.demoGroupId()
    const settings = `/api/observations/settings/${groupId}`
    expect(
      (await api.call('demo-teacher-a', 'PUT', settings, { showObserverNames: false })).status,
    ).toBe(403)
    expect(
      (await api.call('demo-lead', 'PUT', settings, { showObserverNames: false })).status,
    ).toBe(200)
    const teacher = await readReport(api, 'demo-teacher-a', info.id)
    expect(teacher.namesHidden).toBe(true)
    expect(teacher.observers.map((o) => [o.label, o.person])).toEqual([
      ['观课教师 1', null],
      ['观课教师 2', null],
      ['观课教师 3', null],
    ])
    expect(teacher.observation.observers.map((o) => o.person)).toEqual([null, null, null])
    expect(JSON.stringify(teacher)).not.toContain('张晓燕')
    const lead = await readReport(api, 'demo-lead', info.id)
    expect(lead.observers.map((o) => o.label)).toEqual(['张晓燕', '李红梅', '孙伟'])
    const admin = await readReport(api, 'demo-school-admin', info.id)
    expect(admin.namesHidden).toBe(false)
    expect((await api.call('demo-lead', 'PUT', settings, { showObserverNames: true })).status).toBe(
      200,
    )
    expect((await readReport(api, 'demo-teacher-a', info.id)).namesHidden).toBe(false)
  })

  it('starts the 评课 meeting with the lowest-scoring items as its agenda', async () => {
    expect(
      (await api.call('demo-teacher-a', 'POST', `/api/observations/${info.id}/meeting`, {})).status,
    ).toBe(403)
    const started = expectStatus<ReviewMeetingStarted>(
      await api.call('demo-lead', 'POST', `/api/observations/${info.id}/meeting`, { minutes: 15 }),
      201,
    )
    expect(started.agenda).toEqual([
      { title: '教学方法与策略（得分率 73%）', minutes: 15 },
      { title: '教学目标（得分率 87%）', minutes: 15 },
      { title: '教学内容（得分率 87%）', minutes: 15 },
    ])
    const row = await server.kdb
      .selectFrom('prepSessions')
      .select(['documentId', 'agenda', 'endedAt'])
      .where('id', '=', started.meetingId)
      .executeTakeFirstOrThrow()
    expect(row.documentId).toBe(info.documentId)
    expect(JSON.parse(row.agenda)).toEqual(started.agenda)
    expect(row.endedAt).toBeNull()
  })

  it('sends a suggestion as a comment thread onto its step, once', async () => {
    const path = `/api/observations/${info.id}/suggestions/${suggestionId}/comment`
    expect((await api.call('demo-outsider', 'POST', path)).status).toBe(404)
    const sent = expectStatus<SuggestionSent>(await api.call('demo-teacher-a', 'POST', path), 201)
    expect(sent.created).toBe(true)
    const again = expectStatus<SuggestionSent>(await api.call('demo-teacher-b', 'POST', path), 200)
    expect(again).toEqual({ ok: true, threadId: sent.threadId, created: false })
    const planId = await demoPlanId(server.kdb, 0)
    const comments = new Y.Doc()
    Y.applyUpdate(comments, await server.registry.encodeState(commentsRoomOf(planId)))
    const threads = readThreads(comments).filter((thread) => thread.id === sent.threadId)
    expect(threads).toHaveLength(1)
    const step = stepOf(await livePlan(server, planId), 1)
    expect(step.attrs?.name).toBe('归纳概念')
    expect(threads[0]?.quote).toBe(firstText(step))
    expect(threads[0]?.quote.length).toBeGreaterThan(0)
    const report = await readReport(api, 'demo-lead', info.id)
    expect(report.comments[0]?.suggestions[0]?.threadId).toBe(sent.threadId)
  })
})

/** The n-th 教学过程 step of a plan's JSON. */
function stepOf(plan: JSONContent, index: number): JSONContent {
  const process = plan.content?.find((node) => node.type === 'teachingProcess')
  const step = process?.content?.filter((node) => node.type === 'processStep')[index]
  if (!step) throw new Error(`no step ${index}`)
  return step
}

/** The text of the first text block with text under a node. */
function firstText(node: JSONContent): string {
  if (node.content?.some((child) => child.type === 'text'))
    return (node.content ?? []).map((child) => child.text ?? '').join('')
  for (const child of node.content ?? []) {
    const text = firstText(child)
    if (text) return text
  }
  return ''
}

describe('totals and grades exactly as the seeded forms say', () => {
  const weighted: {
    title: string
    per: Record<string, number>
    rest: number
    bonus: number
    total: number
    grade: string
  }[] = [
    { title: 'all 优', rest: 5, per: {}, bonus: 0, total: 100, grade: '优' },
    { title: 'all 良', rest: 4, per: {}, bonus: 0, total: 80, grade: '良' },
    { title: 'all 中', rest: 3, per: {}, bonus: 0, total: 60, grade: '合格' },
    { title: 'all 差', rest: 2, per: {}, bonus: 0, total: 40, grade: '待改进' },
    {
      title: '过程 优, rest 良, bonus 3',
      rest: 4,
      per: { process: 5 },
      bonus: 3,
      total: 88,
      grade: '良',
    },
    {
      title: '目标 + 过程 优, rest 良, bonus 3',
      rest: 4,
      per: { goals: 5, process: 5 },
      bonus: 3,
      total: 90,
      grade: '优',
    },
    { title: '目标 差, rest 中', rest: 3, per: { goals: 2 }, bonus: 0, total: 58, grade: '待改进' },
    {
      title: '目标 差, rest 中, bonus 2',
      rest: 3,
      per: { goals: 2 },
      bonus: 2,
      total: 60,
      grade: '合格',
    },
    { title: '方法 差, rest 优', rest: 5, per: { methods: 2 }, bonus: 0, total: 82, grade: '良' },
  ]

  it.each(weighted)(
    'weighted form: $title → $total, $grade',
    async ({ per, rest, bonus, total, grade }) => {
      const info = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
      await putScores(api, 'demo-teacher-b', info.id, scoresOf(WEIGHTED_RUBRIC, rest, per))
      if (bonus > 0)
        await api.call('demo-teacher-b', 'PUT', `/api/observations/${info.id}/sheet/bonus`, {
          bonus: [{ key: 'bonus.style', value: bonus }],
        })
      const report: ObservationReport = await readReport(api, 'demo-lead', info.id)
      expect(report.observers[0]?.total).toBeCloseTo(total, 9)
      expect(report.observers[0]?.grade).toBe(grade)
      expect(report.total.grade).toBe(grade)
    },
  )

  const licc: {
    title: string
    per: Record<string, number>
    rest: number
    percent: number
    grade: string
  }[] = [
    { title: 'every viewpoint 优', rest: 5, per: {}, percent: 100, grade: '优' },
    { title: '学生学习 良, rest 优', rest: 5, per: { learning: 4 }, percent: 95, grade: '优' },
    { title: 'all 良 but 课堂文化 中', rest: 4, per: { culture: 3 }, percent: 75, grade: '合格' },
    { title: 'all 差', rest: 2, per: {}, percent: 40, grade: '待改进' },
  ]

  it.each(licc)(
    'LICC frame, two observers splitting the 20 viewpoints: $title → $percent %, $grade',
    async ({ per, rest, percent, grade }) => {
      const info = await scheduleDemoObservation(server, api, {
        rubric: 'licc',
        observers: ['demo-teacher-b', 'demo-teacher-c'],
      })
      const split: Record<string, string[]> = { 'demo-teacher-b': [], 'demo-teacher-c': [] }
      for (const { item, point } of pointsOf(LICC_RUBRIC)) {
        split[
          item.key === 'learning' || item.key === 'teaching' ? 'demo-teacher-b' : 'demo-teacher-c'
        ]?.push(point.key)
      }
      for (const [user, points] of Object.entries(split)) {
        expect(
          (await api.call(user, 'PUT', `/api/observations/${info.id}/points`, { points })).status,
        ).toBe(200)
        const all = scoresOf(LICC_RUBRIC, rest, per)
        await putScores(
          api,
          user,
          info.id,
          Object.fromEntries(points.map((key) => [key, all[key] ?? rest])),
        )
      }
      const report = await readReport(api, 'demo-lead', info.id)
      expect(report.total.meanPercent).toBeCloseTo(percent, 9)
      expect(report.total.grade).toBe(grade)
      const viewpoints = report.items
        .flatMap((item) => item.points)
        .filter((point) => point.stats?.count === 1)
      expect(viewpoints).toHaveLength(20)
    },
  )
})
