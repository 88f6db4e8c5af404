import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrepTaskInfo } from '../../../shared/domain.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('preparation tasks (the term schedule)', () => {
  let server: TestServer
  let api: DemoCaller
  let groupId = ''
  const tasks = async (username: string): Promise<PrepTaskInfo[]> => {
    const result = await api.call(username, 'GET', `/api/groups/${groupId}/tasks`)
    expect(result.status).toBe(200)
    return (result.body as { items: PrepTaskInfo[] }).items
  }
  const newTask = async (overrides: Record<string, unknown> = {}) => ({
    unit: '第三章 一元一次方程',
    lesson: '解一元一次方程（去括号）',
    mainPreparerId: await api.userId('demo-teacher-b'),
    participantIds: [await api.userId('demo-teacher-a'), await api.userId('demo-lead')],
    dueDate: '2030-11-05',
    discussionAt: Date.UTC(2030, 10, 3, 7, 0),
    ...overrides,
  })

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    groupId = await api.demoGroupId()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('shows the seeded schedule to every member, the observer included, and to nobody else', async () => {
    const seeded = await tasks('demo-observer')
    expect(seeded.length).toBeGreaterThanOrEqual(3)
    expect(seeded.some((task) => task.stage === 'discussion' && task.documentId !== null)).toBe(
      true,
    )
    expect(seeded.some((task) => task.stage === 'not_started')).toBe(true)
    const dates = seeded.map((task) => task.dueDate)
    expect([...dates].sort()).toEqual(dates)
    expect((await api.call('demo-outsider', 'GET', `/api/groups/${groupId}/tasks`)).status).toBe(
      403,
    )
    expect((await api.call(null, 'GET', `/api/groups/${groupId}/tasks`)).status).toBe(401)
    expect((await api.call('demo-lead', 'GET', '/api/groups/no-such-group/tasks')).status).toBe(404)
  })

  it('lets only the lead create, change and delete tasks, with members only', async () => {
    const path = `/api/groups/${groupId}/tasks`
    expect((await api.call('demo-teacher-a', 'POST', path, await newTask())).status).toBe(403)
    expect((await api.call('demo-observer', 'POST', path, await newTask())).status).toBe(403)
    const outsiderPreparer = await api.call(
      'demo-lead',
      'POST',
      path,
      await newTask({ mainPreparerId: await api.userId('demo-outsider') }),
    )
    expect(outsiderPreparer.status).toBe(400)
    expect(outsiderPreparer.body).toMatchObject({ error: 'not_a_member' })
    const observerParticipant = await api.call(
      'demo-lead',
      'POST',
      path,
      await newTask({ participantIds: [await api.userId('demo-observer')] }),
    )
    expect(observerParticipant.status).toBe(400)
    expect(
      (await api.call('demo-lead', 'POST', path, await newTask({ dueDate: '5 Nov' }))).status,
    ).toBe(400)

    const created = await api.call('demo-lead', 'POST', path, await newTask())
    expect(created.status).toBe(201)
    const id = (created.body as { id: string }).id
    const task = (await tasks('demo-teacher-a')).find((item) => item.id === id)
    expect(task).toMatchObject({
      unit: '第三章 一元一次方程',
      lesson: '解一元一次方程（去括号）',
      mainPreparer: { displayName: '张晓燕', schoolName: '实验中学' },
      dueDate: '2030-11-05',
      stage: 'not_started',
      documentId: null,
    })
    expect(task?.participants.map((person) => person.displayName).sort()).toEqual(
      ['李红梅', '王建国'].sort(),
    )

    expect(
      (await api.call('demo-teacher-b', 'PATCH', `/api/tasks/${id}`, { dueDate: '2030-11-06' }))
        .status,
    ).toBe(403)
    const moved = await api.call('demo-lead', 'PATCH', `/api/tasks/${id}`, {
      dueDate: '2030-11-06',
      participantIds: [await api.userId('demo-teacher-a')],
    })
    expect(moved.status).toBe(200)
    const changed = (await tasks('demo-lead')).find((item) => item.id === id)
    expect(changed?.dueDate).toBe('2030-11-06')
    expect(changed?.participants.map((person) => person.displayName)).toEqual(['王建国'])

    expect((await api.call('demo-teacher-a', 'DELETE', `/api/tasks/${id}`)).status).toBe(403)
    expect((await api.call('demo-lead', 'DELETE', `/api/tasks/${id}`)).status).toBe(200)
    expect((await tasks('demo-lead')).some((item) => item.id === id)).toBe(false)
    expect((await api.call('demo-lead', 'PATCH', `/api/tasks/${id}`, { lesson: 'x' })).status).toBe(
      404,
    )
  })

  it('starts the plan from the template for the main preparer, once', async () => {
    const created = await api.call(
      'demo-lead',
      'POST',
      `/api/groups/${groupId}/tasks`,
      await newTask(),
    )
    const id = (created.body as { id: string }).id
    expect((await api.call('demo-teacher-a', 'POST', `/api/tasks/${id}/plan`)).status).toBe(403)
    expect((await api.call('demo-outsider', 'POST', `/api/tasks/${id}/plan`)).status).toBe(403)
    const started = await api.call('demo-teacher-b', 'POST', `/api/tasks/${id}/plan`)
    expect(started.status).toBe(201)
    const planId = (started.body as { id: string }).id
    expect((await api.call('demo-lead', 'POST', `/api/tasks/${id}/plan`)).status).toBe(409)

    const document = await api.call('demo-teacher-b', 'GET', `/api/documents/${planId}`)
    expect(document.body).toMatchObject({
      document: {
        title: '解一元一次方程（去括号）',
        unit: '第三章 一元一次方程',
        subject: '数学',
        grade: '七年级',
        status: 'draft',
        visibility: 'group',
        ownerId: await api.userId('demo-teacher-b'),
        permission: 'edit',
      },
    })
    const task = (await tasks('demo-observer')).find((item) => item.id === id)
    expect(task).toMatchObject({ stage: 'draft', documentId: planId })
    expect(await api.transition('demo-teacher-b', planId, 'discussion')).toBe(200)
    expect((await tasks('demo-observer')).find((item) => item.id === id)?.stage).toBe('discussion')

    // A new main preparer takes over the draft's editing right.
    const other = await api.call(
      'demo-lead',
      'POST',
      `/api/groups/${groupId}/tasks`,
      await newTask(),
    )
    const otherId = (other.body as { id: string }).id
    const otherPlan = (
      (await api.call('demo-teacher-b', 'POST', `/api/tasks/${otherId}/plan`)).body as {
        id: string
      }
    ).id
    expect(await api.permission('demo-teacher-a', otherPlan)).toBe('comment')
    expect(
      (
        await api.call('demo-lead', 'PATCH', `/api/tasks/${otherId}`, {
          mainPreparerId: await api.userId('demo-teacher-a'),
        })
      ).status,
    ).toBe(200)
    expect(await api.permission('demo-teacher-a', otherPlan)).toBe('edit')
  })
})
