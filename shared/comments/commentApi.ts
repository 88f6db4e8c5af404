/** Wire forms, limits and answers of the comment endpoints (`/api/documents/:id/comments/…`). */
import { fromBase64, toBase64 } from 'lib0/buffer'
import type { CommentAnchor } from './threads.ts'

/** Longest encoded relative position of an anchor, in base64 characters. */
export const MAX_ANCHOR_POSITION_LENGTH = 512

/** Most people one comment can mention. */
export const MAX_MENTIONS = 50

/**
 * An anchor on the wire: the two encoded relative positions, in base64 (the server's request
 * schema checks the shape).
 */
export interface AnchorBody {
  start: string
  end: string
}

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

/** An anchor from its wire form (its shape already checked). */
export function decodeAnchor(body: AnchorBody): CommentAnchor {
  return { start: fromBase64(body.start), end: fromBase64(body.end) }
}

/** A person who can be @mentioned in a plan's comments (can at least view the plan). */
export interface MentionablePerson {
  userId: string
  displayName: string
  schoolName: string
}
