import { describe, expect, it } from 'vitest'
import {
  definitionProblems,
  pointsOf,
  type RubricDefinition,
} from '../../../shared/observations/rubric.ts'
import {
  cappedBonus,
  gradeOf,
  itemScore,
  lowestScoring,
  medianOf,
  medianStepMinutes,
  percentOf,
  type StepTimings,
  sheetTotal,
  spreadOf,
  stepMinutes,
} from '../../../shared/observations/scoring.ts'
import {
  FALLBACK_GRADE,
  LICC_RUBRIC,
  STANDARD_GRADES,
  WEIGHTED_RUBRIC,
} from '../../../shared/observations/seededRubrics.ts'

/** Every point of the rubric scored `value`. */
function allPoints(definition: RubricDefinition, value: number): Record<string, number> {
  return Object.fromEntries(pointsOf(definition).map(({ point }) => [point.key, value]))
}

/** Every point of one item scored `value`, the others `rest`. */
function itemAt(itemKey: string, value: number, rest: number): Record<string, number> {
  return Object.fromEntries(
    pointsOf(WEIGHTED_RUBRIC).map(({ item, point }) => [
      point.key,
      item.key === itemKey ? value : rest,
    ]),
  )
}

describe('the seeded forms', () => {
  it('are sound definitions', () => {
    expect(definitionProblems(WEIGHTED_RUBRIC)).toEqual([])
    expect(definitionProblems(LICC_RUBRIC)).toEqual([])
  })

  it('weigh 教学目标 10, 教学内容 15, 教学过程 25, 教学方法与策略 30, 教师素质 20', () => {
    expect(WEIGHTED_RUBRIC.items.map((item) => [item.name, item.weight])).toEqual([
      ['教学目标', 10],
      ['教学内容', 15],
      ['教学过程', 25],
      ['教学方法与策略', 30],
      ['教师素质', 20],
    ])
  })

  it('frame LICC as 4 dimensions of 5 viewpoints with the real names', () => {
    expect(LICC_RUBRIC.items.map((item) => item.name)).toEqual([
      '学生学习',
      '教师教学',
      '课程性质',
      '课堂文化',
    ])
    const names = LICC_RUBRIC.items.map((item) =>
      item.points.map((point) => point.text.slice(0, 2)),
    )
    expect(names).toEqual([
      ['准备', '倾听', '互动', '自主', '达成'],
      ['环节', '呈示', '对话', '指导', '机智'],
      ['目标', '内容', '实施', '评价', '资源'],
      ['思考', '民主', '创新', '关爱', '特质'],
    ])
  })
})

