import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { documentContent, documents, notifications, planLifecycle } from '../../server/db/schema.ts'
import { CloseCode } from '../../shared/closeCodes.ts'
import { commentsRoomOf } from '../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  type CommentAuthor,
  createThread,
  readThreads,
  reply,
} from '../../shared/comments/threads.ts'
import { whenSynced } from '../helpers/providers.ts'
import {
  cookieWebSocket,
  demoPlanId,
  httpRequest,
  openRecordingSocket,
  type Session,
  signIn,
  upgradeStatus,
} from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { eventually, sleep } from '../helpers/waitFor.ts'

const anchor: CommentAnchor = { start: new Uint8Array([0]), end: new Uint8Array([0]) }

describe('the comments room of a plan', () => {
  let server: TestServer
  const sessions = new Map<string, Session>()
  const opened: WebsocketProvider[] = []
  const as = async (username: string): Promise<Session> => {
    let session = sessions.get(username)
    if (!session) {
      session = await signIn(server, username)
      sessions.set(username, session)
    }
    return session
  }
  const author = async (username: string, name: string): Promise<CommentAuthor> => ({
    id: (await as(username)).userId,
    name,
    school: '',
  })

  async function connect(username: string, room: string, doc = new Y.Doc()) {
    const session = await as(username)
    const provider = new WebsocketProvider(server.collabUrl, room, doc, {
      WebSocketPolyfill: cookieWebSocket(
        session.cookie,
        server.httpUrl,
      ) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 200,
    })
    opened.push(provider)
    await whenSynced(provider)
    return { doc, provider }
  }

  /** Reads the comments room afresh, as `username` sees it now. */
  async function readRoom(username: string, planId: string) {
    const { doc, provider } = await connect(username, commentsRoomOf(planId))
    provider.destroy()
    return readThreads(doc)
  }

  const notifyCall = async (username: string, planId: string, json: unknown) =>
    httpRequest(server, 'POST', `/api/documents/${planId}/comments/notify`, {
      json,
      cookie: (await as(username)).cookie,
      origin: server.httpUrl,
    })

  const notificationsOf = (userId: string, documentId: string) =>
    server.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.documentId, documentId)))
      .all()

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
  })
  afterAll(async () => {
    for (const provider of opened) provider.destroy()
    await server?.close()
  })

  it('lets editors write, keeps viewers read-only (their updates are dropped) and refuses outsiders', async () => {
    const planId = await demoPlanId(server.db, 0)
    const room = commentsRoomOf(planId)
    const writer = await connect('demo-teacher-a', room)
    const observer = await connect('demo-observer', room)
    createThread(writer.doc, {
      anchor,
      quote: '有理数',
      author: await author('demo-teacher-a', '王建国'),
      body: '分类标准再明确一些',
    })
    // Live for the viewer.
    await eventually(() => readThreads(observer.doc).length === 1)

    // The viewer's own writes never reach the server.
    createThread(observer.doc, {
      anchor,
      quote: 'x',
      author: await author('demo-observer', '陈志强'),
      body: 'should be dropped',
    })
    await sleep(300)
    expect((await readRoom('demo-teacher-b', planId)).map((thread) => thread.quote)).toEqual([
      '有理数',
    ])

    const outsider = await as('demo-outsider')
    const url = `${server.collabUrl}/${room}`
    expect(await upgradeStatus(url, { cookie: outsider.cookie, origin: server.httpUrl })).toBe(403)
    expect(
      await upgradeStatus(`${server.collabUrl}/nope.comments`, {
        cookie: outsider.cookie,
        origin: server.httpUrl,
      }),
    ).toBe(404)
    expect(
      await upgradeStatus(`${server.collabUrl}/${planId}.other`, {
        cookie: outsider.cookie,
        origin: server.httpUrl,
      }),
    ).toBe(400)
    expect(await upgradeStatus(url, { origin: server.httpUrl })).toBe(401)
    writer.provider.destroy()
    observer.provider.destroy()

    // The comments room is not a plan: nothing is derived or listed for it.
    await sleep(100)
    expect(
      await server.db
        .select()
        .from(documentContent)
        .where(eq(documentContent.documentId, room))
        .all(),
    ).toEqual([])
    expect(await server.db.select().from(documents).where(eq(documents.id, room)).all()).toEqual([])
  })

  it('lets a member who may only comment write comments while the plan itself stays read-only', async () => {
    // Plan 1 is a draft of demo-teacher-b; as its main preparer, only she edits it.
    const planId = await demoPlanId(server.db, 1)
    const preparer = await as('demo-teacher-b')
    await server.db
      .insert(planLifecycle)
      .values({ documentId: planId, mainPreparerId: preparer.userId })
      .onConflictDoUpdate({
        target: planLifecycle.documentId,
        set: { mainPreparerId: preparer.userId },
      })
      .run()
    const permission = await httpRequest(server, 'GET', `/api/documents/${planId}`, {
      cookie: (await as('demo-teacher-a')).cookie,
    })
    expect((permission.body as { document?: { permission?: string } }).document?.permission).toBe(
      'comment',
    )

    const plan = await connect('demo-teacher-a', planId)
    const comments = await connect('demo-teacher-a', commentsRoomOf(planId))
    plan.doc.getXmlFragment('default').insert(0, [new Y.XmlText('不该写进去')])
    createThread(comments.doc, {
      anchor,
      quote: '初备',
      author: await author('demo-teacher-a', '王建国'),
      body: '建议补充学情',
    })
    await sleep(300)
    plan.provider.destroy()
    comments.provider.destroy()
    const fresh = await connect('demo-lead', planId)
    expect(fresh.doc.getXmlFragment('default').toString()).not.toContain('不该写进去')
    fresh.provider.destroy()
    expect((await readRoom('demo-lead', planId)).map((thread) => thread.quote)).toEqual(['初备'])
  })

  it('closes comment connections when the plan is deleted, and reconnects them when access changes', async () => {
    const planId = await demoPlanId(server.db, 3) // demo-teacher-b's plan in the group
    const room = commentsRoomOf(planId)
    const observer = await as('demo-observer')
    const member = await as('demo-teacher-a')
    const observerSocket = await openRecordingSocket(`${server.collabUrl}/${room}`, {
      cookie: observer.cookie,
      origin: server.httpUrl,
    })
    const memberSocket = await openRecordingSocket(`${server.collabUrl}/${room}`, {
      cookie: member.cookie,
      origin: server.httpUrl,
    })
    // The observer becomes a member: their read-only comments connection must reconnect.
    const group = await httpRequest(server, 'GET', '/api/groups', {
      cookie: (await as('demo-lead')).cookie,
    })
    const groupId = (group.body as { items: Array<{ id: string }> }).items[0]?.id
    const promoted = await httpRequest(
      server,
      'PUT',
      `/api/groups/${groupId}/members/${observer.userId}`,
      { json: { role: 'member' }, cookie: (await as('demo-lead')).cookie, origin: server.httpUrl },
    )
    expect(promoted.status).toBe(200)
    expect((await observerSocket.closed).code).toBe(CloseCode.AccessChanged)

    const deleted = await httpRequest(server, 'DELETE', `/api/documents/${planId}`, {
      cookie: (await as('demo-teacher-b')).cookie,
      origin: server.httpUrl,
    })
    expect(deleted.status).toBe(200)
    expect((await memberSocket.closed).code).toBe(CloseCode.AccessRevoked)
    expect(
      await upgradeStatus(`${server.collabUrl}/${room}`, {
        cookie: member.cookie,
        origin: server.httpUrl,
      }),
    ).toBe(404)
    // Restore the observer's role for the other tests.
    await httpRequest(server, 'PUT', `/api/groups/${groupId}/members/${observer.userId}`, {
      json: { role: 'observer' },
      cookie: (await as('demo-lead')).cookie,
      origin: server.httpUrl,
    })
  })

  it('notifies mentioned people who can view the plan and earlier participants, once per comment', async () => {
    const planId = await demoPlanId(server.db, 0)
    const a = await as('demo-teacher-a')
    const b = await as('demo-teacher-b')
    const lead = await as('demo-lead')
    const observer = await as('demo-observer')
    const outsider = await as('demo-outsider')
    const room = commentsRoomOf(planId)
    const writer = await connect('demo-teacher-a', room)
    const { threadId, commentId } = createThread(writer.doc, {
      anchor,
      quote: '导入',
      author: await author('demo-teacher-a', '王建国'),
      body: '@张晓燕 @陈志强 @赵丽 请看这里',
      mentions: [b.userId, observer.userId, outsider.userId, a.userId],
    })
    // Sent right away: the server waits for the comment to arrive over the websocket.
    const first = await notifyCall('demo-teacher-a', planId, { threadId, commentId })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ ok: true, alreadyNotified: false, replied: [] })
    expect(new Set((first.body as { mentioned: string[] }).mentioned)).toEqual(
      new Set([b.userId, observer.userId]),
    )
    expect(await notificationsOf(b.userId, planId)).toMatchObject([
      { kind: 'mention', actorId: a.userId, excerpt: '@张晓燕 @陈志强 @赵丽 请看这里' },
    ])
    expect(await notificationsOf(outsider.userId, planId)).toEqual([])
    expect(await notificationsOf(a.userId, planId)).toEqual([])

    // Idempotent.
    const again = await notifyCall('demo-teacher-a', planId, { threadId, commentId })
    expect(again.body).toMatchObject({ ok: true, alreadyNotified: true, mentioned: [] })
    expect(await notificationsOf(b.userId, planId)).toHaveLength(1)

    // Only the author may send a comment's notifications; outsiders not at all.
    const notAuthor = await notifyCall('demo-teacher-b', planId, { threadId, commentId })
    expect(notAuthor.status).toBe(403)
    expect(notAuthor.body).toMatchObject({ error: 'not_comment_author' })
    expect((await notifyCall('demo-outsider', planId, { threadId, commentId })).status).toBe(403)
    expect((await notifyCall('demo-observer', planId, { threadId, commentId })).status).toBe(403)
    expect((await notifyCall('demo-teacher-a', planId, { threadId })).status).toBe(400)
    const missing = await notifyCall('demo-teacher-a', planId, { threadId, commentId: 'nope' })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ error: 'comment_not_found' })

    // A reply by B notifies A (the thread's author) with 'reply'.
    const bSide = await connect('demo-teacher-b', room)
    const replyId = reply(bSide.doc, threadId, {
      author: await author('demo-teacher-b', '张晓燕'),
      body: '好的，我来改',
    })
    const replied = await notifyCall('demo-teacher-b', planId, { threadId, commentId: replyId })
    expect(replied.body).toMatchObject({ mentioned: [], replied: [a.userId] })
    expect((await notificationsOf(a.userId, planId)).map((row) => row.kind)).toEqual(['reply'])

    // The lead replies mentioning B: B gets a mention only, A a reply.
    const leadSide = await connect('demo-lead', room)
    const leadReply = reply(leadSide.doc, threadId, {
      author: await author('demo-lead', '李红梅'),
      body: '@张晓燕 周五前完成',
      mentions: [b.userId],
    })
    const third = await notifyCall('demo-lead', planId, { threadId, commentId: leadReply })
    expect(third.body).toMatchObject({ mentioned: [b.userId], replied: [a.userId] })
    expect((await notificationsOf(b.userId, planId)).map((row) => row.kind)).toEqual([
      'mention',
      'mention',
    ])
    expect(await notificationsOf(lead.userId, planId)).toEqual([])
    for (const side of [writer, bSide, leadSide]) side.provider.destroy()
  })

  it('lists the people of the plan who can be mentioned', async () => {
    const planId = await demoPlanId(server.db, 0)
    const result = await httpRequest(server, 'GET', `/api/documents/${planId}/comments/people`, {
      cookie: (await as('demo-teacher-a')).cookie,
    })
    expect(result.status).toBe(200)
    const items = (result.body as { items: Array<{ displayName: string; schoolName: string }> })
      .items
    expect(items.map((item) => item.displayName)).toEqual(
      expect.arrayContaining(['李红梅', '王建国', '张晓燕', '陈志强']),
    )
    expect(items.map((item) => item.displayName)).not.toContain('赵丽')
    expect(items.find((item) => item.displayName === '张晓燕')?.schoolName).toBe('实验中学')
    const outsider = await httpRequest(server, 'GET', `/api/documents/${planId}/comments/people`, {
      cookie: (await as('demo-outsider')).cookie,
    })
    expect(outsider.status).toBe(403)
  })

  it('keeps comments across a restart of the server', async () => {
    const planId = await demoPlanId(server.db, 0)
    const before = (await readRoom('demo-teacher-a', planId)).map((thread) => thread.id)
    expect(before.length).toBeGreaterThanOrEqual(2)
    for (const provider of opened) provider.destroy()
    opened.length = 0
    const { dataDir } = server
    await server.close()
    server = await startTestServer({ dataDir, seedDemo: true })
    sessions.clear()
    const after = await readRoom('demo-teacher-b', planId)
    expect(after.map((thread) => thread.id)).toEqual(before)
    expect(after.find((thread) => thread.quote === '导入')?.comments).toHaveLength(3)
  })
})
