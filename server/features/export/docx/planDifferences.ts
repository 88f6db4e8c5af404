import type { JSONContent } from '@tiptap/core'
import { headerOf } from '../../../../shared/editor/header.ts'
import { minutesOf } from '../../../../shared/editor/minutes.ts'
import { comparePlans, type DiffStatus, planPart } from '../../../../shared/editor/planDiff.ts'
import {
  HEADER_FIELDS,
  PROCESS_STEP_NODE,
  STEP_COLUMNS,
} from '../../../../shared/editor/planSchema.ts'
import { planText } from '../../../../shared/editor/planText.ts'

/** One line of the appendix: something added, removed or changed in the 个案. */
export interface DifferenceLine {
  kind: 'added' | 'removed' | 'changed'
  text: string
}

/** What changed in one part of the plan (header, a section) compared with the common plan. */
export interface PartDifference {
  /** The part's title (zh-CN), e.g. 教学重点. */
  title: string
  status: Exclude<DiffStatus, 'same'>
  lines: DifferenceLine[]
}

function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/**
 * The lines only on the left (removed) and only on the right (added), by a longest common
 * subsequence of the lines: parts of a plan are short, so the quadratic table is cheap.
 */
export function lineChanges(left: string, right: string): DifferenceLine[] {
  const a = nonEmptyLines(left)
  const b = nonEmptyLines(right)
  const common: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  )
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const row = common[i] as number[]
      const below = common[i + 1] as number[]
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  const lines: DifferenceLine[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1
      j += 1
    } else if (
      j < b.length &&
      (i >= a.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))
    ) {
      lines.push({ kind: 'added', text: b[j] as string })
      j += 1
    } else {
      lines.push({ kind: 'removed', text: a[i] as string })
      i += 1
    }
  }
  return lines
}

function shown(value: string | number): string {
  return String(value) === '' ? '（空）' : String(value)
}

function headerLines(common: JSONContent, personal: JSONContent): DifferenceLine[] {
  const a = headerOf(common)
  const b = headerOf(personal)
  return HEADER_FIELDS.filter((field) => String(a[field.key]) !== String(b[field.key])).map(
    (field) => ({
      kind: 'changed' as const,
      text: `${field.label['zh-CN']}：“${shown(a[field.key])}” → “${shown(b[field.key])}”`,
    }),
  )
}

function stepsOf(json: JSONContent): JSONContent[] {
  return (planPart(json, 'process')?.content ?? []).filter(
    (node) => node.type === PROCESS_STEP_NODE,
  )
}

function stepName(step: JSONContent): string {
  const name = typeof step.attrs?.name === 'string' ? step.attrs.name : ''
  return name || '（未命名）'
}

function columnText(step: JSONContent, node: string): string {
  const column = (step.content ?? []).find((child) => child.type === node)
  return column ? planText({ type: 'doc', content: column.content ?? [] }) : ''
}

function stepLines(common: JSONContent, personal: JSONContent, index: number): DifferenceLine[] {
  const a = stepsOf(common)[index]
  const b = stepsOf(personal)[index]
  const place = `第 ${index + 1} 个环节`
  if (!a && b) {
    return [
      {
        kind: 'added',
        text: `${place}「${stepName(b)}」（${minutesOf(b.attrs?.minutes)} 分钟）`,
      },
    ]
  }
  if (a && !b) return [{ kind: 'removed', text: `${place}「${stepName(a)}」` }]
  if (!a || !b) return []
  const lines: DifferenceLine[] = []
  if (stepName(a) !== stepName(b)) {
    lines.push({ kind: 'changed', text: `${place}名称：“${stepName(a)}” → “${stepName(b)}”` })
  }
  const minutesA = minutesOf(a.attrs?.minutes)
  const minutesB = minutesOf(b.attrs?.minutes)
  if (minutesA !== minutesB) {
    lines.push({
      kind: 'changed',
      text: `${place}「${stepName(b)}」时间：${minutesA} 分钟 → ${minutesB} 分钟`,
    })
  }
  for (const column of STEP_COLUMNS) {
    for (const line of lineChanges(columnText(a, column.node), columnText(b, column.node))) {
      lines.push({
        kind: line.kind,
        text: `${place}「${stepName(b)}」${column.label['zh-CN']}：${line.text}`,
      })
    }
  }
  return lines
}

/**
 * What a 个案 changed compared with the common plan it builds on, per part (header fields,
 * sections, 教学过程 steps by position), from `comparePlans`; unchanged parts are left out.
 */
export function planDifferences(common: JSONContent, personal: JSONContent): PartDifference[] {
  const differences: PartDifference[] = []
  for (const part of comparePlans(common, personal)) {
    if (part.status === 'same') continue
    let lines: DifferenceLine[]
    if (part.key === 'header') lines = headerLines(common, personal)
    else if (part.key === 'process') {
      lines = (part.steps ?? [])
        .filter((step) => step.status !== 'same')
        .flatMap((step) => stepLines(common, personal, step.index))
      // Text of the section outside its steps (rare) still shows up.
      if (lines.length === 0) lines = lineChanges(part.leftText, part.rightText)
    } else lines = lineChanges(part.leftText, part.rightText)
    differences.push({ title: part.title['zh-CN'], status: part.status, lines })
  }
  return differences
}
