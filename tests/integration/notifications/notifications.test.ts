import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotificationInfo } from '../../../shared/domain.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface Inbox {
  items: NotificationInfo[]
  unread: number
}

describe('in-app notifications', () => {
  let server: TestServer
  let api: DemoCaller
  const inbox = async (username: string, query = ''): Promise<Inbox> => {
    const result = await api.call(username, 'GET', `/api/notifications${query}`)
    expect(result.status).toBe(200)
    return result.body as Inbox
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('tells the main preparer and participants about a new task, and nobody else', async () => {
    const before = {
      a: (await inbox('demo-teacher-a')).unread,
      b: (await inbox('demo-teacher-b')).unread,
      lead: (await inbox('demo-lead')).unread,
      observer: (await inbox('demo-observer')).unread,
    }
    const { taskId } = await api.taskWithPlan('去括号')
    const a = await inbox('demo-teacher-a')
    expect(a.unread).toBe(before.a + 1)
    expect(a.items[0]).toMatchObject({
      kind: 'task_assigned',
      taskId,
      actor: { displayName: '李红梅' },
      excerpt: '第二章 整式的加减 · 去括号',
      readAt: null,
    })
    expect((await inbox('demo-teacher-b')).unread).toBe(before.b + 1)
    // The lead made the task: no notification to themself; the observer is not involved.
    expect((await inbox('demo-lead')).unread).toBe(before.lead)
    expect((await inbox('demo-observer')).unread).toBe(before.observer)
  })

  it('asks participants to act when a plan enters discussion and when it is signed off', async () => {
    const { planId } = await api.taskWithPlan('整式的加减')
    await api.call('demo-teacher-b', 'POST', '/api/notifications/read', { all: true })
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    const discussion = await inbox('demo-teacher-b', '?unread=true')
    expect(discussion.items).toHaveLength(1)
    expect(discussion.items[0]).toMatchObject({
      kind: 'action_required',
      documentId: planId,
      documentTitle: '整式的加减',
      actor: { displayName: '王建国' },
    })
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const signed = await inbox('demo-teacher-b', '?unread=true')
    expect(signed.items.map((item) => item.kind)).toEqual(['action_required', 'action_required'])
    // Shown with the plan as it is now: the participant must create their 个案.
    expect(signed.items[0]?.documentStatus).toBe('final')
    const mainPreparer = await inbox('demo-teacher-a', '?unread=true')
    expect(mainPreparer.items.some((item) => item.documentId === planId)).toBe(true)
  })

  it('marks one’s own notifications read, one by one or all at once', async () => {
    const mine = await inbox('demo-teacher-a')
    expect(mine.unread).toBeGreaterThan(1)
    const first = mine.items[0] as NotificationInfo
    const others = await inbox('demo-teacher-b')
    // Someone else's ids change nothing.
    const foreign = await api.call('demo-teacher-b', 'POST', '/api/notifications/read', {
      ids: [first.id],
    })
    expect(foreign.body).toMatchObject({ marked: 0, unread: others.unread })
    const one = await api.call('demo-teacher-a', 'POST', '/api/notifications/read', {
      ids: [first.id],
    })
    expect(one.body).toMatchObject({ marked: 1, unread: mine.unread - 1 })
    expect((await inbox('demo-teacher-a')).items[0]?.readAt).not.toBeNull()
    expect((await api.call('demo-teacher-a', 'POST', '/api/notifications/read', {})).status).toBe(
      400,
    )
    const all = await api.call('demo-teacher-a', 'POST', '/api/notifications/read', { all: true })
    expect(all.body).toMatchObject({ unread: 0 })
    expect((await api.call(null, 'GET', '/api/notifications')).status).toBe(401)
  })
})
