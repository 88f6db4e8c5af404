import type { JSONContent } from '@tiptap/core'
import {
  DEFAULT_HEADER,
  type PeriodMinutes,
  PLAN_HEADER_NODE,
  type PlanHeaderFields,
} from './planSchema.ts'

/** A number of periods from any attribute value: a positive integer, else 1. */
export function toPeriods(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : Number(value)
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_HEADER.periods
}

/** A period length from any attribute value: 40 when it says 40, else 45. */
export function toPeriodMinutes(value: unknown): PeriodMinutes {
  return Number(value) === 40 ? 40 : 45
}

function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return ''
}

/** Well-typed header fields from loose attributes (missing or malformed values get defaults). */
export function normalizeHeader(attrs: Record<string, unknown> | undefined): PlanHeaderFields {
  const a = attrs ?? {}
  return {
    subject: text(a.subject),
    grade: text(a.grade),
    textbookEdition: text(a.textbookEdition),
    unit: text(a.unit),
    lessonTitle: text(a.lessonTitle),
    lessonType: text(a.lessonType),
    periods: toPeriods(a.periods),
    periodMinutes: toPeriodMinutes(a.periodMinutes),
    mainPreparer: text(a.mainPreparer),
    participants: text(a.participants),
  }
}

/** The header fields of a plan document's JSON (defaults when it has no header). */
export function headerOf(json: JSONContent): PlanHeaderFields {
  const node = json.content?.find((child) => child.type === PLAN_HEADER_NODE)
  return normalizeHeader(node?.attrs)
}
