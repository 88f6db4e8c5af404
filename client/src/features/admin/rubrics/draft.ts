/**
 * The rubric editor's draft and its checks: the same rules as the server (its zod shape in
 * server/features/observations/schema.ts and `definitionProblems`), worded for the page.
 */
import {
  baseMaximum,
  definitionProblems,
  MAX_RUBRIC_BONUS_ITEMS,
  MAX_RUBRIC_GRADES,
  MAX_RUBRIC_ITEMS,
  MAX_RUBRIC_POINTS_PER_ITEM,
  MAX_SCALE_LEVELS,
  type RubricDefinition,
} from '../../../../../shared/observations/rubric.ts'

/** What the editor holds: the rubric's name, description and definition. */
export interface RubricDraft {
  name: string
  description: string
  definition: RubricDefinition
}

/** One problem, as a message key under `admin.rubrics.editor.problems` and its values. */
export interface DraftProblem {
  key: string
  values?: Record<string, string | number>
}

/** Highest weight the server takes for one item. */
export const MAX_ITEM_WEIGHT = 1000

/** Re-exported limits the editor's add buttons respect. */
export const DRAFT_LIMITS = {
  items: MAX_RUBRIC_ITEMS,
  points: MAX_RUBRIC_POINTS_PER_ITEM,
  levels: MAX_SCALE_LEVELS,
  bonus: MAX_RUBRIC_BONUS_ITEMS,
  grades: MAX_RUBRIC_GRADES,
}

const isWhole = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max

/** The sum of the draft's weights (its base maximum). */
export function weightSum(definition: RubricDefinition): number {
  return baseMaximum(definition)
}

/** Why the server would refuse the draft (empty when it can be saved). */
export function draftProblems(draft: RubricDraft): DraftProblem[] {
  const problems: DraftProblem[] = []
  const { definition } = draft
  if (draft.name.trim() === '') problems.push({ key: 'name' })
  if (definition.items.length === 0) problems.push({ key: 'noItems' })
  if (definition.items.length > MAX_RUBRIC_ITEMS)
    problems.push({ key: 'tooManyItems', values: { max: MAX_RUBRIC_ITEMS } })
  definition.items.forEach((item, index) => {
    const name = item.name.trim() || String(index + 1)
    if (item.name.trim() === '') problems.push({ key: 'itemName', values: { index: index + 1 } })
    if (!(item.weight > 0 && item.weight <= MAX_ITEM_WEIGHT))
      problems.push({ key: 'weight', values: { name } })
    if (item.points.length === 0) problems.push({ key: 'noPoints', values: { name } })
    if (item.points.length > MAX_RUBRIC_POINTS_PER_ITEM)
      problems.push({ key: 'tooManyPoints', values: { name, max: MAX_RUBRIC_POINTS_PER_ITEM } })
    if (item.points.some((point) => point.text.trim() === ''))
      problems.push({ key: 'pointText', values: { name } })
  })
  const values = definition.scale.map((level) => level.value)
  if (
    values.length < 2 ||
    values.length > MAX_SCALE_LEVELS ||
    values.some((value) => !isWhole(value, 0, 100)) ||
    new Set(values).size !== values.length
  )
    problems.push({ key: 'levels' })
  if (definition.scale.some((level) => level.label.trim() === ''))
    problems.push({ key: 'levelLabel' })
  if (
    definition.bonus.length > MAX_RUBRIC_BONUS_ITEMS ||
    definition.bonus.some((bonus) => bonus.name.trim() === '' || !isWhole(bonus.max, 1, 100))
  )
    problems.push({ key: 'bonus' })
  if (!isWhole(definition.bonusCap, 0, 100)) problems.push({ key: 'bonusCap' })
  const thresholds = definition.grades.map((grade) => grade.minPercent)
  if (
    definition.grades.length > MAX_RUBRIC_GRADES ||
    definition.grades.some(
      (grade) => grade.label.trim() === '' || !(grade.minPercent >= 0 && grade.minPercent <= 100),
    ) ||
    thresholds.some((value, i) => i > 0 && value >= (thresholds[i - 1] ?? Number.POSITIVE_INFINITY))
  )
    problems.push({ key: 'grades' })
  if (definition.fallbackGrade.trim() === '') problems.push({ key: 'fallback' })
  // Whatever else the shared rule finds (duplicate keys cannot arise from the editor's own keys).
  if (problems.length === 0) {
    for (const detail of definitionProblems(definition))
      problems.push({ key: 'other', values: { detail } })
  }
  return problems
}

/** A key not yet used in the definition, from `prefix` (`goals` → `goals.3`). */
export function freshKey(definition: RubricDefinition, prefix: string): string {
  const used = new Set<string>([
    ...definition.items.flatMap((item) => [item.key, ...item.points.map((point) => point.key)]),
    ...definition.bonus.map((bonus) => bonus.key),
  ])
  for (let n = 1; ; n += 1) {
    const candidate = `${prefix}.${n}`
    if (!used.has(candidate)) return candidate
  }
}

/** A deep copy of a definition, to edit without touching the cached one. */
export function copyDefinition(definition: RubricDefinition): RubricDefinition {
  return structuredClone(definition)
}
