/** Request schemas and answers of the comment endpoints (`/api/documents/:id/comments/…`). */
import { z } from 'zod'

const id = z.string().min(1).max(64)

/** POST /api/documents/:id/comments/notify: tell the people a new comment concerns. */
export const notifyCommentBody = z.object({ threadId: id, commentId: id }).strict()

/** The body of POST /api/documents/:id/comments/notify. */
export type NotifyCommentBody = z.infer<typeof notifyCommentBody>

/** Answer of the notify endpoint: who was notified, and whether it had been done before. */
export interface NotifyCommentResult {
  ok: true
  mentioned: string[]
  replied: string[]
  alreadyNotified: boolean
}

/** A person who can be @mentioned in a plan's comments (can at least view the plan). */
export interface MentionablePerson {
  userId: string
  displayName: string
  schoolName: string
}
