import { Node } from '@tiptap/core'
import { DOC_CONTENT } from '../planSchema.ts'
import { LABEL_ATTRIBUTE } from './dom.ts'

/**
 * The top node: exactly the header and the ten sections, in order. Any step that would remove,
 * duplicate or reorder a section produces an invalid document and fails.
 */
export const PlanDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: DOC_CONTENT,

  parseHTML() {
    // Decorative labels are rendered by the nodes themselves; never parse them as text.
    return [{ tag: `[${LABEL_ATTRIBUTE}]`, ignore: true }]
  },
})
