import type { EditorState, Transaction } from '@tiptap/pm/state'
import { PROSE_SECTION_KEYS, STEP_COLUMNS, sectionDef } from './planSchema.ts'

/** Node types whose content must hold at least one block. */
const BLOCK_CONTAINERS = new Set([
  ...PROSE_SECTION_KEYS.map((key) => sectionDef(key).node),
  ...STEP_COLUMNS.map((column) => column.node),
])

/**
 * A transaction putting an empty paragraph into every section or step column left without
 * content (two colleagues deleting the last paragraphs of one section at the same moment can
 * leave it empty after the merge: the CRDT does not know the schema); null when none is empty.
 */
export function fillEmptySections(state: EditorState): Transaction | null {
  const empty: number[] = []
  state.doc.descendants((node, position) => {
    if (BLOCK_CONTAINERS.has(node.type.name)) {
      if (node.childCount === 0) empty.push(position + 1)
      return false
    }
    return true
  })
  const paragraph = state.schema.nodes.paragraph
  if (empty.length === 0 || !paragraph) return null
  const transaction = state.tr
  for (const position of empty.reverse()) transaction.insert(position, paragraph.create())
  return transaction
}
