import { describe, expect, it } from 'vitest'
import {
  lineChanges,
  planDifferences,
} from '../../../server/features/export/docx/planDifferences.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import { planPart } from '../../../shared/editor/planDiff.ts'
import { PROCESS_STEP_NODE } from '../../../shared/editor/planSchema.ts'

describe('what a 个案 changed compared with its common plan', () => {
  it('lists lines only in the 个案 as added and lines only in the common plan as removed, in order', () => {
    expect(lineChanges('甲\n乙\n丙', '甲\n乙二\n丙\n丁')).toEqual([
      { kind: 'added', text: '乙二' },
      { kind: 'removed', text: '乙' },
      { kind: 'added', text: '丁' },
    ])
    expect(lineChanges('同样\n\n', '同样')).toEqual([])
  })

  it('says nothing for equal plans, and names header fields and steps by position', () => {
    const common = emptyPlanJSON({ subject: '数学', lessonType: '新授课' })
    expect(
      planDifferences(common, emptyPlanJSON({ subject: '数学', lessonType: '新授课' })),
    ).toEqual([])
    const personal = emptyPlanJSON({ subject: '数学', lessonType: '复习课' })
    const process = planPart(personal, 'process')
    process?.content?.push({
      type: PROCESS_STEP_NODE,
      attrs: { name: '拓展', minutes: 3 },
      content: [],
    })
    const differences = planDifferences(common, personal)
    expect(differences.map((part) => [part.title, part.status])).toEqual([
      ['基本信息', 'changed'],
      ['教学过程', 'changed'],
    ])
    expect(differences[0]?.lines).toEqual([{ kind: 'changed', text: '课型：“新授课” → “复习课”' }])
    expect(differences[1]?.lines).toEqual([
      { kind: 'added', text: '第 5 个环节「拓展」（3 分钟）' },
    ])
  })
})
