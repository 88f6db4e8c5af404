/**
 * Changes the server makes to a meeting record's Y.Doc: it replaces the items of one server-maintained
 * list (found by its `minutesRole` attribute) and touches nothing else, so people's notes in the
 * rest of the document survive every update.
 */
import * as Y from 'yjs'
import {
  RECORD_FRAGMENT,
  RECORD_NOTHING_YET,
  RECORD_ROLE_ATTRIBUTE,
  type RecordRole,
} from './recordSchema.ts'

/** The Y.XmlElement of a server-maintained list, if the document has it. */
export function findRoleList(ydoc: Y.Doc, role: RecordRole): Y.XmlElement | null {
  const fragment = ydoc.getXmlFragment(RECORD_FRAGMENT)
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement && child.getAttribute(RECORD_ROLE_ATTRIBUTE) === role) {
      return child
    }
  }
  return null
}

/** The text of each item of a list element. */
export function listElementLines(list: Y.XmlElement): string[] {
  return list.toArray().map((item) =>
    item instanceof Y.XmlElement
      ? item
          .toArray()
          .map((block) => (block instanceof Y.XmlElement ? textOf(block) : ''))
          .join('')
      : '',
  )
}

function textOf(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? (child.toDelta() as Array<{ insert?: unknown }>)
            .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
            .join('')
        : '',
    )
    .join('')
}

function listItem(line: string): Y.XmlElement {
  const item = new Y.XmlElement('listItem')
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(line)])
  item.insert(0, [paragraph])
  return item
}

/**
 * Makes the list hold exactly these lines (a single "nothing yet" item when empty). Items that
 * already read the same are kept; returns false when the list is missing or nothing changed.
 * Call inside a transaction (e.g. `registry.change`).
 */
export function replaceRoleListLines(
  ydoc: Y.Doc,
  role: RecordRole,
  lines: readonly string[],
): boolean {
  const list = findRoleList(ydoc, role)
  if (!list) return false
  const wanted = lines.length > 0 ? [...lines] : [RECORD_NOTHING_YET]
  const existing = listElementLines(list)
  let same = 0
  while (same < existing.length && same < wanted.length && existing[same] === wanted[same]) {
    same += 1
  }
  if (same === existing.length && same === wanted.length) return false
  if (existing.length > same) list.delete(same, existing.length - same)
  if (wanted.length > same) list.insert(same, wanted.slice(same).map(listItem))
  return true
}
