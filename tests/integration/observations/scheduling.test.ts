import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planOfState } from '../../../server/features/history/index.ts'
import { processSteps } from '../../../shared/editor/minutes.ts'
import type {
  ObservationInfo,
  ObservationListResponse,
  PinnedPlan,
  RubricDetail,
  RubricListResponse,
} from '../../../shared/observations/observationApi.ts'
import { pointsOf } from '../../../shared/observations/rubric.ts'
import {
  LICC_RUBRIC_NAME,
  WEIGHTED_RUBRIC,
  WEIGHTED_RUBRIC_NAME,
} from '../../../shared/observations/seededRubrics.ts'
import {
  clientNoteId,
  expectStatus,
  LESSON_AT,
  putScores,
  readReport,
  scheduleDemoObservation,
  seededRubric,
} from '../../helpers/observations.ts'
import { stepColumnText, stepElement } from '../../helpers/planEditing.ts'
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

/** Every point of the weighted form at one level. */
function allWeighted(value: number): Record<string, number> {
  return Object.fromEntries(pointsOf(WEIGHTED_RUBRIC).map(({ point }) => [point.key, value]))
}

describe('the seeded rubrics', () => {
  it('lists the weighted form and the LICC frame for every signed-in teacher', async () => {
    const list = expectStatus<RubricListResponse>(
      await api.call('demo-outsider', 'GET', '/api/rubrics'),
      200,
    )
    expect(list.rubrics.map((rubric) => [rubric.name, rubric.mode, rubric.currentVersion])).toEqual(
      [
        [WEIGHTED_RUBRIC_NAME, 'weighted', 1],
        [LICC_RUBRIC_NAME, 'viewpoints', 1],
      ],
    )
    const anonymous = await api.call(null, 'GET', '/api/rubrics')
    expect(anonymous.status).toBe(401)
  })

  it('lets only alliance admins create a rubric, and refuses a definition that is not sound', async () => {
    const refused = await api.call('demo-lead', 'POST', '/api/rubrics', {
      name: '我的评课表',
      definition: WEIGHTED_RUBRIC,
    })
    expect(refused.status).toBe(403)
    const broken = await api.call('demo-admin', 'POST', '/api/rubrics', {
      name: '重复要点',
      definition: {
        ...WEIGHTED_RUBRIC,
        items: [
          { key: 'a', name: 'A', weight: 50, points: [{ key: 'p', text: '甲' }] },
          { key: 'b', name: 'B', weight: 50, points: [{ key: 'p', text: '乙' }] },
        ],
      },
    })
    expect(broken.status).toBe(422)
    expect((broken.body as { error: string }).error).toBe('invalid_rubric')
    const before = (await api.call('demo-admin', 'GET', '/api/rubrics')).body as RubricListResponse
    expect(before.rubrics).toHaveLength(2)
  })
})

