import { describe, expect, it } from 'vitest'
import {
  draftProblems,
  freshKey,
  type RubricDraft,
} from '../../../client/src/features/admin/rubrics/draft.ts'
import { newRubricVersionBody } from '../../../server/features/observations/schema.ts'
import { definitionProblems, type RubricDefinition } from '../../../shared/observations/rubric.ts'
import { LICC_RUBRIC, WEIGHTED_RUBRIC } from '../../../shared/observations/seededRubrics.ts'

/** Whether the server takes the draft: its zod shape, then `definitionProblems` (422). */
function serverTakes(draft: RubricDraft): boolean {
  const parsed = newRubricVersionBody.safeParse({
    name: draft.name,
    description: draft.description,
    definition: draft.definition,
  })
  return parsed.success && definitionProblems(parsed.data.definition).length === 0
}

/** The weighted form with one edit applied to a copy. */
function edited(
  edit: (definition: RubricDefinition) => void,
  name = '课堂教学评价表',
): RubricDraft {
  const definition = structuredClone(WEIGHTED_RUBRIC)
  edit(definition)
  return { name, description: '', definition }
}

const CASES: { label: string; draft: RubricDraft }[] = [
  { label: 'the seeded weighted form', draft: edited(() => {}) },
  {
    label: 'the seeded LICC frame',
    draft: { name: 'LICC', description: '', definition: structuredClone(LICC_RUBRIC) },
  },
  {
    label: 'a changed weight pair (10 → 15, 20 → 15)',
    draft: edited((d) => {
      const [goals] = d.items
      const teacher = d.items[4]
      if (goals && teacher) {
        goals.weight = 15
        teacher.weight = 15
      }
    }),
  },
  {
    label: 'weights adding up to 105',
    draft: edited((d) => {
      if (d.items[0]) d.items[0].weight = 15
    }),
  },
  {
    label: 'a weight of 0',
    draft: edited((d) => {
      if (d.items[0]) d.items[0].weight = 0
    }),
  },
  {
    label: 'a weight above 1000',
    draft: edited((d) => {
      if (d.items[0]) d.items[0].weight = 1001
    }),
  },
  { label: 'an empty name', draft: edited(() => {}, '  ') },
  {
    label: 'an item without a name',
    draft: edited((d) => {
      if (d.items[1]) d.items[1].name = ''
    }),
  },
  {
    label: 'an item without points',
    draft: edited((d) => {
      if (d.items[1]) d.items[1].points = []
    }),
  },
  {
    label: 'an empty point',
    draft: edited((d) => {
      const point = d.items[1]?.points[0]
      if (point) point.text = ' '
    }),
  },
  {
    label: 'no items',
    draft: edited((d) => {
      d.items = []
    }),
  },
  {
    label: 'repeated scale values',
    draft: edited((d) => {
      if (d.scale[1]) d.scale[1].value = 5
    }),
  },
  {
    label: 'a one-level scale',
    draft: edited((d) => {
      d.scale = d.scale.slice(0, 1)
    }),
  },
  {
    label: 'a fractional scale value',
    draft: edited((d) => {
      if (d.scale[0]) d.scale[0].value = 4.5
    }),
  },
  {
    label: 'grades not going down',
    draft: edited((d) => {
      if (d.grades[1]) d.grades[1].minPercent = 95
    }),
  },
  {
    label: 'a grade above 100 %',
    draft: edited((d) => {
      if (d.grades[0]) d.grades[0].minPercent = 101
    }),
  },
  {
    label: 'a bonus of 0',
    draft: edited((d) => {
      if (d.bonus[0]) d.bonus[0].max = 0
    }),
  },
  {
    label: 'a negative bonus cap',
    draft: edited((d) => {
      d.bonusCap = -1
    }),
  },
  {
    label: 'no grade below every threshold',
    draft: edited((d) => {
      d.fallbackGrade = ''
    }),
  },
  {
    label: 'no grades at all',
    draft: edited((d) => {
      d.grades = []
    }),
  },
]

describe('the rubric editor refuses exactly what the server refuses', () => {
  it.each(CASES)('$label', ({ draft }) => {
    expect(draftProblems(draft).length === 0).toBe(serverTakes(draft))
  })

  it('names the item whose weight is wrong', () => {
    const problems = draftProblems(CASES[4]?.draft ?? edited(() => {}))
    expect(problems).toEqual([{ key: 'weight', values: { name: '教学目标' } }])
  })

  it('makes keys the definition does not use yet', () => {
    expect(freshKey(WEIGHTED_RUBRIC, 'goals')).toBe('goals.3')
    expect(freshKey(WEIGHTED_RUBRIC, 'item')).toBe('item.1')
  })
})
