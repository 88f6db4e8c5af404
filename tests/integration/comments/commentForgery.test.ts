import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  type CommentAuthor,
  type CommentThread,
  createThread,
  readThread,
  readThreads,
  resolve,
  threadsMap,
} from '../../../shared/comments/threads.ts'
import { readRecordJSON, roleListLines } from '../../../shared/meetings/recordSchema.ts'
import { encodeSyncStep1, encodeUpdate } from '../../../shared/protocolMessages.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { isSyncStep2 } from '../../helpers/protocolDecode.ts'
import { demoPlanId, openRecordingSocket, type RecordingSocket } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** A well-formed anchor (two encoded relative positions into the plan's fragment). */
function sampleAnchor(): CommentAnchor {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('default')
  const position = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(fragment, 0))
  doc.destroy()
  return { start: position, end: position }
}

/** The anchor as the comment endpoints take it (base64 of each position). */
function anchorJson(anchor: CommentAnchor): { start: string; end: string } {
  return {
    start: Buffer.from(anchor.start).toString('base64'),
    end: Buffer.from(anchor.end).toString('base64'),
  }
}

/** How many sync step 2 answers the socket received. */
function step2Count(socket: RecordingSocket): number {
  return socket.messages.filter(isSyncStep2).length
}

describe('comments cannot be forged', () => {
  let server: TestServer
  let caller: DemoCaller
  let planId = ''
  const anchor = sampleAnchor()

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    planId = await demoPlanId(server.kdb, 0)
  })
  afterAll(async () => {
    await server?.close()
  })

  const identityOf = async (username: string, name: string): Promise<CommentAuthor> => ({
    id: await caller.userId(username),
    name,
    school: '城关第一中学',
  })

  /** The comments document as the server holds it now. */
  async function serverComments(): Promise<Y.Doc> {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, await server.registry.encodeState(commentsRoomOf(planId)))
    return doc
  }

  async function serverThread(threadId: string): Promise<CommentThread | null> {
    const doc = await serverComments()
    const thread = readThread(doc, threadId)
    doc.destroy()
    return thread
  }

  /**
   * Sends `edit` of the comments document as a Yjs update over `username`'s own websocket to
   * the comments room (what a modified client can do), and waits until the server processed it.
   */
  async function forgeOverWebsocket(username: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const session = await caller.session(username)
    const socket = await openRecordingSocket(`${server.collabUrl}/${commentsRoomOf(planId)}`, {
      cookie: session.cookie,
      origin: server.httpUrl,
    })
    const doc = await serverComments()
    const before = Y.encodeStateVector(doc)
    edit(doc)
    socket.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc, before)))
    // Frames are handled in order: once our sync step 1 is answered, the update was handled.
    const answered = step2Count(socket)
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await vi.waitFor(() => expect(step2Count(socket)).toBeGreaterThan(answered), 10_000)
    socket.ws.close()
    await socket.closed
    doc.destroy()
  }

  it("refuses a member's rewrite of the lead's comment, over the websocket and over HTTP", async () => {
    const lead = await identityOf('demo-lead', '李红梅')
    // The lead's comment, as the server wrote it.
    let threadId = ''
    let commentId = ''
    await server.registry.change(commentsRoomOf(planId), (doc) => {
      ;({ threadId, commentId } = createThread(doc, {
        anchor,
        quote: '有理数',
        author: lead,
        body: '请按定义分类',
      }))
    })

    await forgeOverWebsocket('demo-teacher-a', (doc) => {
      const thread = threadsMap(doc).get(threadId)
      const comments = thread?.get('comments')
      const first = comments instanceof Y.Array ? comments.get(0) : null
      if (!(first instanceof Y.Map)) throw new Error('the lead comment is not in the document')
      first.set('body', '按符号分类就行（组长）')
    })
    const after = await serverThread(threadId)
    expect(after?.comments[0]).toMatchObject({
      authorId: lead.id,
      body: '请按定义分类',
      editedAt: null,
    })

    const path = `/api/documents/${planId}/comments/threads/${threadId}/comments/${commentId}`
    const edited = await caller.call('demo-teacher-a', 'PATCH', path, {
      body: '篡改',
      mentions: [],
    })
    expect(edited.status).toBe(403)
    expect(edited.body).toMatchObject({ error: 'not_comment_author' })
    expect((await caller.call('demo-teacher-a', 'DELETE', path)).status).toBe(403)
    expect((await serverThread(threadId))?.comments[0]?.body).toBe('请按定义分类')

    // The lead edits their own comment: editedAt is set by the server.
    const own = await caller.call('demo-lead', 'PATCH', path, {
      body: '请先按定义分类',
      mentions: [],
    })
    expect(own.status).toBe(200)
    expect((await serverThread(threadId))?.comments[0]).toMatchObject({
      body: '请先按定义分类',
      editedAt: expect.any(Number),
    })
  })

  it("refuses a thread written over the websocket in the lead's name, resolved with a decision", async () => {
    const lead = await identityOf('demo-lead', '李红梅')
    await forgeOverWebsocket('demo-teacher-a', (doc) => {
      const { threadId } = createThread(doc, {
        anchor,
        quote: '伪造的引文',
        author: lead,
        body: '就这么定了',
      })
      resolve(doc, threadId, { by: lead, decision: '组长决定：删掉探究环节' })
    })
    const doc = await serverComments()
    expect(readThreads(doc).map((thread) => thread.quote)).not.toContain('伪造的引文')
    doc.destroy()

    // Over HTTP the author is whoever is signed in; a claimed author is refused.
    const threads = `/api/documents/${planId}/comments/threads`
    const claimed = await caller.call('demo-teacher-a', 'POST', threads, {
      anchor: anchorJson(anchor),
      quote: '引文',
      body: '就这么定了',
      mentions: [],
      authorId: lead.id,
      authorName: '李红梅',
    })
    expect(claimed.status).toBe(400)
    const created = await caller.call('demo-teacher-a', 'POST', threads, {
      anchor: anchorJson(anchor),
      quote: '分层作业',
      body: '作业分三层',
      mentions: [],
    })
    expect(created.status).toBe(201)
    const { threadId } = created.body as { threadId: string }
    const resolved = await caller.call('demo-teacher-a', 'POST', `${threads}/${threadId}/resolve`, {
      decision: '作业分三层',
    })
    expect(resolved.status).toBe(200)
    const thread = await serverThread(threadId)
    const teacherA = await caller.userId('demo-teacher-a')
    expect(thread).toMatchObject({
      authorId: teacherA,
      authorName: '王建国',
      resolved: true,
      resolvedBy: teacherA,
      resolvedByName: '王建国',
      decision: '作业分三层',
    })
    expect(thread?.comments[0]).toMatchObject({ authorId: teacherA, authorName: '王建国' })
  })

  /** Starts and ends a session on the plan as the lead; returns its minutes' decision lines. */
  async function sessionDecisions(): Promise<string[]> {
    const started = await caller.call('demo-lead', 'POST', '/api/sessions', { documentId: planId })
    expect(started.status).toBe(201)
    const { id: sessionId, minutesDocumentId } = started.body as {
      id: string
      minutesDocumentId: string
    }
    expect((await caller.call('demo-lead', 'POST', `/api/sessions/${sessionId}/end`)).status).toBe(
      200,
    )
    const minutes = new Y.Doc()
    Y.applyUpdate(minutes, await server.registry.encodeState(minutesDocumentId))
    const decisions = roleListLines(readRecordJSON(minutes), 'decisions')
    minutes.destroy()
    return decisions
  }

  it('copies into the minutes only the decisions the server recorded, from who resolved them', async () => {
    // The thread forged over the websocket above never reaches the minutes.
    expect((await sessionDecisions()).join('\n')).not.toContain('组长决定')

    const lead = await identityOf('demo-lead', '李红梅')
    // A forged resolution already in the document (written before writes were checked).
    await server.registry.change(commentsRoomOf(planId), (doc) => {
      const { threadId } = createThread(doc, {
        anchor,
        quote: '旧的伪造',
        author: lead,
        body: '旧数据',
      })
      resolve(doc, threadId, { by: lead, decision: '组长决定：旧的伪造决议' })
    })
    // A real resolution by the lead, through the endpoint.
    const threads = `/api/documents/${planId}/comments/threads`
    const created = await caller.call('demo-teacher-b', 'POST', threads, {
      anchor: anchorJson(anchor),
      quote: '课堂小结',
      body: '小结要学生来说',
      mentions: [],
    })
    expect(created.status).toBe(201)
    const { threadId } = created.body as { threadId: string }
    expect(
      (
        await caller.call('demo-lead', 'POST', `${threads}/${threadId}/resolve`, {
          decision: '小结由学生完成',
        })
      ).status,
    ).toBe(200)

    const decisions = await sessionDecisions()
    expect(decisions).toContain('决议：小结由学生完成（关于“课堂小结”）')
    expect(decisions).toContain('决议：作业分三层（关于“分层作业”）')
    expect(decisions.join('\n')).not.toContain('组长决定')
  })
})