describe('scheduling an observation', () => {
  it('pins a named version 「听课 <date>」 of the plan and notifies the observers', async () => {
    const info = await scheduleDemoObservation(server, api)
    expect(info.versionName).toBe('听课 2026-12-08')
    expect(info.steps.map((step) => step.name)).toEqual([
      '情境导入',
      '归纳概念',
      '合作探究分类',
      '例题与集合',
      '分层练习',
      '课堂小结',
    ])
    expect(info.teacher.displayName).toBe('王建国')
    expect(info.observers.map((observer) => observer.label)).toEqual(
      ['张晓燕', '李红梅', '陈志强'].slice(0, 2).concat(info.observers[2]?.label ?? ''),
    )
    const notified = await server.kdb
      .selectFrom('notifications')
      .select(['userId', 'observationId'])
      .where('kind', '=', 'observation_scheduled')
      .where('observationId', '=', info.id)
      .execute()
    expect(notified).toHaveLength(3)
  })

  it('pins the latest version again while the plan has not changed', async () => {
    const first = await scheduleDemoObservation(server, api, { plan: 1 })
    const second = await scheduleDemoObservation(server, api, { plan: 1 })
    expect(second.versionId).toBe(first.versionId)
  })

  it('keeps the pinned version and its steps when the plan is edited afterwards', async () => {
    const planId = await demoPlanId(server.kdb, 2)
    const info = await scheduleDemoObservation(server, api, { plan: 2 })
    const pinnedState = await server.store.loadVersion(planId, info.versionId)
    if (!pinnedState) throw new Error('no pinned version')
    const pinnedSteps = processSteps(planOfState(pinnedState))
    await server.registry.change(planId, (doc) => {
      stepElement(doc, 0).setAttribute('name', '改过的导入')
      stepColumnText(doc, 0, 'stepTeacher').insert(0, '（课后修改）')
    })
    const again = expectStatus<ObservationInfo>(
      await api.call('demo-teacher-a', 'GET', `/api/observations/${info.id}`),
      200,
    )
    expect(again.versionId).toBe(info.versionId)
    expect(again.steps).toEqual(info.steps)
    const stateNow = await server.store.loadVersion(planId, info.versionId)
    if (!stateNow) throw new Error('the pinned version vanished')
    expect(processSteps(planOfState(stateNow))).toEqual(pinnedSteps)
    expect(pinnedSteps[0]?.name).not.toBe('改过的导入')
    const pinned = expectStatus<PinnedPlan>(
      await api.call('demo-teacher-c', 'GET', `/api/observations/${info.id}/plan`),
      200,
    )
    expect(processSteps(pinned.plan)).toEqual(pinnedSteps)
    expect(pinned.text).not.toContain('（课后修改）')
    expect(
      (await api.call('demo-outsider', 'GET', `/api/observations/${info.id}/plan`)).status,
    ).toBe(404)
    const next = await scheduleDemoObservation(server, api, { plan: 2 })
    expect(next.versionId).not.toBe(info.versionId)
    expect(next.steps[0]?.name).toBe('改过的导入')
  })

  it('lets the lead schedule a member’s lesson, but not another member or an outsider', async () => {
    const byLead = await scheduleDemoObservation(server, api, {
      by: 'demo-lead',
      observers: ['demo-teacher-b'],
    })
    expect(byLead.createdBy.displayName).toBe('李红梅')
    await expect(
      scheduleDemoObservation(server, api, { by: 'demo-teacher-b', observers: ['demo-teacher-c'] }),
    ).rejects.toThrow(/got 403/)
    await expect(
      scheduleDemoObservation(server, api, { by: 'demo-outsider', observers: ['demo-teacher-c'] }),
    ).rejects.toThrow(/got 403/)
  })

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const count = async () =>
      Number(
        (
          await server.kdb
            .selectFrom('observations')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      )
    const before = await count()
    const documentId = await demoPlanId(server.kdb, 0)
    const rubric = await seededRubric(api, 'weighted')
    const base = {
      documentId,
      rubricVersionId: rubric.currentVersionId,
      className: '七年级（3）班',
      room: '302',
      startsAt: LESSON_AT,
      observerIds: [await api.userId('demo-teacher-b')],
    }
    const cases: [string, Record<string, unknown>, number][] = [
      ['no observers', { ...base, observerIds: [] }, 400],
      [
        'the teacher observing herself',
        { ...base, observerIds: [await api.userId('demo-teacher-a')] },
        400,
      ],
      ['an unknown observer', { ...base, observerIds: ['nobody-at-all'] }, 400],
      ['an unknown rubric version', { ...base, rubricVersionId: 'nope' }, 404],
      ['an unknown plan version', { ...base, versionId: 999_999 }, 404],
      ['an unknown plan', { ...base, documentId: 'nope' }, 404],
      ['no class', { ...base, className: '' }, 400],
      ['a field it does not know', { ...base, extra: 1 }, 400],
    ]
    for (const [, body, status] of cases) {
      const result = await api.call('demo-teacher-a', 'POST', '/api/observations', body)
      expect({ body, status: result.status }).toEqual({ body, status })
    }
    expect(await count()).toBe(before)
  })
})

describe('rubric versions', () => {
  it('never change the report of an observation made with an earlier version', async () => {
    const rubric = await seededRubric(api, 'weighted')
    const old = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
    // 方法 优, the rest 良: 80 + 30 × 0.2 = 86 on version 1.
    const scores = {
      ...allWeighted(4),
      'methods.1': 5,
      'methods.2': 5,
      'methods.3': 5,
      'methods.4': 5,
      'methods.5': 5,
    }
    await putScores(api, 'demo-teacher-b', old.id, scores)
    const before = await readReport(api, 'demo-lead', old.id)
    expect(before.observers[0]?.total).toBeCloseTo(86, 9)

    // Version 2 weighs 教学方法与策略 10 instead of 30 and 教学目标 30 instead of 10.
    const definition = {
      ...WEIGHTED_RUBRIC,
      items: WEIGHTED_RUBRIC.items.map((item) =>
        item.key === 'methods'
          ? { ...item, weight: 10 }
          : item.key === 'goals'
            ? { ...item, weight: 30 }
            : item,
      ),
    }
    const refused = await api.call('demo-lead', 'POST', `/api/rubrics/${rubric.id}/versions`, {
      definition,
    })
    expect(refused.status).toBe(403)
    const edited = expectStatus<RubricDetail>(
      await api.call('demo-admin', 'POST', `/api/rubrics/${rubric.id}/versions`, { definition }),
      201,
    )
    expect(edited.currentVersion).toBe(2)
    expect(edited.versions.map((version) => version.number)).toEqual([2, 1])

    const after = await readReport(api, 'demo-lead', old.id)
    expect(after.observation.rubricVersion).toBe(1)
    expect(after.observers[0]?.total).toBeCloseTo(86, 9)
    expect(after.items.find((item) => item.key === 'methods')?.weight).toBe(30)

    const fresh = await scheduleDemoObservation(server, api, {
      rubricVersionId: edited.currentVersionId,
      observers: ['demo-teacher-b'],
    })
    await putScores(api, 'demo-teacher-b', fresh.id, scores)
    // 80 + 10 × 0.2 = 82 on version 2.
    expect((await readReport(api, 'demo-lead', fresh.id)).observers[0]?.total).toBeCloseTo(82, 9)
    const v1 = await api.call(
      'demo-teacher-c',
      'GET',
      `/api/rubrics/${rubric.id}/versions/${rubric.currentVersionId}`,
    )
    expect((v1.body as { definition: typeof WEIGHTED_RUBRIC }).definition).toEqual(WEIGHTED_RUBRIC)
  })
})

