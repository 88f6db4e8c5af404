import type { JSONContent } from '@tiptap/core'
import { normalizeHeader } from './header.ts'
import { minutesOf } from './minutes.ts'
import {
  PLAN_HEADER_NODE,
  type PlanHeaderFields,
  PROCESS_STEP_NODE,
  type ProseSectionKey,
  SECTIONS,
  STEP_COLUMNS,
} from './planSchema.ts'

/** One 教学过程 step as plain text. */
export interface PlanStepParts {
  /** Step name, e.g. 导入. */
  name: string
  /** Duration in minutes. */
  minutes: number
  /** 教师活动; a newline starts a new paragraph. */
  teacher: string
  /** 学生活动; a newline starts a new paragraph. */
  student: string
  /** 设计意图; a newline starts a new paragraph. */
  intent: string
}

/** A plan as plain data: header fields, prose sections as paragraphs, and the steps. */
export interface PlanParts {
  /** Header fields. */
  header: PlanHeaderFields
  /** Paragraphs of each prose section (an empty list gives one empty paragraph). */
  sections: Record<ProseSectionKey, string[]>
  /** 教学过程 steps (an empty list gives one empty step). */
  steps: PlanStepParts[]
}

/** Paragraph nodes for texts; every line is its own paragraph, and there is at least one. */
export function paragraphsJSON(texts: readonly string[]): JSONContent[] {
  const lines = texts.flatMap((text) => text.split(/\r?\n/))
  const nodes = lines.map(
    (line): JSONContent =>
      line === ''
        ? { type: 'paragraph' }
        : { type: 'paragraph', content: [{ type: 'text', text: line }] },
  )
  return nodes.length > 0 ? nodes : [{ type: 'paragraph' }]
}

/** One processStep node. */
export function stepJSON(step: PlanStepParts): JSONContent {
  return {
    type: PROCESS_STEP_NODE,
    attrs: { name: step.name, minutes: minutesOf(step.minutes) },
    content: STEP_COLUMNS.map((column) => ({
      type: column.node,
      content: paragraphsJSON([step[column.key]]),
    })),
  }
}

const EMPTY_STEP: PlanStepParts = { name: '', minutes: 0, teacher: '', student: '', intent: '' }

/** The ProseMirror JSON of a plan built from plain data; valid for the plan schema. */
export function planToJSON(parts: PlanParts): JSONContent {
  const steps = parts.steps.length > 0 ? parts.steps : [EMPTY_STEP]
  return {
    type: 'doc',
    content: [
      { type: PLAN_HEADER_NODE, attrs: { ...normalizeHeader({ ...parts.header }) } },
      ...SECTIONS.map(
        (section): JSONContent =>
          section.key === 'process'
            ? { type: section.node, content: steps.map(stepJSON) }
            : { type: section.node, content: paragraphsJSON(parts.sections[section.key]) },
      ),
    ],
  }
}

/** Template steps a new plan starts from; 新授 takes what the others leave of the lesson. */
export function templateSteps(lessonMinutes: number): PlanStepParts[] {
  const intro = 5
  const practice = 10
  const summary = 5
  const teach = Math.max(0, lessonMinutes - intro - practice - summary)
  const steps: Array<[string, number]> = [
    ['导入', intro],
    ['新授', teach],
    ['练习', practice],
    ['小结', summary],
  ]
  return steps.map(([name, minutes]) => ({ ...EMPTY_STEP, name, minutes }))
}

const EMPTY_SECTIONS: Record<ProseSectionKey, string[]> = {
  materialAnalysis: [],
  learnerAnalysis: [],
  objectives: [],
  keyPoints: [],
  difficulties: [],
  preparation: [],
  boardDesign: [],
  homework: [],
  reflection: [],
}

/**
 * The template a teacher starts from: the given header, one empty paragraph per section, and
 * the steps 导入, 新授, 练习, 小结 with empty columns whose minutes add up to the lesson length.
 */
export function emptyPlanJSON(header: Partial<PlanHeaderFields> = {}): JSONContent {
  const fields = normalizeHeader({ ...header })
  return planToJSON({
    header: fields,
    sections: EMPTY_SECTIONS,
    steps: templateSteps(fields.periodMinutes * fields.periods),
  })
}
