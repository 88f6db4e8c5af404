/**
 * Pure scoring of observation sheets, the same on the server (the report) and on the phone (the
 * live total while scoring).
 *
 * - An item's score is its weight × the mean of its scored points ÷ the scale's maximum
 *   (all 优 = the full weight, all 良 on a 5/4/3/2 scale = 80 % of it).
 * - A sheet's base is the sum of its scored items; its base maximum the sum of those items'
 *   weights (100 for a complete percent-weighted form). Partly scored items count with the points
 *   scored so far, so the live total is meaningful before the sheet is complete.
 * - Bonus: each bonus item up to its own maximum, the sum up to the rubric's bonus cap.
 * - Total = base + bonus (so 100 + 3 = 103 at most on the seeded weighted form); percent =
 *   total ÷ base maximum × 100, capped at 100; the grade is the first threshold the percent
 *   reaches, else the fallback grade.
 * - Spread over observers: count, mean, min, max and the population standard deviation (the
 *   observers of a lesson are the whole set, not a sample).
 * - Actual minutes of a step: from its start to the next recorded start (or the end of the
 *   lesson); across observers, the median.
 */
import type { GradeThreshold, RubricDefinition, RubricItem } from './rubric.ts'
import { scaleMaximum } from './rubric.ts'

/** Scores of one sheet: point key → scale value. */
export type PointScores = Readonly<Record<string, number>>
/** Bonus points of one sheet: bonus key → points. */
export type BonusScores = Readonly<Record<string, number>>

/** The score of one item on one sheet. */
export interface ItemScore {
  key: string
  /** Points of the item that were scored. */
  scoredPoints: number
  /** Points of the item in all. */
  totalPoints: number
  /** Mean scored value ÷ scale maximum (0–1); null when none of its points is scored. */
  fraction: number | null
  /** weight × fraction; null when unscored. */
  score: number | null
}

/** The total of one sheet. */
export interface SheetTotal {
  items: ItemScore[]
  /** Sum of the scored items' scores. */
  base: number
  /** Sum of the scored items' weights. */
  baseMax: number
  /** Bonus after the per-item maximum and the cap. */
  bonus: number
  /** base + bonus. */
  total: number
  /** total ÷ baseMax × 100, at most 100; null when nothing is scored. */
  percent: number | null
  /** The grade of the percent; null when nothing is scored. */
  grade: string | null
  /** Whether every point of the rubric is scored. */
  complete: boolean
}

/** Count, mean, min, max and population standard deviation of some numbers. */
export interface Spread {
  count: number
  mean: number
  min: number
  max: number
  stdDev: number
}

/** A 教学过程 step as planned (from the pinned plan version). */
export interface PlannedStep {
  name: string
  minutes: number
}

/** When an observer saw each step start (step index → epoch ms) and the lesson end. */
export interface StepTimings {
  starts: Readonly<Record<number, number>>
  endedAt: number | null
}

/** Planned and actual minutes of one step. */
export interface StepMinutesComparison {
  index: number
  name: string
  planned: number
  /** Actual minutes; null when the step's start or the next mark is missing. */
  actual: number | null
}

/** The score of one item from a sheet's point scores. */
export function itemScore(
  definition: RubricDefinition,
  item: RubricItem,
  scores: PointScores,
): ItemScore {
  const max = scaleMaximum(definition)
  const values = item.points
    .map((point) => scores[point.key])
    .filter((value): value is number => typeof value === 'number')
  const fraction =
    values.length === 0 || max <= 0
      ? null
      : values.reduce((sum, value) => sum + value, 0) / values.length / max
  return {
    key: item.key,
    scoredPoints: values.length,
    totalPoints: item.points.length,
    fraction,
    score: fraction === null ? null : item.weight * fraction,
  }
}

/** The bonus of a sheet: each item up to its maximum, negative values as 0, the sum up to the cap. */
export function cappedBonus(definition: RubricDefinition, bonus: BonusScores): number {
  const sum = definition.bonus.reduce((acc, item) => {
    const value = bonus[item.key] ?? 0
    return acc + Math.min(item.max, Math.max(0, value))
  }, 0)
  return Math.min(definition.bonusCap, sum)
}

