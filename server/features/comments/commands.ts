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
import { recordAudit } from '../../audit.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { notFound } from '../../domainError.ts'
import type { Logger } from '../../logger.ts'
import { loadDocumentRow } from '../documents/index.ts'
import { notify } from '../notifications/index.ts'
import {
  requireCommentAuthor,
  requireOpenThread,
  requireResolvedThread,
  requireThread,
} from './policy.ts'
import { canView, THREAD_REOPENED, THREAD_RESOLVED, threadTarget } from './queries.ts'

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
    const thread = requireThread(readThread(doc, threadId))
    const commentId = reply(doc, threadId, input)
    if (!commentId) throw notFound('Comment thread')
    return { commentId, earlier: participantsOf(thread) }
  })
}

/** Checks that the comment exists and is `userId`'s own. */
function ownComment(doc: Y.Doc, threadId: string, commentId: string, userId: string): void {
  requireCommentAuthor(requireThread(readThread(doc, threadId)), commentId, userId)
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

/**
 * Deletes `userId`'s own comment (its first comment deletes the whole thread); answers whether
 * the whole thread went.
 */
export function writeDelete(
  registry: DocumentRegistry,
  planId: string,
  ids: { threadId: string; commentId: string },
  userId: string,
): Promise<{ threadDeleted: boolean }> {
  return onComments(registry, planId, (doc) => {
    ownComment(doc, ids.threadId, ids.commentId, userId)
    deleteComment(doc, ids.threadId, ids.commentId)
    return { threadDeleted: readThread(doc, ids.threadId) === null }
  })
}

/** Logs a comment just written (the dashboard counts comments from this log, not the Y.Doc). */
export async function logComment(
  kdb: AppKysely,
  entry: {
    planId: string
    threadId: string
    commentId: string
    authorId: string
    schoolId: string
  },
): Promise<void> {
  await kdb
    .insertInto('commentLog')
    .values({
      commentId: entry.commentId,
      documentId: entry.planId,
      threadId: entry.threadId,
      authorId: entry.authorId,
      schoolId: entry.schoolId,
      createdAt: Date.now(),
      deletedAt: null,
    })
    .execute()
}

/** Marks a deleted comment (or every comment of a deleted thread) in the comment log. */
export async function logCommentDeleted(
  kdb: AppKysely,
  ids: { threadId: string; commentId: string; threadDeleted: boolean },
): Promise<void> {
  await kdb
    .updateTable('commentLog')
    .set({ deletedAt: Date.now() })
    .where((eb) =>
      ids.threadDeleted ? eb('threadId', '=', ids.threadId) : eb('commentId', '=', ids.commentId),
    )
    .where('deletedAt', 'is', null)
    .execute()
}

/** Resolves an open thread as `by`, with an optional decision; returns the decision kept. */
export function writeResolve(
  registry: DocumentRegistry,
  planId: string,
  threadId: string,
  input: { by: CommentAuthor; decision: string | undefined },
): Promise<{ decision: string | null }> {
  return onComments(registry, planId, (doc) => {
    requireOpenThread(requireThread(readThread(doc, threadId)))
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
    requireResolvedThread(requireThread(readThread(doc, threadId)))
    reopen(doc, threadId)
  })
}

/** Records who resolved (with the decision) or reopened a thread, as the server saw it. */
export async function recordResolution(
  kdb: AppKysely,
  event: {
    planId: string
    threadId: string
    actorId: string
    schoolId: string
    ip: string
    /** The decision when resolving; absent when reopening. */
    resolved: { decision: string | null } | null
  },
): Promise<void> {
  await recordAudit(kdb, {
    actorId: event.actorId,
    action: event.resolved ? THREAD_RESOLVED : THREAD_REOPENED,
    targetType: 'comment_thread',
    targetId: threadTarget(event.planId, event.threadId),
    schoolId: event.schoolId,
    ip: event.ip,
    details: event.resolved ? { decision: event.resolved.decision } : {},
  })
}

/**
 * Tells the people a new comment concerns, in the request that wrote it: the mentioned people
 * (who can view the plan) with 'mention', the thread's earlier participants with 'reply'; never
 * the author. A failure is logged and answered as nobody notified: the comment is written.
 */
export async function notifyOfComment(
  deps: { kdb: AppKysely; executor: SqlExecutor; log: Logger },
  input: {
    planId: string
    authorId: string
    body: string
    mentions: readonly string[]
    earlier: readonly string[]
  },
): Promise<{ mentioned: string[]; replied: string[] }> {
  const { kdb } = deps
  try {
    const plan = await loadDocumentRow(deps.kdb, input.planId)
    if (!plan) return { mentioned: [], replied: [] }
    const mentionTargets: string[] = []
    for (const userId of new Set(input.mentions)) {
      if (userId !== input.authorId && (await canView(kdb, userId, plan))) {
        mentionTargets.push(userId)
      }
    }
    const replyTargets: string[] = []
    for (const userId of new Set(input.earlier)) {
      if (userId === input.authorId || mentionTargets.includes(userId)) continue
      if (await canView(kdb, userId, plan)) replyTargets.push(userId)
    }
    const event = { actorId: input.authorId, documentId: input.planId, excerpt: input.body }
    return await inTransaction(deps.executor, async (ktx) => ({
      mentioned: await notify(ktx, mentionTargets, { kind: 'mention', ...event }),
      replied: await notify(ktx, replyTargets, { kind: 'reply', ...event }),
    }))
  } catch (error) {
    deps.log.warn({ err: error, documentId: input.planId }, 'comment notifications failed')
    return { mentioned: [], replied: [] }
  }
}
