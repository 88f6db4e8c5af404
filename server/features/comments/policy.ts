import type { CommentThread } from '../../../shared/comments/threads.ts'
import { permits } from '../../../shared/domain.ts'
import { DomainError, forbidden, notFound } from '../../domainError.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
} from '../documents/index.ts'

/** Whether a viewer (null: the account is gone or disabled) may at least view the plan. */
export function mayView(viewer: AccessSubject | null, plan: AccessibleDocumentRow): boolean {
  return viewer !== null && documentPermission(viewer, plan) !== 'none'
}

/** A plan that exists and is not deleted: 404 otherwise. */
export function requireLivePlan(row: AccessibleDocumentRow | undefined): AccessibleDocumentRow {
  if (!row || row.deletedAt !== null) throw notFound('Document')
  return row
}

/** The caller must at least view the plan: 403 otherwise. */
export function requireViewer(viewer: AccessSubject | null, plan: AccessibleDocumentRow): void {
  if (!mayView(viewer, plan)) throw forbidden('You do not have access to this document')
}

/** The caller must be allowed to comment on the plan (whoever may comment may resolve): 403. */
export function requireCommenter(subject: AccessSubject, plan: AccessibleDocumentRow): void {
  if (!permits(documentPermission(subject, plan), 'comment')) {
    throw forbidden('You may not comment on this plan')
  }
}

/** A thread that exists: 404 otherwise. */
export function requireThread(thread: CommentThread | null): CommentThread {
  if (!thread) throw notFound('Comment thread')
  return thread
}

/** Only its author changes or deletes a comment: 404 for an unknown comment, 403 otherwise. */
export function requireCommentAuthor(
  thread: CommentThread,
  commentId: string,
  userId: string,
): void {
  const comment = thread.comments.find((entry) => entry.id === commentId)
  if (!comment) throw notFound('Comment')
  if (comment.authorId !== userId) {
    throw new DomainError('not_comment_author', 'Only its author can change a comment')
  }
}

/** Only an open thread is resolved: 409 `thread_resolved` otherwise. */
export function requireOpenThread(thread: CommentThread): void {
  if (thread.resolved) {
    throw new DomainError('thread_resolved', 'The thread is already resolved')
  }
}

/** Only a resolved thread is reopened: 409 `thread_open` otherwise. */
export function requireResolvedThread(thread: CommentThread): void {
  if (!thread.resolved) throw new DomainError('thread_open', 'The thread is not resolved')
}