/** total ÷ baseMax × 100, at most 100; null when baseMax is 0. */
export function percentOf(total: number, baseMax: number): number | null {
  if (baseMax <= 0) return null
  return Math.min(100, (total / baseMax) * 100)
}

/** The first grade whose threshold the percent reaches (grades highest first), else the fallback. */
export function gradeOf(
  percent: number,
  grades: readonly GradeThreshold[],
  fallback: string,
): string {
  // A tiny tolerance so that 0.9 × 100 computed in floating point still reaches 90.
  const reached = grades.find((grade) => percent + 1e-9 >= grade.minPercent)
  return reached ? reached.label : fallback
}

/** The weighted total, percent and grade of one sheet. */
export function sheetTotal(
  definition: RubricDefinition,
  scores: PointScores,
  bonus: BonusScores,
): SheetTotal {
  const items = definition.items.map((item) => itemScore(definition, item, scores))
  let base = 0
  let baseMax = 0
  for (const [i, score] of items.entries()) {
    if (score.score === null) continue
    base += score.score
    baseMax += definition.items[i]?.weight ?? 0
  }
  const bonusPoints = cappedBonus(definition, bonus)
  const total = base + bonusPoints
  const percent = percentOf(total, baseMax)
  return {
    items,
    base,
    baseMax,
    bonus: bonusPoints,
    total,
    percent,
    grade: percent === null ? null : gradeOf(percent, definition.grades, definition.fallbackGrade),
    complete: items.every((item) => item.scoredPoints === item.totalPoints),
  }
}

/** Count, mean, min, max and population standard deviation; null for no values. */
export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length === 0) return null
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length
  return {
    count: values.length,
    mean,
    min: Math.min(...values),
    max: Math.max(...values),
    stdDev: Math.sqrt(variance),
  }
}

/** The median (the mean of the middle two for an even count); null for no values. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] ?? null
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/**
 * Planned vs actual minutes per step for one observer: a step lasts from its start to the next
 * later step that has a start, or to the end of the lesson after the last one.
 */
export function stepMinutes(
  steps: readonly PlannedStep[],
  timings: StepTimings,
): StepMinutesComparison[] {
  return steps.map((step, index) => {
    const start = timings.starts[index]
    let next: number | null = null
    for (let later = index + 1; later < steps.length && next === null; later++) {
      next = timings.starts[later] ?? null
    }
    if (next === null) next = timings.endedAt
    const actual =
      start === undefined || next === null || next < start ? null : (next - start) / 60_000
    return { index, name: step.name, planned: step.minutes, actual }
  })
}

/**
 * Planned vs actual minutes per step over several observers: the median of each step's actual
 * minutes among the observers who timed it.
 */
export function medianStepMinutes(
  steps: readonly PlannedStep[],
  observers: readonly StepTimings[],
): StepMinutesComparison[] {
  const perObserver = observers.map((timings) => stepMinutes(steps, timings))
  return steps.map((step, index) => ({
    index,
    name: step.name,
    planned: step.minutes,
    actual: medianOf(
      perObserver
        .map((rows) => rows[index]?.actual ?? null)
        .filter((value): value is number => value !== null),
    ),
  }))
}

/** A candidate for the 评课 agenda: an item or point and its mean fraction over observers. */
export interface AgendaCandidate {
  key: string
  label: string
  meanFraction: number | null
}

/**
 * The lowest-scoring candidates, lowest first, ties kept in rubric order; unscored ones are left
 * out. These become the agenda of the 评课 meeting.
 */
export function lowestScoring<T extends AgendaCandidate>(
  candidates: readonly T[],
  count: number,
): T[] {
  return candidates
    .map((candidate, order) => ({ candidate, order }))
    .filter((entry) => entry.candidate.meanFraction !== null)
    .sort(
      (a, b) =>
        (a.candidate.meanFraction ?? 0) - (b.candidate.meanFraction ?? 0) || a.order - b.order,
    )
    .slice(0, Math.max(0, count))
    .map((entry) => entry.candidate)
}