describe('who sees an observation', () => {
  it('hides it (404) from people who are neither teacher, observer, lead nor admin', async () => {
    const info = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
    const path = `/api/observations/${info.id}`
    const statuses: Record<string, number> = {}
    for (const user of [
      'demo-teacher-a',
      'demo-teacher-b',
      'demo-lead',
      'demo-school-admin',
      'demo-admin',
      'demo-outsider',
      'demo-teacher-c',
      'demo-observer',
    ]) {
      statuses[user] = (await api.call(user, 'GET', path)).status
    }
    expect(statuses).toEqual({
      'demo-teacher-a': 200,
      'demo-teacher-b': 200,
      'demo-lead': 200,
      'demo-school-admin': 200,
      'demo-admin': 200,
      'demo-outsider': 404,
      'demo-teacher-c': 404,
      'demo-observer': 404,
    })
    expect((await api.call('demo-outsider', 'GET', `${path}/report`)).status).toBe(404)
    expect((await api.call('demo-teacher-a', 'GET', `${path}/report`)).status).toBe(409)
    expect((await api.call('demo-lead', 'GET', `${path}/report`)).status).toBe(200)
  })

  it('lists my observations to do, those of my lessons and the group’s', async () => {
    const info = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-d'] })
    const list = async (user: string, query: string) =>
      expectStatus<ObservationListResponse>(
        await api.call(user, 'GET', `/api/observations?${query}`),
        200,
      ).observations.map((entry) => entry.id)
    expect(await list('demo-teacher-d', 'scope=observing')).toContain(info.id)
    expect(await list('demo-teacher-a', 'scope=observed')).toContain(info.id)
    expect(await list('demo-teacher-b', 'scope=observed')).not.toContain(info.id)
    const groupId = await api.demoGroupId()
    expect(await list('demo-lead', `scope=group&groupId=${groupId}`)).toContain(info.id)
    expect(
      (await api.call('demo-teacher-b', 'GET', `/api/observations?scope=group&groupId=${groupId}`))
        .status,
    ).toBe(403)
    const counts = expectStatus<{ observed: number; observing: number }>(
      await api.call('demo-teacher-d', 'GET', '/api/observations/counts'),
      200,
    )
    expect(counts.observing).toBeGreaterThanOrEqual(1)
    expect(
      (
        await api.call(
          'demo-outsider',
          'GET',
          `/api/observations/counts?userId=${await api.userId('demo-teacher-a')}`,
        )
      ).status,
    ).toBe(404)
  })
})