describe('weighted totals and grades of the weighted form', () => {
  const cases: {
    title: string
    scores: Record<string, number>
    bonus: Record<string, number>
    total: number
    grade: string
  }[] = [
    { title: 'all 优', scores: allPoints(WEIGHTED_RUBRIC, 5), bonus: {}, total: 100, grade: '优' },
    { title: 'all 良', scores: allPoints(WEIGHTED_RUBRIC, 4), bonus: {}, total: 80, grade: '良' },
    { title: 'all 中', scores: allPoints(WEIGHTED_RUBRIC, 3), bonus: {}, total: 60, grade: '合格' },
    {
      title: 'all 差',
      scores: allPoints(WEIGHTED_RUBRIC, 2),
      bonus: {},
      total: 40,
      grade: '待改进',
    },
    // 良 everywhere but 教学方法与策略 (30 %) 优: 80 + 30 × 0.2 = 86.
    {
      title: '方法 优, rest 良',
      scores: itemAt('methods', 5, 4),
      bonus: {},
      total: 86,
      grade: '良',
    },
    // 86 + 3 bonus = 89 → still 良; 4 asked, capped at 3.
    {
      title: '86 with bonus 4 (capped 3)',
      scores: itemAt('methods', 5, 4),
      bonus: { 'bonus.style': 4 },
      total: 89,
      grade: '良',
    },
    // 良 everywhere but 教学目标 (10 %) and 教学过程 (25 %) 优: 80 + 2 + 5 = 87, + 3 (个性特色) = 90 → 优.
    {
      title: '教学目标 + 教学过程 优, rest 良, bonus 3',
      scores: { ...itemAt('process', 5, 4), 'goals.1': 5, 'goals.2': 5 },
      bonus: { 'bonus.style': 3 },
      total: 90,
      grade: '优',
    },
    // 中 everywhere but 教学目标 (10 %) 差: 60 − 10 × 0.2 = 58 → 待改进; + 2 bonus = 60 → 合格.
    {
      title: '目标 差, rest 中',
      scores: itemAt('goals', 2, 3),
      bonus: {},
      total: 58,
      grade: '待改进',
    },
    {
      title: '58 with bonus 2',
      scores: itemAt('goals', 2, 3),
      bonus: { 'bonus.style': 2 },
      total: 60,
      grade: '合格',
    },
    {
      title: 'all 优 with bonus 3',
      scores: allPoints(WEIGHTED_RUBRIC, 5),
      bonus: { 'bonus.style': 3 },
      total: 103,
      grade: '优',
    },
  ]

  it.each(cases)('$title → $total, $grade', ({ scores, bonus, total, grade }) => {
    const result = sheetTotal(WEIGHTED_RUBRIC, scores, bonus)
    expect(result.total).toBeCloseTo(total, 9)
    expect(result.grade).toBe(grade)
    expect(result.complete).toBe(true)
    expect(result.baseMax).toBe(100)
  })

  it('caps the percent at 100 while the total keeps the bonus', () => {
    const result = sheetTotal(WEIGHTED_RUBRIC, allPoints(WEIGHTED_RUBRIC, 5), { 'bonus.style': 3 })
    expect(result.total).toBe(103)
    expect(result.percent).toBe(100)
  })

  it('scores an item by the mean of its points over the scale maximum', () => {
    const item = WEIGHTED_RUBRIC.items[2]
    if (!item) throw new Error('no 教学过程')
    const score = itemScore(WEIGHTED_RUBRIC, item, {
      'process.1': 5,
      'process.2': 4,
      'process.3': 3,
      'process.4': 4,
    })
    expect(score.fraction).toBeCloseTo(0.8, 9)
    expect(score.score).toBeCloseTo(20, 9)
    expect(score.scoredPoints).toBe(4)
  })

  it('counts a partly scored sheet over the items scored so far', () => {
    const result = sheetTotal(WEIGHTED_RUBRIC, { 'goals.1': 5, 'goals.2': 4, 'content.1': 3 }, {})
    // 教学目标: 10 × 0.9 = 9; 教学内容: 15 × 0.6 = 9 → 18 of 25 = 72 %.
    expect(result.base).toBeCloseTo(18, 9)
    expect(result.baseMax).toBe(25)
    expect(result.percent).toBeCloseTo(72, 9)
    expect(result.grade).toBe('合格')
    expect(result.complete).toBe(false)
  })

  it('has no percent or grade for an empty sheet', () => {
    const result = sheetTotal(WEIGHTED_RUBRIC, {}, {})
    expect(result.percent).toBeNull()
    expect(result.grade).toBeNull()
    expect(result.total).toBe(0)
  })
})

describe('the LICC frame', () => {
  it('gives an observer of a few viewpoints a percent over the dimensions they watched', () => {
    const result = sheetTotal(
      LICC_RUBRIC,
      { 'learning.listening': 5, 'learning.interaction': 4, 'culture.care': 3 },
      {},
    )
    // 学生学习 25 × 0.9 = 22.5, 课堂文化 25 × 0.6 = 15 → 37.5 of 50 = 75 %.
    expect(result.percent).toBeCloseTo(75, 9)
    expect(result.grade).toBe('合格')
  })

  it.each([
    [5, 100, '优'],
    [4, 80, '良'],
    [3, 60, '合格'],
    [2, 40, '待改进'],
  ])('every viewpoint at %i → %i, %s', (value, total, grade) => {
    const result = sheetTotal(LICC_RUBRIC, allPoints(LICC_RUBRIC, value), {})
    expect(result.total).toBeCloseTo(total, 9)
    expect(result.grade).toBe(grade)
  })
})

describe('bonus, percent and grade', () => {
  it('caps each bonus item at its maximum and the sum at the cap', () => {
    const definition: RubricDefinition = {
      ...WEIGHTED_RUBRIC,
      bonus: [
        { key: 'a', name: 'A', text: '', max: 2 },
        { key: 'b', name: 'B', text: '', max: 2 },
      ],
      bonusCap: 3,
    }
    expect(cappedBonus(definition, { a: 5 })).toBe(2)
    expect(cappedBonus(definition, { a: 2, b: 2 })).toBe(3)
    expect(cappedBonus(definition, { a: -1, b: 1.5 })).toBe(1.5)
  })

  it('reaches a threshold exactly at its percent', () => {
    expect(gradeOf(90, STANDARD_GRADES, FALLBACK_GRADE)).toBe('优')
    expect(gradeOf(89.99, STANDARD_GRADES, FALLBACK_GRADE)).toBe('良')
    expect(gradeOf(80, STANDARD_GRADES, FALLBACK_GRADE)).toBe('良')
    expect(gradeOf(60, STANDARD_GRADES, FALLBACK_GRADE)).toBe('合格')
    expect(gradeOf(59.9, STANDARD_GRADES, FALLBACK_GRADE)).toBe('待改进')
    expect(gradeOf(0.9 * 100, STANDARD_GRADES, FALLBACK_GRADE)).toBe('优')
  })

  it('has no percent without a maximum', () => {
    expect(percentOf(3, 0)).toBeNull()
    expect(percentOf(45, 50)).toBe(90)
    expect(percentOf(110, 100)).toBe(100)
  })
})

