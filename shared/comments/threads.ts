/**
 * Comment threads of a plan, kept in the plan's companion comments document (see rooms.ts):
 * `ydoc.getMap('threads')` maps a thread id to a Y.Map with the thread's fields and a Y.Array of
 * comments. Pure: imports only yjs, so the browser, the server and the tests share it.
 *
 * Only the server writes with these (server/features/comments/commands.ts, behind the comment
 * endpoints that check who writes); the comments websocket is read-only. Readers here are
 * defensive against malformed entries (a bad entry is skipped, never thrown).
 */
import * as Y from 'yjs'

/** Name of the top-level map holding the threads. */
export const THREADS_MAP = 'threads'

/** Longest comment body, in characters. */
export const MAX_COMMENT_LENGTH = 4000

/** Longest decision text, in characters. */
export const MAX_DECISION_LENGTH = 1000

/** Longest quote kept with a thread, in characters. */
export const MAX_QUOTE_LENGTH = 500

/** A range of plan text as two encoded Yjs relative positions (`Y.encodeRelativePosition`). */
export interface CommentAnchor {
  start: Uint8Array
  end: Uint8Array
}

/** Who writes a comment, as shown next to it. */
export interface CommentAuthor {
  id: string
  name: string
  school: string
}

/** One comment of a thread, as a plain object. */
export interface CommentEntry {
  id: string
  authorId: string
  authorName: string
  authorSchool: string
  body: string
  /** Ids of the users mentioned with @. */
  mentions: string[]
  createdAt: number
  editedAt: number | null
}

/** A comment thread, as a plain object (for the sidebar and the session minutes). */
export interface CommentThread {
  id: string
  /** Null when the stored anchor is malformed. */
  anchor: CommentAnchor | null
  /** The anchored text when the thread was created. */
  quote: string
  authorId: string
  authorName: string
  authorSchool: string
  createdAt: number
  resolved: boolean
  resolvedBy: string | null
  resolvedByName: string | null
  resolvedAt: number | null
  /** The decision (结论) recorded when resolving, if any. */
  decision: string | null
  comments: CommentEntry[]
}

/** The decision of a resolved thread, for a session's minutes. */
export interface ThreadDecision {
  threadId: string
  quote: string
  decision: string
  resolvedByName: string | null
  resolvedAt: number | null
}

/** A random id (works in insecure browser contexts too, unlike `crypto.randomUUID`). */
export function newCommentId(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** The threads map of a comments document. */
export function threadsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(THREADS_MAP)
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> | null {
  const thread = threadsMap(doc).get(threadId)
  return thread instanceof Y.Map ? thread : null
}

function commentsOf(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> | null {
  const comments = thread.get('comments')
  return comments instanceof Y.Array ? (comments as Y.Array<Y.Map<unknown>>) : null
}

function cleanMentions(mentions: readonly string[]): string[] {
  return [...new Set(mentions.filter((id) => typeof id === 'string' && id.length > 0))]
}

function commentMap(
  id: string,
  author: CommentAuthor,
  body: string,
  mentions: readonly string[],
  now: number,
): Y.Map<unknown> {
  const comment = new Y.Map<unknown>()
  comment.set('id', id)
  comment.set('authorId', author.id)
  comment.set('authorName', author.name)
  comment.set('authorSchool', author.school)
  comment.set('body', body.slice(0, MAX_COMMENT_LENGTH))
  comment.set('mentions', cleanMentions(mentions))
  comment.set('createdAt', now)
  comment.set('editedAt', null)
  return comment
}

/** What a new thread needs. */
export interface NewThread {
  anchor: CommentAnchor
  quote: string
  author: CommentAuthor
  body: string
  mentions?: readonly string[]
  now?: number
  /** Fixed ids (tests); random otherwise. */
  threadId?: string
  commentId?: string
}

/** Creates a thread with its first comment; returns the ids of both. */
export function createThread(
  doc: Y.Doc,
  input: NewThread,
): { threadId: string; commentId: string } {
  const threadId = input.threadId ?? newCommentId()
  const commentId = input.commentId ?? newCommentId()
  const now = input.now ?? Date.now()
  doc.transact(() => {
    const thread = new Y.Map<unknown>()
    thread.set('id', threadId)
    thread.set('anchor', { start: input.anchor.start, end: input.anchor.end })
    thread.set('quote', input.quote.slice(0, MAX_QUOTE_LENGTH))
    thread.set('authorId', input.author.id)
    thread.set('authorName', input.author.name)
    thread.set('authorSchool', input.author.school)
    thread.set('createdAt', now)
    thread.set('resolved', false)
    thread.set('resolvedBy', null)
    thread.set('resolvedByName', null)
    thread.set('resolvedAt', null)
    thread.set('decision', null)
    const comments = new Y.Array<Y.Map<unknown>>()
    comments.push([commentMap(commentId, input.author, input.body, input.mentions ?? [], now)])
    thread.set('comments', comments)
    threadsMap(doc).set(threadId, thread)
  })
  return { threadId, commentId }
}

/** Adds a reply to a thread; returns its id, or null when the thread does not exist. */
export function reply(
  doc: Y.Doc,
  threadId: string,
  input: {
    author: CommentAuthor
    body: string
    mentions?: readonly string[]
    now?: number
    commentId?: string
  },
): string | null {
  const thread = threadMap(doc, threadId)
  const comments = thread && commentsOf(thread)
  if (!comments) return null
  const commentId = input.commentId ?? newCommentId()
  comments.push([
    commentMap(commentId, input.author, input.body, input.mentions ?? [], input.now ?? Date.now()),
  ])
  return commentId
}

function findComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
): { comments: Y.Array<Y.Map<unknown>>; index: number; comment: Y.Map<unknown> } | null {
  const thread = threadMap(doc, threadId)
  const comments = thread && commentsOf(thread)
  if (!comments) return null
  const list = comments.toArray()
  const index = list.findIndex((entry) => entry instanceof Y.Map && entry.get('id') === commentId)
  const comment = list[index]
  return comment ? { comments, index, comment } : null
}

/**
 * Changes a comment's text (and mentions), as its author; returns false when the comment does
 * not exist or `editorId` is not its author.
 */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  input: { editorId: string; body: string; mentions?: readonly string[]; now?: number },
): boolean {
  const found = findComment(doc, threadId, commentId)
  if (!found || found.comment.get('authorId') !== input.editorId) return false
  doc.transact(() => {
    found.comment.set('body', input.body.slice(0, MAX_COMMENT_LENGTH))
    if (input.mentions) found.comment.set('mentions', cleanMentions(input.mentions))
    found.comment.set('editedAt', input.now ?? Date.now())
  })
  return true
}

