/** Request schemas and answers of the comment endpoints (`/api/documents/:id/comments/…`). */
import { fromBase64, toBase64 } from 'lib0/buffer'
import { z } from 'zod'
import {
  type CommentAnchor,
  MAX_COMMENT_LENGTH,
  MAX_DECISION_LENGTH,
  MAX_QUOTE_LENGTH,
} from './threads.ts'

const id = z.string().min(1).max(64)

/** Longest encoded relative position of an anchor, in base64 characters. */
export const MAX_ANCHOR_POSITION_LENGTH = 512

/** Most people one comment can mention. */
export const MAX_MENTIONS = 50

const base64Position = z
  .string()
  .min(1)
  .max(MAX_ANCHOR_POSITION_LENGTH)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')

/** An anchor on the wire: the two encoded relative positions, in base64. */
export const anchorBody = z.object({ start: base64Position, end: base64Position }).strict()

/** An anchor as the endpoints take it. */
export type AnchorBody = z.infer<typeof anchorBody>

const commentText = z.string().trim().min(1).max(MAX_COMMENT_LENGTH)
const mentions = z.array(id).max(MAX_MENTIONS)

/** POST /api/documents/:id/comments/threads: a new thread with its first comment. */
export const createThreadBody = z
  .object({
    anchor: anchorBody,
    quote: z.string().max(MAX_QUOTE_LENGTH),
    body: commentText,
    mentions,
  })
  .strict()

/** POST …/threads/:threadId/replies: a reply; PATCH …/comments/:commentId: a new text. */
export const commentTextBody = z.object({ body: commentText, mentions }).strict()

/** POST …/threads/:threadId/resolve: resolve, with an optional decision (结论). */
export const resolveThreadBody = z
  .object({ decision: z.string().max(MAX_DECISION_LENGTH).optional() })
  .strict()

/** Answer of the endpoints that write a comment: its ids and who was notified. */
export interface CommentWritten {
  ok: true
  threadId: string
  commentId: string
  mentioned: string[]
  replied: string[]
}

/** An anchor in its wire form. */
export function encodeAnchor(anchor: CommentAnchor): AnchorBody {
  return { start: toBase64(anchor.start), end: toBase64(anchor.end) }
}

/** An anchor from its wire form (shape checked by {@link anchorBody}). */
export function decodeAnchor(body: AnchorBody): CommentAnchor {
  return { start: fromBase64(body.start), end: fromBase64(body.end) }
}

/** A person who can be @mentioned in a plan's comments (can at least view the plan). */
export interface MentionablePerson {
  userId: string
  displayName: string
  schoolName: string
}
