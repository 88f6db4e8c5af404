import { type Attribute, mergeAttributes, Node } from '@tiptap/core'
import type { DOMOutputSpec } from '@tiptap/pm/model'
import { normalizeHeader, toPeriodMinutes, toPeriods } from '../header.ts'
import {
  DEFAULT_HEADER,
  HEADER_FIELDS,
  type HeaderFieldDef,
  PLAN_HEADER_NODE,
} from '../planSchema.ts'
import { labelSpec } from './dom.ts'

function parseField(field: HeaderFieldDef, element: HTMLElement): string | number {
  const raw = element.getAttribute(field.dataAttribute)
  if (field.key === 'periods') return toPeriods(raw)
  if (field.key === 'periodMinutes') return toPeriodMinutes(raw)
  return raw ?? ''
}

function headerAttribute(field: HeaderFieldDef): Attribute {
  return {
    default: DEFAULT_HEADER[field.key],
    parseHTML: (element) => parseField(field, element),
    renderHTML: (attributes) => ({ [field.dataAttribute]: String(attributes[field.key] ?? '') }),
  }
}

/**
 * The plan header: an atom holding the header fields as attributes, rendered as
 * `<header data-plan-header data-subject=… …>` with a read-only summary for exports.
 */
export const PlanHeader = Node.create({
  name: PLAN_HEADER_NODE,
  atom: true,
  isolating: true,
  selectable: false,
  draggable: false,

  addAttributes() {
    return Object.fromEntries(HEADER_FIELDS.map((field) => [field.key, headerAttribute(field)]))
  },

  parseHTML() {
    return [{ tag: 'header[data-plan-header]' }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const header = normalizeHeader(node.attrs)
    const rows: DOMOutputSpec[] = HEADER_FIELDS.filter(
      (field) => field.key !== 'lessonTitle',
    ).flatMap((field) => [
      labelSpec('dt', field.label['zh-CN']),
      labelSpec('dd', String(header[field.key])),
    ])
    return [
      'header',
      mergeAttributes(HTMLAttributes, { 'data-plan-header': '' }),
      labelSpec('h1', header.lessonTitle),
      ['dl', {}, ...rows],
    ]
  },
})
