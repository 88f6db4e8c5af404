import type { JSONContent } from '@tiptap/core'
import { headerOf } from './header.ts'
import { minutesOf } from './minutes.ts'
import {
  HEADER_FIELDS,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  STEP_COLUMNS,
  sectionByNode,
} from './planSchema.ts'

const INLINE_TYPES = new Set(['text', 'hardBreak'])

/** Text of inline content; hard breaks become newlines. */
function inlineText(node: JSONContent): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : ''
  if (node.type === 'hardBreak') return '\n'
  return (node.content ?? []).map(inlineText).join('')
}

/** Non-empty text lines of block content: one per textblock, one per table row. */
function blockLines(node: JSONContent, out: string[]): string[] {
  const children = node.content ?? []
  if (node.type === 'image') {
    const alt = node.attrs?.alt
    if (typeof alt === 'string' && alt.trim() !== '') out.push(alt.trim())
  } else if (node.type === 'tableRow') {
    const cells = children.map((cell) => blockLines(cell, []).join(' ')).filter((c) => c !== '')
    if (cells.length > 0) out.push(cells.join(' | '))
  } else if (node.type === 'paragraph' || node.type === 'heading' || children.some(isInline)) {
    for (const line of inlineText(node).split('\n')) if (line.trim() !== '') out.push(line)
  } else {
    for (const child of children) blockLines(child, out)
  }
  return out
}

function isInline(node: JSONContent): boolean {
  return INLINE_TYPES.has(node.type ?? '')
}

function headerText(json: JSONContent): string[] {
  const header = headerOf(json)
  const fields = HEADER_FIELDS.filter((field) => field.key !== 'lessonTitle')
    .map((field) => [field.label['zh-CN'], String(header[field.key])] as const)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}：${value}`)
  return [header.lessonTitle, fields.join('　')].filter((line) => line !== '')
}

function stepText(step: JSONContent): string[] {
  const name = typeof step.attrs?.name === 'string' ? step.attrs.name : ''
  const lines = [`${name}（${minutesOf(step.attrs?.minutes)}分钟）`]
  STEP_COLUMNS.forEach((column, index) => {
    const columnNode = step.content?.[index]
    const text = columnNode ? blockLines(columnNode, []).join('\n') : ''
    lines.push(`${column.label['zh-CN']}：${text}`)
  })
  return lines
}

function sectionText(node: JSONContent): string[] {
  const title = sectionByNode(node.type)?.label['zh-CN']
  const body =
    node.type === 'teachingProcess'
      ? (node.content ?? []).filter((s) => s.type === PROCESS_STEP_NODE).flatMap(stepText)
      : blockLines(node, [])
  return title === undefined ? body : [title, ...body]
}

/**
 * Plain text of a plan for full-text search and previews: the header, then each section's
 * title and text, sections separated by blank lines; steps as "name（n分钟）" followed by
 * "教师活动：…", "学生活动：…", "设计意图：…".
 */
export function planText(json: JSONContent): string {
  const blocks = (json.content ?? []).map((node) =>
    node.type === PLAN_HEADER_NODE ? headerText(json) : sectionText(node),
  )
  return blocks
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')
}