describe('spread and median over observers', () => {
  it('gives the mean, min, max and population standard deviation', () => {
    const spread = spreadOf([2, 4, 4, 4, 5, 5, 7, 9])
    expect(spread).toEqual({ count: 8, mean: 5, min: 2, max: 9, stdDev: 2 })
  })

  it('has no spread of nothing and zero deviation of one value', () => {
    expect(spreadOf([])).toBeNull()
    expect(spreadOf([86])?.stdDev).toBe(0)
  })

  it('takes the middle value, or the mean of the middle two', () => {
    expect(medianOf([7, 3, 5])).toBe(5)
    expect(medianOf([8, 2, 4, 6])).toBe(5)
    expect(medianOf([])).toBeNull()
  })
})

describe('planned vs actual minutes per step', () => {
  const steps = [
    { name: '导入', minutes: 5 },
    { name: '新授', minutes: 20 },
    { name: '练习', minutes: 15 },
    { name: '小结', minutes: 5 },
  ]
  const t0 = Date.UTC(2026, 11, 8, 1, 0)
  const minute = 60_000

  it('runs each step to the next start and the last one to the end of the lesson', () => {
    const rows = stepMinutes(steps, {
      starts: { 0: t0, 1: t0 + 7 * minute, 2: t0 + 25 * minute, 3: t0 + 41 * minute },
      endedAt: t0 + 45 * minute,
    })
    expect(rows.map((row) => [row.name, row.planned, row.actual])).toEqual([
      ['导入', 5, 7],
      ['新授', 20, 18],
      ['练习', 15, 16],
      ['小结', 5, 4],
    ])
  })

  it('skips an untimed step to the next recorded start, and leaves untimed ones unknown', () => {
    const rows = stepMinutes(steps, { starts: { 0: t0, 2: t0 + 30 * minute }, endedAt: null })
    expect(rows.map((row) => row.actual)).toEqual([30, null, null, null])
  })

  it('takes the median of the observers who timed a step', () => {
    const observers: StepTimings[] = [
      { starts: { 0: t0, 1: t0 + 6 * minute }, endedAt: null },
      { starts: { 0: t0, 1: t0 + 8 * minute }, endedAt: null },
      { starts: { 0: t0 + minute, 1: t0 + 5 * minute }, endedAt: null },
      { starts: {}, endedAt: null },
    ]
    const rows = medianStepMinutes(steps, observers)
    expect(rows[0]?.actual).toBe(6)
    expect(rows[1]?.actual).toBeNull()
  })
})

describe('the 评课 agenda', () => {
  it('takes the lowest-scoring items, lowest first, ties in rubric order, unscored left out', () => {
    const candidates = [
      { key: 'goals', label: '教学目标', meanFraction: 0.9 },
      { key: 'content', label: '教学内容', meanFraction: 0.7 },
      { key: 'process', label: '教学过程', meanFraction: null },
      { key: 'methods', label: '教学方法与策略', meanFraction: 0.6 },
      { key: 'teacher', label: '教师素质', meanFraction: 0.7 },
    ]
    expect(lowestScoring(candidates, 3).map((row) => row.key)).toEqual([
      'methods',
      'content',
      'teacher',
    ])
    expect(lowestScoring(candidates, 0)).toEqual([])
  })
})

describe('definition problems', () => {
  it('finds duplicate keys, bad weights and a scale that repeats', () => {
    const broken: RubricDefinition = {
      ...WEIGHTED_RUBRIC,
      scale: [
        { label: '好', value: 2 },
        { label: '也好', value: 2 },
      ],
      items: [
        { key: 'a', name: 'A', weight: 0, points: [{ key: 'p', text: '' }] },
        { key: 'b', name: 'B', weight: 10, points: [{ key: 'p', text: '' }] },
      ],
    }
    const problems = definitionProblems(broken)
    expect(problems).toContain('duplicate key p')
    expect(problems).toContain('item a needs a positive weight')
    expect(problems).toContain('scale values repeat')
  })
})
