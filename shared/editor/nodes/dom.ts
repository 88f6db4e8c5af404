import { mergeAttributes, Node } from '@tiptap/core'
import type { DOMOutputSpec } from '@tiptap/pm/model'

/**
 * Attribute marking decorative, non-editable labels (section titles, column titles, the header
 * summary): the parser ignores them, so HTML export and copy/paste round-trip.
 */
export const LABEL_ATTRIBUTE = 'data-plan-label'

/** A non-editable label element that the HTML parser ignores. */
export function labelSpec(tag: string, text: string): DOMOutputSpec {
  return [tag, { contenteditable: 'false', [LABEL_ATTRIBUTE]: '' }, text]
}

/**
 * A parse-rule `contentElement` picking the direct child carrying `attribute` (the element that
 * held the content hole), or the element itself when it is missing. Runs only in a DOM.
 */
export function childWith(attribute: string): (element: HTMLElement) => HTMLElement {
  return (element) => element.querySelector<HTMLElement>(`:scope > [${attribute}]`) ?? element
}

/** What a labelled container node looks like in HTML. */
export interface LabelledContainerSpec {
  /** Node type name. */
  name: string
  /** ProseMirror content expression. */
  content: string
  /** Element name, e.g. `section` or `div`. */
  tag: string
  /** Attribute identifying the node, e.g. `data-section`, with its value. */
  dataAttribute: string
  key: string
  /** Element and text of the non-editable label. */
  labelTag: string
  label: string
  /** Attribute of the element holding the editable content. */
  bodyAttribute: string
}

/**
 * A container that cannot be selected, dragged, joined or split, rendered as
 * `<tag data-x="key"><label/><div data-body>content</div></tag>`; its HTML parses back.
 */
export function labelledContainerNode(spec: LabelledContainerSpec): Node {
  return Node.create({
    name: spec.name,
    content: spec.content,
    isolating: true,
    defining: true,
    selectable: false,
    draggable: false,

    parseHTML() {
      return [
        {
          tag: `${spec.tag}[${spec.dataAttribute}="${spec.key}"]`,
          contentElement: childWith(spec.bodyAttribute),
        },
      ]
    },

    renderHTML({ HTMLAttributes }) {
      return [
        spec.tag,
        mergeAttributes(HTMLAttributes, { [spec.dataAttribute]: spec.key }),
        labelSpec(spec.labelTag, spec.label),
        ['div', { [spec.bodyAttribute]: '' }, 0],
      ]
    },
  })
}
