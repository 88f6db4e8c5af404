/**
 * Section-aware comparison and three-way merge of lesson plans (共案 ↔ 个案), on the plans'
 * ProseMirror JSON. Pure: no Yjs, no DOM, safe in the browser, on the server and in tests.
 */
import type { JSONContent } from '@tiptap/core'
import { headerOf } from './header.ts'
import {
  type BilingualLabel,
  HEADER_FIELDS,
  PLAN_HEADER_NODE,
  PROCESS_STEP_NODE,
  SECTIONS,
  type SectionKey,
  sectionByNode,
} from './planSchema.ts'
import { planText } from './planText.ts'

/** Key of a comparable part of a plan: the header or one of the ten sections. */
export type PlanPartKey = 'header' | SectionKey

/** Every comparable part, in document order. */
export const PLAN_PART_KEYS: readonly PlanPartKey[] = [
  'header',
  ...SECTIONS.map((section) => section.key),
]

/** Whether a string names a comparable part of a plan. */
export function isPlanPartKey(value: string): value is PlanPartKey {
  return (PLAN_PART_KEYS as readonly string[]).includes(value)
}

/** How a part differs between two plans. */
export type DiffStatus = 'same' | 'changed' | 'added' | 'removed'

/** The comparison of one 教学过程 step (matched by position). */
export interface StepComparison {
  /** Position of the step, from 0. */
  index: number
  /** Step name on the left side (empty when added). */
  leftName: string
  /** Step name on the right side (empty when removed). */
  rightName: string
  status: DiffStatus
}

/** The comparison of one part of two plans. */
export interface PartComparison {
  key: PlanPartKey
  /** Title of the part in both languages. */
  title: BilingualLabel
  status: DiffStatus
  /** Plain text of the part on the left side (e.g. the common plan). */
  leftText: string
  /** Plain text of the part on the right side (e.g. the personal plan). */
  rightText: string
  /** For the header: the labels of the fields that differ. */
  changedFields?: string[]
  /** For 教学过程: the steps compared by position. */
  steps?: StepComparison[]
}

const HEADER_TITLE: BilingualLabel = { 'zh-CN': '基本信息', en: 'Header' }

/** The JSON node of one part of a plan, or undefined when the plan lacks it. */
export function planPart(json: JSONContent, key: PlanPartKey): JSONContent | undefined {
  if (key === 'header') return json.content?.find((node) => node.type === PLAN_HEADER_NODE)
  return json.content?.find((node) => sectionByNode(node.type)?.key === key)
}

/** Title of a part in both languages. */
export function partTitle(key: PlanPartKey): BilingualLabel {
  if (key === 'header') return HEADER_TITLE
  return SECTIONS.find((section) => section.key === key)?.label ?? HEADER_TITLE
}

/** JSON with object keys in sorted order, so equal content serialises equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]))
  }
  return value
}

/** Whether two JSON nodes are equal in content (attributes, marks and text), key order aside. */
export function sameNode(a: JSONContent | undefined, b: JSONContent | undefined): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null))
}

/** Plain text of one part (without the section title). */
export function partText(json: JSONContent, key: PlanPartKey): string {
  const node = planPart(json, key)
  if (!node) return ''
  const text = planText({ type: 'doc', content: [node] })
  if (key === 'header') return text
  const lines = text.split('\n')
  return lines.slice(1).join('\n')
}

function statusOf(left: JSONContent | undefined, right: JSONContent | undefined): DiffStatus {
  if (!left && !right) return 'same'
  if (!left) return 'added'
  if (!right) return 'removed'
  return sameNode(left, right) ? 'same' : 'changed'
}

function stepsOf(node: JSONContent | undefined): JSONContent[] {
  return (node?.content ?? []).filter((step) => step.type === PROCESS_STEP_NODE)
}

function stepName(step: JSONContent | undefined): string {
  return typeof step?.attrs?.name === 'string' ? step.attrs.name : ''
}

function compareSteps(left: JSONContent | undefined, right: JSONContent | undefined) {
  const a = stepsOf(left)
  const b = stepsOf(right)
  const steps: StepComparison[] = []
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    steps.push({
      index,
      leftName: stepName(a[index]),
      rightName: stepName(b[index]),
      status: statusOf(a[index], b[index]),
    })
  }
  return steps
}

function changedHeaderFields(left: JSONContent, right: JSONContent): string[] {
  const a = headerOf(left)
  const b = headerOf(right)
  return HEADER_FIELDS.filter((field) => a[field.key] !== b[field.key]).map(
    (field) => field.label['zh-CN'],
  )
}

/**
 * Compares two plans part by part: the header (with the fields that differ), each section
 * (with both texts), and the 教学过程 steps by position.
 */
export function comparePlans(left: JSONContent, right: JSONContent): PartComparison[] {
  return PLAN_PART_KEYS.map((key) => {
    const a = planPart(left, key)
    const b = planPart(right, key)
    const comparison: PartComparison = {
      key,
      title: partTitle(key),
      status: statusOf(a, b),
      leftText: partText(left, key),
      rightText: partText(right, key),
    }
    if (key === 'header') comparison.changedFields = changedHeaderFields(left, right)
    if (key === 'process') comparison.steps = compareSteps(a, b)
    return comparison
  })
}

/** What a three-way merge decides for one part. */
export type MergeDecision =
  /** Neither side changed it since the base: nothing to do. */
  | 'unchanged'
  /** Only the personal plan changed it: kept. */
  | 'mine_only'
  /** Both sides arrived at the same content: nothing to do. */
  | 'same_change'
  /** Only the common plan changed it: its new content is taken. */
  | 'take_theirs'
  /** Both changed it differently: the personal content is kept unless the part was chosen. */
  | 'conflict_keep_mine'
  /** Both changed it differently and the teacher chose the common plan's content. */
  | 'conflict_take_theirs'

/** The decision for one part. */
export interface PartMerge {
  key: PlanPartKey
  decision: MergeDecision
}

/**
 * Three-way merge per part: parts the teacher left as they were in `base` take `theirs`; parts
 * the teacher changed are kept, unless listed in `chosen` (then `theirs` wins).
 */
export function mergePlanParts(
  base: JSONContent,
  theirs: JSONContent,
  mine: JSONContent,
  chosen: ReadonlySet<PlanPartKey> = new Set(),
): PartMerge[] {
  return PLAN_PART_KEYS.map((key) => {
    const b = planPart(base, key)
    const t = planPart(theirs, key)
    const m = planPart(mine, key)
    const theirsChanged = !sameNode(b, t)
    const mineChanged = !sameNode(b, m)
    let decision: MergeDecision
    if (!theirsChanged) decision = mineChanged ? 'mine_only' : 'unchanged'
    else if (!mineChanged) decision = 'take_theirs'
    else if (sameNode(t, m)) decision = 'same_change'
    else decision = chosen.has(key) ? 'conflict_take_theirs' : 'conflict_keep_mine'
    return { key, decision }
  })
}

/** Whether a merge decision replaces the personal content with the common plan's. */
export function takesTheirs(decision: MergeDecision): boolean {
  return decision === 'take_theirs' || decision === 'conflict_take_theirs'
}
