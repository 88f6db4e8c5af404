import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../../shared/closeCodes.ts'
import { encodeAnchor } from '../../../shared/comments/commentApi.ts'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  type CommentAuthor,
  createThread,
  readThreads,
} from '../../../shared/comments/threads.ts'
import { whenSynced } from '../../helpers/providers.ts'
import {
  cookieWebSocket,
  demoPlanId,
  httpRequest,
  openRecordingSocket,
  type Session,
  signIn,
  upgradeStatus,
} from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** A well-formed anchor: two relative positions into the plan's fragment. */
function sampleAnchor(): CommentAnchor {
  const doc = new Y.Doc()
  const position = Y.encodeRelativePosition(
    Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), 0),
  )
  doc.destroy()
  return { start: position, end: position }
}
const anchor = sampleAnchor()

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

  /** One call to a comment endpoint of a plan (`path` after `/comments`), as `username`. */
  const api = async (
    username: string,
    method: string,
    planId: string,
    path: string,
    json?: unknown,
  ) =>
    httpRequest(server, method, `/api/documents/${planId}/comments${path}`, {
      json,
      cookie: (await as(username)).cookie,
      origin: server.httpUrl,
    })

  /** Creates a thread through the endpoint; returns its ids. */
  async function newThread(
    username: string,
    planId: string,
    input: { quote: string; body: string; mentions?: string[] },
  ): Promise<{ threadId: string; commentId: string }> {
    const created = await api(username, 'POST', planId, '/threads', {
      anchor: encodeAnchor(anchor),
      quote: input.quote,
      body: input.body,
      mentions: input.mentions ?? [],
    })
    if (created.status !== 201) throw new Error(`thread: HTTP ${created.status} ${created.text}`)
    return created.body as { threadId: string; commentId: string }
  }

  const notificationsOf = (userId: string, documentId: string) =>
    server.kdb
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', userId)
      .where('documentId', '=', documentId)
      .execute()

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
  })
  afterAll(async () => {
    for (const provider of opened) provider.destroy()
    await server?.close()
  })

  it('lets editors write through the endpoints, live for everyone, drops every websocket write and refuses outsiders', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const room = commentsRoomOf(planId)
    const writer = await connect('demo-teacher-a', room)
    const observer = await connect('demo-observer', room)
    await newThread('demo-teacher-a', planId, { quote: '有理数', body: '分类标准再明确一些' })
    // Live for the viewer and for the writer's own room.
    await vi.waitFor(() => expect(readThreads(observer.doc).length).toBe(1), 10_000)
    await vi.waitFor(() => expect(readThreads(writer.doc).length).toBe(1), 10_000)

    // Writes over the comments websocket never reach the server: the viewer's, and the editor's.
    createThread(observer.doc, {
      anchor,
      quote: 'x',
      author: await author('demo-observer', '陈志强'),
      body: 'should be dropped',
    })
    createThread(writer.doc, {
      anchor,
      quote: 'y',
      author: await author('demo-teacher-a', '王建国'),
      body: 'should be dropped too',
    })
    await sleep(300)
    expect((await readRoom('demo-teacher-b', planId)).map((thread) => thread.quote)).toEqual([
      '有理数',
    ])
    // A viewer may not comment through the endpoint either.
    const refused = await api('demo-observer', 'POST', planId, '/threads', {
      anchor: encodeAnchor(anchor),
      quote: 'x',
      body: 'no',
      mentions: [],
    })
    expect(refused.status).toBe(403)

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
      await server.kdb
        .selectFrom('documentContent')
        .selectAll()
        .where('documentId', '=', room)
        .execute(),
    ).toEqual([])
    expect(
      await server.kdb.selectFrom('documents').selectAll().where('id', '=', room).execute(),
    ).toEqual([])
  })

  it('lets a member who may only comment write comments while the plan itself stays read-only', async () => {
    // Plan 1 is a draft of demo-teacher-b; as its main preparer, only she edits it.
    const planId = await demoPlanId(server.kdb, 1)
    const preparer = await as('demo-teacher-b')
    await server.kdb
      .insertInto('planLifecycle')
      .values({ documentId: planId, mainPreparerId: preparer.userId })
      .onConflict((conflict) =>
        conflict.column('documentId').doUpdateSet({ mainPreparerId: preparer.userId }),
      )
      .execute()
    const permission = await httpRequest(server, 'GET', `/api/documents/${planId}`, {
      cookie: (await as('demo-teacher-a')).cookie,
    })
    expect((permission.body as { document?: { permission?: string } }).document?.permission).toBe(
      'comment',
    )

    const plan = await connect('demo-teacher-a', planId)
    const comments = await connect('demo-teacher-a', commentsRoomOf(planId))
    plan.doc.getXmlFragment('default').insert(0, [new Y.XmlText('不该写进去')])
    await newThread('demo-teacher-a', planId, { quote: '初备', body: '建议补充学情' })
    await vi.waitFor(() => expect(readThreads(comments.doc).length).toBe(1), 10_000)
    await sleep(300)
    plan.provider.destroy()
    comments.provider.destroy()
    const fresh = await connect('demo-lead', planId)
    expect(fresh.doc.getXmlFragment('default').toString()).not.toContain('不该写进去')
    fresh.provider.destroy()
    expect((await readRoom('demo-lead', planId)).map((thread) => thread.quote)).toEqual(['初备'])
  })

  it('closes comment connections when the plan is deleted, and keeps them (read-only for all) when access changes', async () => {
    const planId = await demoPlanId(server.kdb, 3) // demo-teacher-b's plan in the group
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
    // The observer becomes a member: their comments connection stays (it is read-only for
    // everyone) and they may now comment through the endpoint.
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
    await sleep(200)
    expect(observerSocket.isClosed).toBe(false)
    await newThread('demo-observer', planId, { quote: '晋升', body: '现在可以批注了' })

    const deleted = await httpRequest(server, 'DELETE', `/api/documents/${planId}`, {
      cookie: (await as('demo-teacher-b')).cookie,
      origin: server.httpUrl,
    })
    expect(deleted.status).toBe(200)
    expect((await memberSocket.closed).code).toBe(CloseCode.AccessRevoked)
    expect((await observerSocket.closed).code).toBe(CloseCode.AccessRevoked)
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

  it('notifies mentioned people and earlier participants when a comment is written; the notify endpoint is gone', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const a = await as('demo-teacher-a')
    const b = await as('demo-teacher-b')
    const lead = await as('demo-lead')
    const observer = await as('demo-observer')
    const outsider = await as('demo-outsider')
    const created = await api('demo-teacher-a', 'POST', planId, '/threads', {
      anchor: encodeAnchor(anchor),
      quote: '导入',
      body: '@张晓燕 @陈志强 @赵丽 请看这里',
      mentions: [b.userId, observer.userId, outsider.userId, a.userId],
    })
    expect(created.status).toBe(201)
    const { threadId } = created.body as { threadId: string }
    expect(created.body).toMatchObject({ ok: true, replied: [] })
    expect(new Set((created.body as { mentioned: string[] }).mentioned)).toEqual(
      new Set([b.userId, observer.userId]),
    )
    expect(await notificationsOf(b.userId, planId)).toMatchObject([
      { kind: 'mention', actorId: a.userId, excerpt: '@张晓燕 @陈志强 @赵丽 请看这里' },
    ])
    expect(await notificationsOf(outsider.userId, planId)).toEqual([])
    expect(await notificationsOf(a.userId, planId)).toEqual([])
    expect((await api('demo-teacher-a', 'POST', planId, '/notify', { threadId })).status).toBe(404)

    // Malformed bodies are refused: no author fields, bounded text, a decodable anchor.
    const bad = [
      { anchor: encodeAnchor(anchor), quote: 'q', body: 'x', mentions: [], authorName: '李红梅' },
      { anchor: encodeAnchor(anchor), quote: 'q', body: 'x'.repeat(4001), mentions: [] },
      { anchor: { start: 'not base64!', end: 'AA==' }, quote: 'q', body: 'x', mentions: [] },
      { anchor: { start: 'A'.repeat(600), end: 'AA==' }, quote: 'q', body: 'x', mentions: [] },
      { anchor: { start: '/w==', end: '/w==' }, quote: 'q', body: 'x', mentions: [] },
      { anchor: encodeAnchor(anchor), quote: 'q', body: '   ', mentions: [] },
    ]
    for (const json of bad) {
      expect((await api('demo-teacher-a', 'POST', planId, '/threads', json)).status).toBe(400)
    }
    const unknown = await api('demo-teacher-a', 'POST', planId, '/threads/nope/replies', {
      body: 'x',
      mentions: [],
    })
    expect(unknown.status).toBe(404)

    // A reply by B notifies A (the thread's author) with 'reply'.
    const replied = await api('demo-teacher-b', 'POST', planId, `/threads/${threadId}/replies`, {
      body: '好的，我来改',
      mentions: [],
    })
    expect(replied.body).toMatchObject({ mentioned: [], replied: [a.userId] })
    expect((await notificationsOf(a.userId, planId)).map((row) => row.kind)).toEqual(['reply'])

    // The lead replies mentioning B: B gets a mention only, A a reply.
    const third = await api('demo-lead', 'POST', planId, `/threads/${threadId}/replies`, {
      body: '@张晓燕 周五前完成',
      mentions: [b.userId],
    })
    expect(third.body).toMatchObject({ mentioned: [b.userId], replied: [a.userId] })
    expect((await notificationsOf(b.userId, planId)).map((row) => row.kind)).toEqual([
      'mention',
      'mention',
    ])
    expect(await notificationsOf(lead.userId, planId)).toEqual([])
  })

  it('edits and deletes only its own comments, resolves and reopens as the signed-in user', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const { threadId, commentId } = await newThread('demo-teacher-b', planId, {
      quote: '练习',
      body: '练习太多',
    })
    const reply = await api('demo-teacher-a', 'POST', planId, `/threads/${threadId}/replies`, {
      body: '同意',
      mentions: [],
    })
    const replyId = (reply.body as { commentId: string }).commentId
    const comment = (id: string) => `/threads/${threadId}/comments/${id}`
    const thread = async () =>
      (await readRoom('demo-lead', planId)).find((entry) => entry.id === threadId)

    expect(
      (
        await api('demo-teacher-a', 'PATCH', planId, comment(commentId), {
          body: 'x',
          mentions: [],
        })
      ).status,
    ).toBe(403)
    expect((await api('demo-lead', 'DELETE', planId, comment(commentId))).status).toBe(403)
    expect(
      (
        await api('demo-teacher-b', 'PATCH', planId, comment(commentId), {
          body: '练习偏多',
          mentions: [],
        })
      ).status,
    ).toBe(200)
    expect((await api('demo-teacher-a', 'DELETE', planId, comment(replyId))).status).toBe(200)
    expect((await thread())?.comments).toMatchObject([
      { id: commentId, body: '练习偏多', editedAt: expect.any(Number) },
    ])

    const resolvePath = `/threads/${threadId}/resolve`
    expect((await api('demo-observer', 'POST', planId, resolvePath, {})).status).toBe(403)
    expect(
      (await api('demo-teacher-a', 'POST', planId, resolvePath, { decision: '减到五题' })).status,
    ).toBe(200)
    expect((await api('demo-lead', 'POST', planId, resolvePath, {})).status).toBe(409)
    expect(await thread()).toMatchObject({
      resolved: true,
      resolvedBy: (await as('demo-teacher-a')).userId,
      resolvedByName: '王建国',
      decision: '减到五题',
    })
    expect((await api('demo-lead', 'POST', planId, `/threads/${threadId}/reopen`)).status).toBe(200)
    expect(await thread()).toMatchObject({ resolved: false, resolvedBy: null, decision: null })
    expect((await api('demo-lead', 'POST', planId, `/threads/${threadId}/reopen`)).status).toBe(409)

    // Deleting a thread's first comment deletes the thread.
    expect((await api('demo-teacher-b', 'DELETE', planId, comment(commentId))).status).toBe(200)
    expect(await thread()).toBeUndefined()
  })

  it('lists the people of the plan who can be mentioned', async () => {
    const planId = await demoPlanId(server.kdb, 0)
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
    const planId = await demoPlanId(server.kdb, 0)
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
