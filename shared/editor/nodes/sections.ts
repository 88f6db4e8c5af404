import type { Node } from '@tiptap/core'
import { PROCESS_STEP_NODE, PROSE_CONTENT, SECTIONS, type SectionDef } from '../planSchema.ts'
import { labelledContainerNode } from './dom.ts'

/** Attribute of the element wrapping a section's editable content. */
export const SECTION_BODY_ATTRIBUTE = 'data-section-body'

/**
 * A section node: `<section data-section="key">` with a non-editable `<h2>` title and a body.
 * It cannot be selected, dragged, joined or split, and the document's content expression makes
 * it impossible to delete or reorder.
 */
export function sectionNode(def: SectionDef, content: string): Node {
  return labelledContainerNode({
    name: def.node,
    content,
    tag: 'section',
    dataAttribute: 'data-section',
    key: def.key,
    labelTag: 'h2',
    label: def.label['zh-CN'],
    bodyAttribute: SECTION_BODY_ATTRIBUTE,
  })
}

/** The nine prose section nodes (content `block+`) and the 教学过程 node (content `processStep+`). */
export const SectionNodes: Node[] = SECTIONS.map((def) =>
  sectionNode(def, def.key === 'process' ? `${PROCESS_STEP_NODE}+` : PROSE_CONTENT),
)
