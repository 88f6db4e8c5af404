import type { JSONContent } from '@tiptap/core'
import { headerOf } from './header.ts'
import { PROCESS_STEP_NODE, TEACHING_PROCESS_NODE } from './planSchema.ts'

/** Name and duration of one 教学过程 step. */
export interface StepMinutes {
  /** Step name, e.g. 导入. */
  name: string
  /** Duration in minutes. */
  minutes: number
}

/** Minutes of the 教学过程 checked against the lesson's length. */
export interface MinutesSummary {
  /** Sum of the steps' minutes. */
  total: number
  /** Length of the lesson: periodMinutes × periods from the header. */
  period: number
  /** Whether total differs from period. */
  mismatch: boolean
}

/** A step duration from any attribute value: a non-negative whole number of minutes, else 0. */
export function minutesOf(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseFloat(value) : Number(value)
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0
}

/** The steps of the 教学过程 section of a plan's ProseMirror JSON, in order. */
export function processSteps(json: JSONContent): StepMinutes[] {
  const process = json.content?.find((child) => child.type === TEACHING_PROCESS_NODE)
  return (process?.content ?? [])
    .filter((step) => step.type === PROCESS_STEP_NODE)
    .map((step) => ({
      name: typeof step.attrs?.name === 'string' ? step.attrs.name : '',
      minutes: minutesOf(step.attrs?.minutes),
    }))
}

/** Total minutes of the steps, the lesson length, and whether they differ. */
export function minutesSummary(json: JSONContent): MinutesSummary {
  const total = processSteps(json).reduce((sum, step) => sum + step.minutes, 0)
  const header = headerOf(json)
  const period = header.periodMinutes * header.periods
  return { total, period, mismatch: total !== period }
}
