import { mergeAttributes, Node } from '@tiptap/core'
import { minutesOf } from '../minutes.ts'
import {
  PROCESS_STEP_NODE,
  PROSE_CONTENT,
  STEP_COLUMNS,
  STEP_CONTENT,
  type StepColumnDef,
} from '../planSchema.ts'
import { childWith, labelledContainerNode, labelSpec } from './dom.ts'

const STEP_BODY_ATTRIBUTE = 'data-step-columns'
const COLUMN_BODY_ATTRIBUTE = 'data-column-body'

/** One 教学过程 step: name and minutes as attributes, then its three columns. */
export const ProcessStep = Node.create({
  name: PROCESS_STEP_NODE,
  content: STEP_CONTENT,
  isolating: true,
  defining: true,
  draggable: false,

  addAttributes() {
    return {
      name: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-name') ?? '',
        renderHTML: (attributes) => ({ 'data-name': String(attributes.name ?? '') }),
      },
      minutes: {
        default: 0,
        parseHTML: (element) => minutesOf(element.getAttribute('data-minutes')),
        renderHTML: (attributes) => ({ 'data-minutes': String(minutesOf(attributes.minutes)) }),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'div[data-process-step]', contentElement: childWith(STEP_BODY_ATTRIBUTE) }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const name = typeof node.attrs.name === 'string' ? node.attrs.name : ''
    return [
      'div',
      mergeAttributes(HTMLAttributes, { 'data-process-step': '' }),
      labelSpec('div', `${name}（${minutesOf(node.attrs.minutes)}分钟）`),
      ['div', { [STEP_BODY_ATTRIBUTE]: '' }, 0],
    ]
  },
})

/** A step column node (教师活动 | 学生活动 | 设计意图), rendered as `<div data-column="key">`. */
export function stepColumnNode(def: StepColumnDef): Node {
  return labelledContainerNode({
    name: def.node,
    content: PROSE_CONTENT,
    tag: 'div',
    dataAttribute: 'data-column',
    key: def.key,
    labelTag: 'div',
    label: def.label['zh-CN'],
    bodyAttribute: COLUMN_BODY_ATTRIBUTE,
  })
}

/** The three step column nodes. */
export const StepColumnNodes: Node[] = STEP_COLUMNS.map(stepColumnNode)