describe('the observer’s sheet refuses', () => {
  it('out-of-range scores, unknown items and steps, non-observers and writes after closing, changing nothing', async () => {
    const info = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
    const sheet = `/api/observations/${info.id}/sheet`
    await putScores(api, 'demo-teacher-b', info.id, { 'goals.1': 5 })
    const note = {
      step: 0,
      text: '导入用了生活情境',
      at: LESSON_AT + 60_000,
      editedAt: LESSON_AT + 60_000,
    }
    const cases: [string, string, string, unknown, number, string][] = [
      [
        'a score not on the scale',
        'PUT',
        `${sheet}/scores`,
        { scores: [{ point: 'goals.1', value: 6 }] },
        400,
        'score_out_of_range',
      ],
      [
        'a score of 1 (差 is 2)',
        'PUT',
        `${sheet}/scores`,
        { scores: [{ point: 'goals.2', value: 1 }] },
        400,
        'score_out_of_range',
      ],
      [
        'an unknown point',
        'PUT',
        `${sheet}/scores`,
        { scores: [{ point: 'goals.9', value: 5 }] },
        400,
        'unknown_rubric_key',
      ],
      [
        'a bonus above its maximum',
        'PUT',
        `${sheet}/bonus`,
        { bonus: [{ key: 'bonus.style', value: 4 }] },
        400,
        'score_out_of_range',
      ],
      [
        'an unknown bonus',
        'PUT',
        `${sheet}/bonus`,
        { bonus: [{ key: 'bonus.x', value: 1 }] },
        400,
        'unknown_rubric_key',
      ],
      [
        'a note on a step the version does not have',
        'PUT',
        `${sheet}/notes/${clientNoteId()}`,
        { ...note, step: 6 },
        400,
        'unknown_step',
      ],
      [
        'a note too long',
        'PUT',
        `${sheet}/notes/${clientNoteId()}`,
        { ...note, text: '长'.repeat(2001) },
        400,
        'bad_request',
      ],
      ['a note id that is not one', 'PUT', `${sheet}/notes/x`, note, 400, 'bad_request'],
      [
        'a timing of an unknown step',
        'PUT',
        `${sheet}/timings`,
        { step: 9, at: LESSON_AT },
        400,
        'unknown_step',
      ],
    ]
    for (const [, method, path, body, status, error] of cases) {
      const result = await api.call('demo-teacher-b', method, path, body)
      expect({
        path,
        status: result.status,
        error: (result.body as { error?: string }).error,
      }).toEqual({ path, status, error })
    }
    const notObserver = await api.call('demo-lead', 'PUT', `${sheet}/scores`, {
      scores: [{ point: 'goals.1', value: 2 }],
    })
    expect(notObserver.status).toBe(403)
    expect((notObserver.body as { error: string }).error).toBe('not_an_observer')
    expect(
      (
        await api.call('demo-outsider', 'PUT', `${sheet}/scores`, {
          scores: [{ point: 'goals.1', value: 2 }],
        })
      ).status,
    ).toBe(404)

    expect(
      (await api.call('demo-teacher-b', 'POST', `/api/observations/${info.id}/close`)).status,
    ).toBe(403)
    expect(
      (await api.call('demo-teacher-a', 'POST', `/api/observations/${info.id}/close`)).status,
    ).toBe(200)
    const late = await api.call('demo-teacher-b', 'PUT', `${sheet}/scores`, {
      scores: [{ point: 'goals.1', value: 2 }],
    })
    expect(late.status).toBe(409)
    expect((late.body as { error: string }).error).toBe('observation_closed')
    const lateNote = await api.call(
      'demo-teacher-b',
      'PUT',
      `${sheet}/notes/${clientNoteId()}`,
      note,
    )
    expect(lateNote.status).toBe(409)
    const after = expectStatus<{
      scores: Record<string, number>
      notes: unknown[]
      bonus: Record<string, number>
    }>(await api.call('demo-teacher-b', 'GET', sheet), 200)
    expect(after.scores).toEqual({ 'goals.1': 5 })
    expect(after.bonus).toEqual({})
    expect(after.notes).toEqual([])
  })

  it('a LICC viewpoint another observer already picked, and scores of points not picked', async () => {
    const info = await scheduleDemoObservation(server, api, {
      rubric: 'licc',
      observers: ['demo-teacher-b', 'demo-teacher-c'],
    })
    const points = `/api/observations/${info.id}/points`
    const picked = expectStatus<ObservationInfo>(
      await api.call('demo-teacher-b', 'PUT', points, {
        points: ['learning.listening', 'learning.interaction'],
      }),
      200,
    )
    expect(picked.observers[0]?.points).toEqual(['learning.listening', 'learning.interaction'])
    const clash = await api.call('demo-teacher-c', 'PUT', points, {
      points: ['culture.care', 'learning.listening'],
    })
    expect(clash.status).toBe(409)
    expect((clash.body as { error: string }).error).toBe('point_taken')
    const none = expectStatus<ObservationInfo>(
      await api.call('demo-teacher-c', 'GET', `/api/observations/${info.id}`),
      200,
    )
    expect(none.observers[1]?.points).toEqual([])
    expect(
      (await api.call('demo-teacher-c', 'PUT', points, { points: ['culture.care'] })).status,
    ).toBe(200)
    const notPicked = await api.call(
      'demo-teacher-c',
      'PUT',
      `/api/observations/${info.id}/sheet/scores`,
      {
        scores: [{ point: 'learning.listening', value: 5 }],
      },
    )
    expect((notPicked.body as { error: string }).error).toBe('point_not_picked')
    const weighted = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
    const noPick = await api.call(
      'demo-teacher-b',
      'PUT',
      `/api/observations/${weighted.id}/points`,
      { points: ['goals.1'] },
    )
    expect((noPick.body as { error: string }).error).toBe('not_viewpoint_rubric')
  })
})
