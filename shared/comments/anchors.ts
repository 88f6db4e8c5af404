/**
 * Comment anchors: a range of plan text held as two Yjs relative positions into the plan's
 * Y.XmlFragment, so the range stays on the same words while others edit. Conversion goes through
 * the y-tiptap binding's mapping (Y types ⇄ ProseMirror nodes): the editor passes its live
 * binding's mapping, the server and the tests one built with {@link planViewOf}.
 *
 * The start sticks to the first anchored character (text typed just before the range stays
 * outside) and the end to the last one (text typed just after stays outside).
 */
import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import {
  absolutePositionToRelativePosition,
  initProseMirrorDoc,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import type { CommentAnchor } from './threads.ts'

/** The binding's map from Y types to ProseMirror nodes. */
export type PositionMapping = ProsemirrorBinding['mapping']

/** A range of ProseMirror positions. */
export interface TextRange {
  from: number
  to: number
}

/** Where an anchor is now: its range, or detached when its text is gone. */
export type AnchorState = { status: 'attached'; range: TextRange } | { status: 'detached' }

/** Separator between blocks in a quote (the same everywhere a quote is compared). */
const BLOCK_SEPARATOR = '\n'

function asRelative(value: unknown): Y.RelativePosition | null {
  return value instanceof Y.RelativePosition ? value : null
}

/**
 * The start position: attached to the character at `from` (assoc 0), so an insertion right
 * before the range does not join it. Falls back to y-tiptap's own position when `from` is not
 * followed by a character of the same text node.
 */
function startPosition(
  ydoc: Y.Doc,
  fragment: Y.XmlFragment,
  from: number,
  mapping: PositionMapping,
): Y.RelativePosition {
  const plain = absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition
  const afterFirst = asRelative(absolutePositionToRelativePosition(from + 1, fragment, mapping))
  if (!afterFirst?.item || afterFirst.assoc >= 0) return plain
  const before = new Y.RelativePosition(afterFirst.type, afterFirst.tname, afterFirst.item, 0)
  return relativePositionToAbsolutePosition(ydoc, fragment, before, mapping) === from
    ? before
    : plain
}

/** An anchor for the range `from`–`to` of the document bound to `fragment`. */
export function anchorOfRange(
  ydoc: Y.Doc,
  fragment: Y.XmlFragment,
  range: TextRange,
  mapping: PositionMapping,
): CommentAnchor {
  const start = startPosition(ydoc, fragment, range.from, mapping)
  const end = absolutePositionToRelativePosition(range.to, fragment, mapping) as Y.RelativePosition
  return { start: Y.encodeRelativePosition(start), end: Y.encodeRelativePosition(end) }
}

/**
 * Where an anchor lies now, in the positions of the document bound to `fragment`: detached when
 * a position no longer resolves or nothing of the range is left.
 */
export function resolveAnchor(
  ydoc: Y.Doc,
  fragment: Y.XmlFragment,
  anchor: CommentAnchor,
  mapping: PositionMapping,
): AnchorState {
  let from: number | null
  let to: number | null
  try {
    from = relativePositionToAbsolutePosition(
      ydoc,
      fragment,
      Y.decodeRelativePosition(anchor.start),
      mapping,
    )
    to = relativePositionToAbsolutePosition(
      ydoc,
      fragment,
      Y.decodeRelativePosition(anchor.end),
      mapping,
    )
  } catch {
    return { status: 'detached' }
  }
  if (from === null || to === null || to <= from) return { status: 'detached' }
  return { status: 'attached', range: { from, to } }
}

/** The text of a range, with blocks separated by a newline (what a quote holds). */
export function textOfRange(doc: PMNode, range: TextRange): string {
  const size = doc.content.size
  const from = Math.max(0, Math.min(range.from, size))
  const to = Math.max(from, Math.min(range.to, size))
  return doc.textBetween(from, to, BLOCK_SEPARATOR)
}

/** A ProseMirror view of a Y.XmlFragment (document and mapping), without an editor. */
export function planViewOf(
  fragment: Y.XmlFragment,
  schema: Schema,
): { doc: PMNode; mapping: PositionMapping } {
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  return { doc, mapping }
}
