import * as Y from 'yjs'
import { z } from 'zod'
import {
  type AnchorBody,
  decodeAnchor,
  MAX_ANCHOR_POSITION_LENGTH,
  MAX_MENTIONS,
} from '../../../shared/comments/commentApi.ts'
import {
  type CommentAnchor,
  MAX_COMMENT_LENGTH,
  MAX_DECISION_LENGTH,
  MAX_QUOTE_LENGTH,
} from '../../../shared/comments/threads.ts'
import { badRequest } from '../../domainError.ts'

const id = z.string().min(1).max(64)

const base64Position = z
  .string()
  .min(1)
  .max(MAX_ANCHOR_POSITION_LENGTH)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')

/** An anchor on the wire: the two encoded relative positions, in base64. */
export const anchorBody = z.object({ start: base64Position, end: base64Position }).strict()

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

/** Body of POST /api/documents/:id/comments/threads. */
export type CreateThreadBody = z.infer<typeof createThreadBody>
/** Body of a reply or of a comment's new text. */
export type CommentTextBody = z.infer<typeof commentTextBody>
/** Body of POST …/threads/:threadId/resolve. */
export type ResolveThreadBody = z.infer<typeof resolveThreadBody>

/** An anchor from the body, refused (400) unless both positions decode as Yjs relative positions. */
export function anchorFrom(body: AnchorBody): CommentAnchor {
  const anchor = decodeAnchor(body)
  try {
    Y.decodeRelativePosition(anchor.start)
    Y.decodeRelativePosition(anchor.end)
  } catch {
    throw badRequest('anchor: not a pair of relative positions')
  }
  return anchor
}
