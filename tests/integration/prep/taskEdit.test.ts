import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrepTaskInfo } from '../../../shared/domain.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('editing a preparation task (PATCH /api/tasks/:id)', () => {
  let server: TestServer
  let api: DemoCaller
  let groupId = ''
  const ids: Record<string, string> = {}

  const taskOf = async (id: string): Promise<PrepTaskInfo | undefined> => {
    const result = await api.call('demo-lead', 'GET', `/api/groups/${groupId}/tasks`)
    expect(result.status).toBe(200)
    return (result.body as { items: PrepTaskInfo[] }).items.find((item) => item.id === id)
  }
  /** A fresh task of the demo group: preparer teacher-b, participant teacher-a. */
  const freshTask = async (lesson: string): Promise<string> => {
    const created = await api.call('demo-lead', 'POST', `/api/groups/${groupId}/tasks`, {
      unit: '第四章 几何图形初步',
      lesson,
      mainPreparerId: ids['demo-teacher-b'],
      participantIds: [ids['demo-teacher-a']],
      dueDate: '2030-12-01',
      discussionAt: null,
    })
    expect(created.status).toBe(201)
    return (created.body as { id: string }).id
  }
  const patch = (username: string | null, id: string, json: unknown) =>
    api.call(username, 'PATCH', `/api/tasks/${id}`, json)
  const assignedNotifications = async (taskId: string): Promise<string[]> =>
    (
      await server.kdb
        .selectFrom('notifications')
        .select('userId')
        .where('taskId', '=', taskId)
        .where('kind', '=', 'task_assigned')
        .execute()
    )
      .map((row) => row.userId)
      .sort()

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    groupId = await api.demoGroupId()
    for (const name of [
      'demo-lead',
      'demo-teacher-a',
      'demo-teacher-b',
      'demo-teacher-c',
      'demo-observer',
      'demo-outsider',
    ]) {
      ids[name] = await api.userId(name)
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  it('changes each field on its own and leaves the others as they were', async () => {
    const id = await freshTask('线段、射线、直线')
    expect((await patch('demo-lead', id, { unit: '第四章（修订）' })).status).toBe(200)
    expect(await taskOf(id)).toMatchObject({ unit: '第四章（修订）', lesson: '线段、射线、直线' })
    expect((await patch('demo-lead', id, { lesson: '比较线段的长短' })).status).toBe(200)
    expect((await patch('demo-lead', id, { dueDate: '2030-12-08' })).status).toBe(200)
    const discussionAt = Date.UTC(2030, 11, 5, 6, 30)
    expect((await patch('demo-lead', id, { discussionAt })).status).toBe(200)
    expect(await taskOf(id)).toMatchObject({
      unit: '第四章（修订）',
      lesson: '比较线段的长短',
      dueDate: '2030-12-08',
      discussionAt,
      mainPreparer: { id: ids['demo-teacher-b'] },
    })
    expect((await patch('demo-lead', id, { discussionAt: null })).status).toBe(200)
    expect((await taskOf(id))?.discussionAt).toBeNull()

    expect((await patch('demo-lead', id, { mainPreparerId: ids['demo-lead'] })).status).toBe(200)
    const moved = await taskOf(id)
    expect(moved?.mainPreparer.id).toBe(ids['demo-lead'])
    expect(moved?.participants.map((person) => person.id)).toEqual([ids['demo-teacher-a']])
  })

  it('replaces the participants, and never keeps the main preparer among them', async () => {
    const id = await freshTask('角')
    const replaced = await patch('demo-lead', id, {
      participantIds: [ids['demo-lead'], ids['demo-lead']],
    })
    expect(replaced.status).toBe(200)
    expect((await taskOf(id))?.participants.map((person) => person.id)).toEqual([ids['demo-lead']])
    // The former main preparer named as participant and a participant made main preparer.
    const swapped = await patch('demo-lead', id, {
      mainPreparerId: ids['demo-lead'],
      participantIds: [ids['demo-lead'], ids['demo-teacher-b']],
    })
    expect(swapped.status).toBe(200)
    const task = await taskOf(id)
    expect(task?.mainPreparer.id).toBe(ids['demo-lead'])
    expect(task?.participants.map((person) => person.id)).toEqual([ids['demo-teacher-b']])
    expect((await patch('demo-lead', id, { participantIds: [] })).status).toBe(200)
    expect((await taskOf(id))?.participants).toEqual([])
  })

  it('refuses people who do not edit in the group, as creating does, and half-saves nothing', async () => {
    const id = await freshTask('角的比较与运算')
    for (const stranger of ['demo-outsider', 'demo-teacher-c', 'demo-observer']) {
      const asPreparer = await patch('demo-lead', id, {
        mainPreparerId: ids[stranger],
        dueDate: '2031-01-01',
      })
      expect(asPreparer.status).toBe(400)
      expect(asPreparer.body).toMatchObject({ error: 'not_a_member' })
      const asParticipant = await patch('demo-lead', id, {
        participantIds: [ids['demo-teacher-a'], ids[stranger]],
        lesson: '不应保存',
      })
      expect(asParticipant.status).toBe(400)
      expect(asParticipant.body).toMatchObject({ error: 'not_a_member' })
    }
    const unchanged = await taskOf(id)
    expect(unchanged).toMatchObject({ lesson: '角的比较与运算', dueDate: '2030-12-01' })
    expect(unchanged?.mainPreparer.id).toBe(ids['demo-teacher-b'])
    expect(unchanged?.participants.map((person) => person.id)).toEqual([ids['demo-teacher-a']])
  })

  it('answers 400 naming the field for a bad body, and for an empty one', async () => {
    const id = await freshTask('余角和补角')
    for (const [body, field] of [
      [{ dueDate: '2030-02-30' }, 'dueDate'],
      [{ dueDate: '1 Dec' }, 'dueDate'],
      [{ unit: '   ' }, 'unit'],
      [{ discussionAt: 'tomorrow' }, 'discussionAt'],
      [{ participantIds: 'everyone' }, 'participantIds'],
      [{ groupId: 'elsewhere' }, 'groupId'],
      [{}, 'at least one field'],
    ] as const) {
      const result = await patch('demo-lead', id, body)
      expect(result.status, JSON.stringify(body)).toBe(400)
      expect(result.text).toContain(field)
    }
    expect((await taskOf(id))?.dueDate).toBe('2030-12-01')
  })

  it('notifies only the newly assigned people, never the ones already on the task', async () => {
    const id = await freshTask('方位角')
    expect(await assignedNotifications(id)).toEqual(
      [ids['demo-teacher-a'], ids['demo-teacher-b']].sort(),
    )
    // Date change: nobody new.
    expect((await patch('demo-lead', id, { dueDate: '2030-12-09' })).status).toBe(200)
    expect(await assignedNotifications(id)).toEqual(
      [ids['demo-teacher-a'], ids['demo-teacher-b']].sort(),
    )
    // teacher-a becomes main preparer (already on it), teacher-b stays as participant: nobody new.
    expect(
      (
        await patch('demo-lead', id, {
          mainPreparerId: ids['demo-teacher-a'],
          participantIds: [ids['demo-teacher-b']],
        })
      ).status,
    ).toBe(200)
    expect(await assignedNotifications(id)).toHaveLength(2)
    // The observer cannot be added; the lead adding themself is not notified (they did it).
    expect(
      (await patch('demo-lead', id, { participantIds: [ids['demo-teacher-b'], ids['demo-lead']] }))
        .status,
    ).toBe(200)
    expect(await assignedNotifications(id)).toHaveLength(2)
    // Dropped, then added back: notified again, once.
    expect((await patch('demo-lead', id, { participantIds: [] })).status).toBe(200)
    expect((await patch('demo-lead', id, { participantIds: [ids['demo-teacher-b']] })).status).toBe(
      200,
    )
    expect(await assignedNotifications(id)).toEqual(
      [ids['demo-teacher-a'], ids['demo-teacher-b'], ids['demo-teacher-b']].sort(),
    )
  })

  it('is for the lead only: 403 for members, the observer and outsiders, 401 signed out, 404 unknown or deleted', async () => {
    const id = await freshTask('几何图形复习')
    for (const name of ['demo-teacher-a', 'demo-teacher-b', 'demo-observer', 'demo-outsider']) {
      expect((await patch(name, id, { dueDate: '2031-01-02' })).status, name).toBe(403)
    }
    expect((await patch('demo-school-admin', id, { dueDate: '2031-01-02' })).status).toBe(403)
    expect((await patch(null, id, { dueDate: '2031-01-02' })).status).toBe(401)
    expect((await patch('demo-lead', 'no-such-task', { dueDate: '2031-01-02' })).status).toBe(404)
    expect((await api.call('demo-lead', 'DELETE', `/api/tasks/${id}`)).status).toBe(200)
    expect((await patch('demo-lead', id, { dueDate: '2031-01-02' })).status).toBe(404)
  })

  it('records task_updated with the fields that really changed', async () => {
    const id = await freshTask('立体图形与平面图形')
    expect(
      (
        await patch('demo-lead', id, {
          dueDate: '2030-12-15',
          lesson: '立体图形与平面图形',
          participantIds: [ids['demo-lead']],
        })
      ).status,
    ).toBe(200)
    const rows = await server.kdb
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'task_updated')
      .where('targetId', '=', id)
      .execute()
    expect(rows).toHaveLength(1)
    const row = rows[0]
    expect(row?.actorId).toBe(ids['demo-lead'])
    const details: unknown =
      typeof row?.details === 'string' ? JSON.parse(row.details) : row?.details
    expect(details).toMatchObject({
      groupId,
      changed: ['dueDate', 'participantIds'],
      dueDate: '2030-12-15',
    })
  })

  it('hands the plan to the new main preparer: the life cycle follows and the new one edits', async () => {
    const { taskId, planId } = await api.taskWithPlan('探索与表达规律')
    expect(await api.permission('demo-teacher-a', planId)).toBe('edit')
    expect(await api.permission('demo-teacher-b', planId)).toBe('comment')
    expect(
      (await patch('demo-lead', taskId, { mainPreparerId: ids['demo-teacher-b'] })).status,
    ).toBe(200)
    const lifecycle = await server.kdb
      .selectFrom('planLifecycle')
      .select('mainPreparerId')
      .where('documentId', '=', planId)
      .executeTakeFirst()
    expect(lifecycle?.mainPreparerId).toBe(ids['demo-teacher-b'])
    expect(await api.permission('demo-teacher-b', planId)).toBe('edit')
    // The plan is the new preparer's now (owner and school): the former one comments, as
    // every other participant of a draft does.
    const document = await server.kdb
      .selectFrom('documents')
      .select(['ownerId', 'schoolId'])
      .where('id', '=', planId)
      .executeTakeFirstOrThrow()
    const teacherB = await server.kdb
      .selectFrom('users')
      .select('schoolId')
      .where('id', '=', ids['demo-teacher-b'] ?? '')
      .executeTakeFirstOrThrow()
    expect(document).toEqual({ ownerId: ids['demo-teacher-b'], schoolId: teacherB.schoolId })
    expect(await api.permission('demo-teacher-a', planId)).toBe('comment')
    expect(await api.permission('demo-observer', planId)).toBe('view')
  })
})
