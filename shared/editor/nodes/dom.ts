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
