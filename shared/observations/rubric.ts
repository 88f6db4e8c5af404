/**
 * A rubric (评课表 / 课堂观察量表) as the alliance defines it: items (评价项目) with weights,
 * points to look for (评价要点) under each scored on one scale, bonus items (个性特色 加分) and
 * total-to-grade thresholds. A definition is stored as JSON in a rubric version and never
 * changes once an observation uses that version.
 */

/** How observers use a rubric: everyone scores every point, or each picks points (LICC). */
export const RUBRIC_MODES = ['weighted', 'viewpoints'] as const
/**
 * `weighted`: every observer scores every point; `viewpoints`: a LICC-style frame where each
 * observer picks the points (观察点) they watch before class, and no point is watched twice.
 */
export type RubricMode = (typeof RUBRIC_MODES)[number]

/** One level of the scale, e.g. 优 = 5. */
export interface ScaleLevel {
  /** What the level is called (优, 良, 中, 差, or a number). */
  label: string
  /** Its score, a whole number; the highest level's value is the scale's maximum. */
  value: number
}

/** One point to look for (评价要点 / 观察点) under an item. */
export interface RubricPoint {
  /** Stable key, unique in the whole definition (scores are written by it). */
  key: string
  /** What to look for, e.g. 目标明确、具体，符合课标要求和学生实际. */
  text: string
}

/** One item (评价项目 / 维度) of the rubric. */
export interface RubricItem {
  /** Stable key, unique among items. */
  key: string
  /** The item's name, e.g. 教学目标. */
  name: string
  /** Its weight in points of the base total (all weights add up to the base maximum, e.g. 100). */
  weight: number
  /** The points under it, scored on the rubric's scale. */
  points: RubricPoint[]
}

/** A bonus item (加分项), scored from 0 up to its own maximum. */
export interface RubricBonus {
  /** Stable key, unique in the whole definition. */
  key: string
  /** The bonus's name, e.g. 个性特色. */
  name: string
  /** What earns it. */
  text: string
  /** Most points it can add (a whole number). */
  max: number
}

/** A grade and the lowest percent that reaches it. */
export interface GradeThreshold {
  /** The grade, e.g. 优. */
  label: string
  /** Lowest percent (0–100) of the base maximum that earns it. */
  minPercent: number
}

/** The whole definition of one rubric version. */
export interface RubricDefinition {
  mode: RubricMode
  /** The scale every point is scored on, highest first (e.g. 优 5, 良 4, 中 3, 差 2). */
  scale: ScaleLevel[]
  items: RubricItem[]
  bonus: RubricBonus[]
  /** Most bonus points a sheet can add in all (e.g. 3), whatever the bonus items add up to. */
  bonusCap: number
  /** Grades from the highest threshold down. */
  grades: GradeThreshold[]
  /** The grade below every threshold (e.g. 待改进). */
  fallbackGrade: string
}

/** Longest rubric name. */
export const MAX_RUBRIC_NAME_LENGTH = 80
/** Longest rubric description. */
export const MAX_RUBRIC_DESCRIPTION_LENGTH = 500
/** Most items of one rubric. */
export const MAX_RUBRIC_ITEMS = 12
/** Most points under one item. */
export const MAX_RUBRIC_POINTS_PER_ITEM = 12
/** Most levels of a scale. */
export const MAX_SCALE_LEVELS = 10
/** Most bonus items. */
export const MAX_RUBRIC_BONUS_ITEMS = 5
/** Most grade thresholds. */
export const MAX_RUBRIC_GRADES = 8
/** Longest key of an item, point or bonus. */
export const MAX_RUBRIC_KEY_LENGTH = 40
/** Longest item name, point text, bonus text, level or grade label. */
export const MAX_RUBRIC_TEXT_LENGTH = 200

/** Every point of a definition with its item, in order. */
export function pointsOf(definition: RubricDefinition): { item: RubricItem; point: RubricPoint }[] {
  return definition.items.flatMap((item) => item.points.map((point) => ({ item, point })))
}

/** The base maximum: the sum of the items' weights (100 for a percent-weighted form). */
export function baseMaximum(definition: RubricDefinition): number {
  return definition.items.reduce((sum, item) => sum + item.weight, 0)
}

/** The scale's highest value. */
export function scaleMaximum(definition: RubricDefinition): number {
  return definition.scale.reduce((max, level) => Math.max(max, level.value), 0)
}

/**
 * What is wrong with a definition beyond its shape (the server's zod schema checks the shape):
 * duplicate keys, weights that are not positive, an empty item, a scale with repeated values,
 * a bonus above the cap. Empty when it is sound.
 */
export function definitionProblems(definition: RubricDefinition): string[] {
  const problems: string[] = []
  const keys = new Set<string>()
  const claim = (key: string) => {
    if (keys.has(key)) problems.push(`duplicate key ${key}`)
    keys.add(key)
  }
  if (definition.items.length === 0) problems.push('no items')
  for (const item of definition.items) {
    claim(`item:${item.key}`)
    if (!(item.weight > 0)) problems.push(`item ${item.key} needs a positive weight`)
    if (item.points.length === 0) problems.push(`item ${item.key} has no points`)
    for (const point of item.points) claim(point.key)
  }
  for (const bonus of definition.bonus) {
    claim(bonus.key)
    if (!(bonus.max > 0)) problems.push(`bonus ${bonus.key} needs a positive maximum`)
  }
  if (definition.bonusCap < 0) problems.push('the bonus cap cannot be negative')
  const values = definition.scale.map((level) => level.value)
  if (values.length < 2) problems.push('the scale needs at least two levels')
  if (new Set(values).size !== values.length) problems.push('scale values repeat')
  if (values.some((value) => value < 0)) problems.push('scale values cannot be negative')
  const thresholds = definition.grades.map((grade) => grade.minPercent)
  if (
    thresholds.some((value, i) => i > 0 && value >= (thresholds[i - 1] ?? Number.POSITIVE_INFINITY))
  )
    problems.push('grades must go from the highest threshold down')
  return problems
}
