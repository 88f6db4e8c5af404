import type * as Y from 'yjs'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import {
  type CommentAnchor,
  type CommentAuthor,
  createThread,
  deleteComment,
  editComment,
  participantsOf,
  readThread,
  reopen,
  reply,
  resolve,
} from '../../../shared/comments/threads.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { DomainError, notFound } from '../../domainError.ts'

/**
 * Comment operations the server applies to a plan's comments document itself (through the
 * registry: stored, then relayed live to every open comments connection). The author and the
 * resolver are always the signed-in user the route passes in; each check and its change happen
 * in one synchronous step on the live document, so no other write can come between.
 */

/** Runs `edit` on the live comments document; a failure it throws changes nothing. */
async function onComments<T>(
  registry: DocumentRegistry,
  planId: string,
  edit: (doc: Y.Doc) => T,
): Promise<T> {
  const box: { outcome: { ok: true; value: T } | { ok: false; error: unknown } } = {
    outcome: { ok: false, error: new Error('the comments document was not changed') },
  }
  await registry.change(commentsRoomOf(planId), (doc) => {
    try {
      box.outcome = { ok: true, value: edit(doc) }
    } catch (error) {
      box.outcome = { ok: false, error }
    }
  })
  const { outcome } = box
  if (!outcome.ok) throw outcome.error
  return outcome.value
}

const threadNotFound = (): DomainError => notFound('Comment thread')

/** A new thread with its first comment by `author`; returns the new ids. */
export function writeThread(
  registry: DocumentRegistry,
  planId: string,
  input: {
    anchor: CommentAnchor
    quote: string
    author: CommentAuthor
    body: string
    mentions: readonly string[]
  },
): Promise<{ threadId: string; commentId: string }> {
  return onComments(registry, planId, (doc) => createThread(doc, input))
}

/**
 * A reply by `author`; returns its id and the people who took part in the thread before it
 * (they are told of the reply).
 */
export function writeReply(
  registry: DocumentRegistry,
  planId: string,
  threadId: string,
  input: { author: CommentAuthor; body: string; mentions: readonly string[] },
): Promise<{ commentId: string; earlier: string[] }> {
  return onComments(registry, planId, (doc) => {
    const thread = readThread(doc, threadId)
    if (!thread) throw threadNotFound()
    const commentId = reply(doc, threadId, input)
    if (!commentId) throw threadNotFound()
    return { commentId, earlier: participantsOf(thread) }
  })
}

function ownComment(doc: Y.Doc, threadId: string, commentId: string, userId: string): void {
  const thread = readThread(doc, threadId)
  if (!thread) throw threadNotFound()
  const comment = thread.comments.find((entry) => entry.id === commentId)
  if (!comment) throw notFound('Comment')
  if (comment.authorId !== userId) {
    throw new DomainError('not_comment_author', 'Only its author can change a comment')
  }
}

/** Changes the text of `userId`'s own comment (sets editedAt). */
export function writeEdit(
  registry: DocumentRegistry,
  planId: string,
  ids: { threadId: string; commentId: string },
  input: { userId: string; body: string; mentions: readonly string[] },
): Promise<void> {
  return onComments(registry, planId, (doc) => {
    ownComment(doc, ids.threadId, ids.commentId, input.userId)
    editComment(doc, ids.threadId, ids.commentId, {
      editorId: input.userId,
      body: input.body,
      mentions: input.mentions,
    })
  })
}

/** Deletes `userId`'s own comment (its first comment deletes the whole thread). */
export function writeDelete(
  registry: DocumentRegistry,
  planId: string,
  ids: { threadId: string; commentId: string },
  userId: string,
): Promise<void> {
  return onComments(registry, planId, (doc) => {
    ownComment(doc, ids.threadId, ids.commentId, userId)
    deleteComment(doc, ids.threadId, ids.commentId)
  })
}

/** Resolves an open thread as `by`, with an optional decision; returns the decision kept. */
export function writeResolve(
  registry: DocumentRegistry,
  planId: string,
  threadId: string,
  input: { by: CommentAuthor; decision: string | undefined },
): Promise<{ decision: string | null }> {
  return onComments(registry, planId, (doc) => {
    const thread = readThread(doc, threadId)
    if (!thread) throw threadNotFound()
    if (thread.resolved) {
      throw new DomainError('thread_resolved', 'The thread is already resolved')
    }
    resolve(doc, threadId, input)
    return { decision: readThread(doc, threadId)?.decision ?? null }
  })
}

/** Reopens a resolved thread (its decision is cleared). */
export function writeReopen(
  registry: DocumentRegistry,
  planId: string,
  threadId: string,
): Promise<void> {
  return onComments(registry, planId, (doc) => {
    const thread = readThread(doc, threadId)
    if (!thread) throw threadNotFound()
    if (!thread.resolved) throw new DomainError('thread_open', 'The thread is not resolved')
    reopen(doc, threadId)
  })
}
