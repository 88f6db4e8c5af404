import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_PLANS } from '../../../server/seed/demoPlans.ts'
import { demoPlanParts } from '../../../server/seed/planContent.ts'
import {
  anchorOfRange,
  planViewOf,
  resolveAnchor,
  type TextRange,
  textOfRange,
} from '../../../shared/comments/anchors.ts'
import {
  commentsRoomOf,
  isCommentsRoom,
  isValidRoomName,
  planIdOfRoom,
} from '../../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  createThread,
  deleteComment,
  editComment,
  MAX_COMMENT_LENGTH,
  participantsOf,
  readDecisions,
  readThread,
  readThreads,
  reopen,
  reply,
  resolve,
  THREADS_MAP,
} from '../../../shared/comments/threads.ts'
import { jsonToYDoc, planSchema } from '../../../shared/editor/derive.ts'
import { planToJSON } from '../../../shared/editor/planContent.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'

const wang = { id: 'u-wang', name: '王建国', school: '城关第一中学' }
const zhang = { id: 'u-zhang', name: '张晓燕', school: '实验中学' }
const li = { id: 'u-li', name: '李红梅', school: '城关第一中学' }
const anchor: CommentAnchor = { start: new Uint8Array([1, 2]), end: new Uint8Array([3, 4]) }