/**
 * Deletes a comment; deleting a thread's first comment deletes the whole thread (the replies
 * answer it). Returns false when the comment does not exist.
 */
export function deleteComment(doc: Y.Doc, threadId: string, commentId: string): boolean {
  const found = findComment(doc, threadId, commentId)
  if (!found) return false
  doc.transact(() => {
    if (found.index === 0) threadsMap(doc).delete(threadId)
    else found.comments.delete(found.index, 1)
  })
  return true
}

/** Resolves a thread, optionally with a decision (结论). Returns false for an unknown thread. */
export function resolve(
  doc: Y.Doc,
  threadId: string,
  input: { by: CommentAuthor; decision?: string; now?: number },
): boolean {
  const thread = threadMap(doc, threadId)
  if (!thread) return false
  const decision = input.decision?.trim().slice(0, MAX_DECISION_LENGTH) || null
  doc.transact(() => {
    thread.set('resolved', true)
    thread.set('resolvedBy', input.by.id)
    thread.set('resolvedByName', input.by.name)
    thread.set('resolvedAt', input.now ?? Date.now())
    thread.set('decision', decision)
  })
  return true
}

/** Reopens a resolved thread (its decision is cleared). Returns false for an unknown thread. */
export function reopen(doc: Y.Doc, threadId: string): boolean {
  const thread = threadMap(doc, threadId)
  if (!thread) return false
  doc.transact(() => {
    thread.set('resolved', false)
    thread.set('resolvedBy', null)
    thread.set('resolvedByName', null)
    thread.set('resolvedAt', null)
    thread.set('decision', null)
  })
  return true
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const numberOr = <T>(value: unknown, fallback: T): number | T =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback

function readAnchor(value: unknown): CommentAnchor | null {
  if (typeof value !== 'object' || value === null) return null
  const { start, end } = value as { start?: unknown; end?: unknown }
  return start instanceof Uint8Array && end instanceof Uint8Array ? { start, end } : null
}

function readComment(value: unknown): CommentEntry | null {
  if (!(value instanceof Y.Map)) return null
  const id = value.get('id')
  if (typeof id !== 'string') return null
  const mentions = value.get('mentions')
  return {
    id,
    authorId: text(value.get('authorId')),
    authorName: text(value.get('authorName')),
    authorSchool: text(value.get('authorSchool')),
    body: text(value.get('body')),
    mentions: Array.isArray(mentions)
      ? mentions.filter((m): m is string => typeof m === 'string')
      : [],
    createdAt: numberOr(value.get('createdAt'), 0),
    editedAt: numberOr(value.get('editedAt'), null),
  }
}

/** One thread as a plain object, or null when it does not exist or is malformed. */
export function readThread(doc: Y.Doc, threadId: string): CommentThread | null {
  const thread = threadMap(doc, threadId)
  if (!thread || thread.get('id') !== threadId) return null
  const comments = commentsOf(thread)
  const entries = (comments?.toArray() ?? [])
    .map(readComment)
    .filter((entry): entry is CommentEntry => entry !== null)
  if (entries.length === 0) return null
  return {
    id: threadId,
    anchor: readAnchor(thread.get('anchor')),
    quote: text(thread.get('quote')),
    authorId: text(thread.get('authorId')),
    authorName: text(thread.get('authorName')),
    authorSchool: text(thread.get('authorSchool')),
    createdAt: numberOr(thread.get('createdAt'), 0),
    resolved: thread.get('resolved') === true,
    resolvedBy: textOrNull(thread.get('resolvedBy')),
    resolvedByName: textOrNull(thread.get('resolvedByName')),
    resolvedAt: numberOr(thread.get('resolvedAt'), null),
    decision: textOrNull(thread.get('decision')),
    comments: entries,
  }
}

/** Every well-formed thread of a comments document, oldest first. */
export function readThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = []
  for (const threadId of threadsMap(doc).keys()) {
    const thread = readThread(doc, threadId)
    if (thread) threads.push(thread)
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** The decisions of resolved threads, oldest resolution first (for a session's minutes). */
export function readDecisions(doc: Y.Doc): ThreadDecision[] {
  return readThreads(doc)
    .filter((thread) => thread.resolved && thread.decision)
    .map((thread) => ({
      threadId: thread.id,
      quote: thread.quote,
      decision: thread.decision ?? '',
      resolvedByName: thread.resolvedByName,
      resolvedAt: thread.resolvedAt,
    }))
    .sort((a, b) => (a.resolvedAt ?? 0) - (b.resolvedAt ?? 0))
}

/** The people taking part in a thread: its author and everyone who commented. */
export function participantsOf(thread: CommentThread): string[] {
  return [...new Set([thread.authorId, ...thread.comments.map((comment) => comment.authorId)])]
}
