import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wireAnchor } from '../../helpers/comments.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { demoPlanId, httpRequest } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('comment notifications without polling', () => {
  let server: TestServer
  let caller: DemoCaller
  let planId = ''

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    planId = await demoPlanId(server.kdb, 0)
  })
  afterAll(async () => {
    await server?.close()
  })

  const notificationsOf = async (username: string) =>
    server.kdb
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', await caller.userId(username))
      .where('documentId', '=', planId)
      .execute()

  it('answers a notify call for an unknown comment at once, without reading the comments document', async () => {
    // Counts every full read of a document's state (the old endpoint polled with them).
    const registry = server.registry
    const encodeState = registry.encodeState.bind(registry)
    let encodes = 0
    registry.encodeState = (documentId: string) => {
      encodes += 1
      return encodeState(documentId)
    }
    try {
      const session = await caller.session('demo-teacher-a')
      const started = Date.now()
      const calls = Array.from({ length: 20 }, (_, index) =>
        httpRequest(server, 'POST', `/api/documents/${planId}/comments/notify`, {
          json: { threadId: 'no-such-thread', commentId: `unknown-${index}` },
          cookie: session.cookie,
          origin: server.httpUrl,
        }),
      )
      const health = await httpRequest(server, 'GET', '/api/health')
      const healthMs = Date.now() - started
      const answers = await Promise.all(calls)
      const elapsed = Date.now() - started
      for (const answer of answers) {
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
      }
      expect(health.status).toBe(200)
      expect(healthMs).toBeLessThan(1000)
      // The old endpoint waited 3 s for a comment that never came.
      expect(elapsed).toBeLessThan(1000)
      expect(encodes).toBe(0)
    } finally {
      registry.encodeState = encodeState
    }
  })

  it('notifies mentioned people and earlier participants in the request that writes the comment', async () => {
    const threads = `/api/documents/${planId}/comments/threads`
    const teacherB = await caller.userId('demo-teacher-b')
    const observer = await caller.userId('demo-observer')
    const outsider = await caller.userId('demo-outsider')
    const teacherA = await caller.userId('demo-teacher-a')
    const created = await caller.call('demo-teacher-a', 'POST', threads, {
      anchor: wireAnchor(),
      quote: '导入',
      body: '@张晓燕 @陈志强 @赵丽 请看这里',
      mentions: [teacherB, observer, outsider, teacherA],
    })
    expect(created.status).toBe(201)
    const body = created.body as { threadId: string; mentioned: string[]; replied: string[] }
    expect(new Set(body.mentioned)).toEqual(new Set([teacherB, observer]))
    expect(body.replied).toEqual([])
    // Already stored when the answer arrives: nothing to wait for.
    expect(await notificationsOf('demo-teacher-b')).toMatchObject([
      { kind: 'mention', actorId: teacherA, excerpt: '@张晓燕 @陈志强 @赵丽 请看这里' },
    ])
    expect(await notificationsOf('demo-outsider')).toEqual([])
    expect(await notificationsOf('demo-teacher-a')).toEqual([])

    // A reply by B tells A (the thread's author) with 'reply'.
    const replies = `${threads}/${body.threadId}/replies`
    const replied = await caller.call('demo-teacher-b', 'POST', replies, {
      body: '好的，我来改',
      mentions: [],
    })
    expect(replied.status).toBe(201)
    expect(replied.body).toMatchObject({ mentioned: [], replied: [teacherA] })
    expect((await notificationsOf('demo-teacher-a')).map((row) => row.kind)).toEqual(['reply'])

    // The lead replies mentioning B: B gets a mention only, A a reply, the lead nothing.
    const third = await caller.call('demo-lead', 'POST', replies, {
      body: '@张晓燕 周五前完成',
      mentions: [teacherB],
    })
    expect(third.body).toMatchObject({ mentioned: [teacherB], replied: [teacherA] })
    expect((await notificationsOf('demo-teacher-b')).map((row) => row.kind)).toEqual([
      'mention',
      'mention',
    ])
    expect(await notificationsOf('demo-lead')).toEqual([])

    // Observers and outsiders cannot comment at all.
    for (const username of ['demo-observer', 'demo-outsider']) {
      const refused = await caller.call(username, 'POST', replies, { body: 'x', mentions: [] })
      expect(refused.status, username).toBe(403)
    }
  })

  it('logs every comment with its school for the dashboard, and marks deleted ones', async () => {
    const threads = `/api/documents/${planId}/comments/threads`
    const created = await caller.call('demo-teacher-a', 'POST', threads, {
      anchor: wireAnchor(),
      quote: '导入',
      body: '记一笔',
      mentions: [],
    })
    const { threadId, commentId } = created.body as { threadId: string; commentId: string }
    const replied = await caller.call('demo-teacher-b', 'POST', `${threads}/${threadId}/replies`, {
      body: '回复',
      mentions: [],
    })
    const replyId = (replied.body as { commentId: string }).commentId
    const logged = () =>
      server.kdb
        .selectFrom('commentLog')
        .innerJoin('users', 'users.id', 'commentLog.authorId')
        .select(['commentLog.commentId', 'users.username', 'commentLog.deletedAt'])
        .select(['commentLog.schoolId', 'users.schoolId as homeSchool'])
        .where('commentLog.threadId', '=', threadId)
        .orderBy('commentLog.createdAt')
        .execute()
    const before = await logged()
    expect(before.map((row) => [row.commentId, row.username, row.deletedAt])).toEqual([
      [commentId, 'demo-teacher-a', null],
      [replyId, 'demo-teacher-b', null],
    ])
    for (const row of before) expect(row.schoolId).toBe(row.homeSchool)
    const removed = await caller.call(
      'demo-teacher-b',
      'DELETE',
      `${threads}/${threadId}/comments/${replyId}`,
    )
    expect(removed.status).toBe(200)
    expect((await logged()).map((row) => row.deletedAt === null)).toEqual([true, false])
    await caller.call('demo-teacher-a', 'DELETE', `${threads}/${threadId}/comments/${commentId}`)
    expect((await logged()).map((row) => row.deletedAt === null)).toEqual([false, false])
  })
})