/** Syncs two docs both ways. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('comments rooms', () => {
  it('names the companion room of a plan and maps it back', () => {
    expect(commentsRoomOf('abc_1')).toBe('abc_1.comments')
    expect(isCommentsRoom('abc_1.comments')).toBe(true)
    expect(isCommentsRoom('abc_1')).toBe(false)
    expect(planIdOfRoom('abc_1.comments')).toBe('abc_1')
    expect(planIdOfRoom('abc_1')).toBe('abc_1')
    expect(isValidRoomName('abc_1.comments')).toBe(true)
    expect(isValidRoomName('abc_1')).toBe(true)
    expect(isValidRoomName('a.b.comments')).toBe(false)
    expect(isValidRoomName('.comments')).toBe(false)
    expect(isValidRoomName('abc.other')).toBe(false)
  })
})

describe('comment threads', () => {
  it('creates a thread with its first comment and reads it back as plain objects', () => {
    const doc = new Y.Doc()
    const { threadId, commentId } = createThread(doc, {
      anchor,
      quote: '有理数的分类',
      author: wang,
      body: '这里的分类标准要写清楚 @张晓燕',
      mentions: [zhang.id, zhang.id, ''],
      now: 1000,
    })
    const [thread, ...rest] = readThreads(doc)
    expect(rest).toHaveLength(0)
    expect(thread).toMatchObject({
      id: threadId,
      quote: '有理数的分类',
      authorId: wang.id,
      authorName: '王建国',
      authorSchool: '城关第一中学',
      createdAt: 1000,
      resolved: false,
      decision: null,
    })
    expect(thread?.anchor?.start).toEqual(anchor.start)
    expect(thread?.comments).toEqual([
      {
        id: commentId,
        authorId: wang.id,
        authorName: '王建国',
        authorSchool: '城关第一中学',
        body: '这里的分类标准要写清楚 @张晓燕',
        mentions: [zhang.id],
        createdAt: 1000,
        editedAt: null,
      },
    ])
  })

  it('adds replies, edits only by the author, and deletes comments or whole threads', () => {
    const doc = new Y.Doc()
    const { threadId, commentId } = createThread(doc, {
      anchor,
      quote: 'q',
      author: wang,
      body: 'first',
    })
    const replyId = reply(doc, threadId, { author: zhang, body: 'answer', now: 2000 })
    expect(replyId).not.toBeNull()
    expect(reply(doc, 'no-such-thread', { author: zhang, body: 'x' })).toBeNull()
    expect(readThread(doc, threadId)?.comments.map((c) => c.body)).toEqual(['first', 'answer'])
    expect(
      participantsOf(readThread(doc, threadId) as NonNullable<ReturnType<typeof readThread>>),
    ).toEqual([wang.id, zhang.id])

    expect(editComment(doc, threadId, commentId, { editorId: zhang.id, body: 'hijack' })).toBe(
      false,
    )
    expect(
      editComment(doc, threadId, commentId, { editorId: wang.id, body: 'first, revised', now: 3 }),
    ).toBe(true)
    const edited = readThread(doc, threadId)?.comments[0]
    expect(edited).toMatchObject({ body: 'first, revised', editedAt: 3 })

    expect(deleteComment(doc, threadId, replyId as string)).toBe(true)
    expect(readThread(doc, threadId)?.comments).toHaveLength(1)
    expect(deleteComment(doc, threadId, commentId)).toBe(true)
    expect(readThreads(doc)).toEqual([])
    expect(deleteComment(doc, threadId, commentId)).toBe(false)
  })

  it('resolves with a decision, reopens, and lists decisions for the minutes', () => {
    const doc = new Y.Doc()
    const first = createThread(doc, { anchor, quote: '导入环节', author: wang, body: 'a', now: 1 })
    const second = createThread(doc, {
      anchor,
      quote: '作业设计',
      author: zhang,
      body: 'b',
      now: 2,
    })
    createThread(doc, { anchor, quote: '板书', author: zhang, body: 'c', now: 3 })
    expect(resolve(doc, second.threadId, { by: li, decision: '  作业分层布置  ', now: 10 })).toBe(
      true,
    )
    expect(resolve(doc, first.threadId, { by: li, decision: '导入控制在5分钟', now: 20 })).toBe(
      true,
    )
    expect(readThread(doc, second.threadId)).toMatchObject({
      resolved: true,
      resolvedBy: li.id,
      resolvedByName: '李红梅',
      resolvedAt: 10,
      decision: '作业分层布置',
    })
    expect(readDecisions(doc).map((d) => [d.quote, d.decision])).toEqual([
      ['作业设计', '作业分层布置'],
      ['导入环节', '导入控制在5分钟'],
    ])
    expect(reopen(doc, first.threadId)).toBe(true)
    expect(readThread(doc, first.threadId)).toMatchObject({ resolved: false, decision: null })
    expect(readDecisions(doc)).toHaveLength(1)
    expect(resolve(doc, 'missing', { by: li })).toBe(false)
    expect(reopen(doc, 'missing')).toBe(false)
    // Resolving without a decision is fine, and lists no decision.
    resolve(doc, first.threadId, { by: li, decision: '   ' })
    expect(readThread(doc, first.threadId)?.decision).toBeNull()
  })

  it('keeps long bodies within the limit', () => {
    const doc = new Y.Doc()
    const { threadId } = createThread(doc, {
      anchor,
      quote: 'q',
      author: wang,
      body: '字'.repeat(MAX_COMMENT_LENGTH + 50),
    })
    expect(readThread(doc, threadId)?.comments[0]?.body).toHaveLength(MAX_COMMENT_LENGTH)
  })

  it('merges concurrent replies and resolutions from two people', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const { threadId } = createThread(a, { anchor, quote: 'q', author: wang, body: 'first' })
    exchange(a, b)
    reply(a, threadId, { author: wang, body: 'from A' })
    reply(b, threadId, { author: zhang, body: 'from B' })
    resolve(b, threadId, { by: zhang, decision: '同意' })
    exchange(a, b)
    expect(readThreads(a)).toEqual(readThreads(b))
    expect(
      readThread(a, threadId)
        ?.comments.map((c) => c.body)
        .sort(),
    ).toEqual(['first', 'from A', 'from B'].sort())
    expect(readThread(a, threadId)?.decision).toBe('同意')
  })

  it('skips malformed entries instead of throwing', () => {
    const doc = new Y.Doc()
    const threads = doc.getMap<unknown>(THREADS_MAP)
    threads.set('junk', 'not a map')
    const noComments = new Y.Map<unknown>()
    noComments.set('id', 'empty')
    threads.set('empty', noComments)
    const badAnchor = new Y.Map<unknown>()
    badAnchor.set('id', 'bad')
    badAnchor.set('anchor', { start: 'x' })
    const comments = new Y.Array<unknown>()
    const comment = new Y.Map<unknown>()
    comment.set('id', 'c1')
    comment.set('body', 42)
    comments.push([comment, 'junk'])
    badAnchor.set('comments', comments)
    threads.set('bad', badAnchor)
    const read = readThreads(doc)
    expect(read).toHaveLength(1)
    expect(read[0]).toMatchObject({ id: 'bad', anchor: null, quote: '' })
    expect(read[0]?.comments).toEqual([
      {
        id: 'c1',
        authorId: '',
        authorName: '',
        authorSchool: '',
        body: '',
        mentions: [],
        createdAt: 0,
        editedAt: null,
      },
    ])
  })
})

describe('comment anchors in one document', () => {
  const plan = DEMO_PLANS[0]
  if (!plan) throw new Error('no demo plan')
  const json = planToJSON(demoPlanParts(plan, '王老师', '李老师'))

  function setup(): { ydoc: Y.Doc; fragment: Y.XmlFragment } {
    const ydoc = jsonToYDoc(json)
    return { ydoc, fragment: ydoc.getXmlFragment(PLAN_FRAGMENT) }
  }

  function view(fragment: Y.XmlFragment) {
    return planViewOf(fragment, planSchema())
  }

  /** A range inside the first paragraph of the document, by its offset within that text. */
  function firstTextRange(
    fragment: Y.XmlFragment,
    offset: number,
    length: number,
  ): { range: TextRange; text: Y.XmlText } {
    const { doc } = view(fragment)
    let found: TextRange | null = null
    doc.descendants((node, pos) => {
      if (found || !node.isTextblock || node.textContent.length < offset + length + 2) return !found
      found = { from: pos + 1 + offset, to: pos + 1 + offset + length }
      return false
    })
    if (!found) throw new Error('no long enough paragraph')
    const text = fragment.createTreeWalker((t) => t instanceof Y.XmlText && t.length > 0).next()
      .value as Y.XmlText
    return { range: found, text }
  }

  function textYAt(fragment: Y.XmlFragment, quote: string): { text: Y.XmlText; index: number } {
    for (const node of fragment.createTreeWalker((t) => t instanceof Y.XmlText)) {
      const text = node as Y.XmlText
      const index = text.toString().indexOf(quote)
      if (index >= 0) return { text, index }
    }
    throw new Error(`"${quote}" not found`)
  }

  it('covers the same words after insertions before, at both edges of and after the range', () => {
    const { ydoc, fragment } = setup()
    const { range } = firstTextRange(fragment, 2, 4)
    const first = view(fragment)
    const quote = textOfRange(first.doc, range)
    expect(quote).toHaveLength(4)
    const stored = anchorOfRange(ydoc, fragment, range, first.mapping)

    const { text, index } = textYAt(fragment, quote)
    text.insert(index + quote.length, '【后】') // right after the end
    text.insert(index, '【前】') // right before the start
    text.insert(0, '开头') // before, further away
    text.insert(text.length, '结尾') // after, further away
    const now = view(fragment)
    const state = resolveAnchor(ydoc, fragment, stored, now.mapping)
    expect(state.status).toBe('attached')
    if (state.status !== 'attached') return
    expect(textOfRange(now.doc, state.range)).toBe(quote)
    expect(state.range.from).toBe(range.from + 2 + 3)
  })

  it('follows its paragraph when paragraphs are inserted before it', () => {
    const { ydoc, fragment } = setup()
    const { range } = firstTextRange(fragment, 0, 3)
    const first = view(fragment)
    const quote = textOfRange(first.doc, range)
    const stored = anchorOfRange(ydoc, fragment, range, first.mapping)
    const { text } = textYAt(fragment, quote)
    const section = text.parent as Y.XmlElement
    const container = section.parent as Y.XmlElement
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('新加的一段')])
    container.insert(container.toArray().indexOf(section), [paragraph])
    const now = view(fragment)
    const state = resolveAnchor(ydoc, fragment, stored, now.mapping)
    expect(state.status).toBe('attached')
    if (state.status === 'attached') expect(textOfRange(now.doc, state.range)).toBe(quote)
  })

  it('shrinks to the surviving part, and detaches when all its text is deleted', () => {
    const { ydoc, fragment } = setup()
    const { range } = firstTextRange(fragment, 1, 6)
    const first = view(fragment)
    const quote = textOfRange(first.doc, range)
    const stored = anchorOfRange(ydoc, fragment, range, first.mapping)
    const { text, index } = textYAt(fragment, quote)
    text.delete(index, 2)
    const partly = view(fragment)
    const shrunk = resolveAnchor(ydoc, fragment, stored, partly.mapping)
    expect(shrunk.status).toBe('attached')
    if (shrunk.status === 'attached') {
      expect(textOfRange(partly.doc, shrunk.range)).toBe(quote.slice(2))
    }
    text.delete(index, quote.length - 2)
    const gone = view(fragment)
    expect(resolveAnchor(ydoc, fragment, stored, gone.mapping)).toEqual({ status: 'detached' })
  })

  it('spans several paragraphs', () => {
    const { ydoc, fragment } = setup()
    const first = view(fragment)
    const blocks: TextRange[] = []
    first.doc.descendants((node, pos) => {
      if (node.isTextblock && node.textContent.length > 4)
        blocks.push({ from: pos + 1, to: pos + 1 + node.content.size })
      return true
    })
    const [a, b] = blocks
    if (!a || !b) throw new Error('need two paragraphs')
    const range = { from: a.to - 2, to: b.from + 2 }
    const quote = textOfRange(first.doc, range)
    expect(quote).toContain('\n')
    const stored = anchorOfRange(ydoc, fragment, range, first.mapping)
    const { text, index } = textYAt(fragment, quote.split('\n')[0] as string)
    text.insert(index, '插入')
    const now = view(fragment)
    const state = resolveAnchor(ydoc, fragment, stored, now.mapping)
    expect(state.status).toBe('attached')
    if (state.status === 'attached') expect(textOfRange(now.doc, state.range)).toBe(quote)
  })
})
