import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { normalizePlanJSON } from '../../shared/editor/derive.ts'
import { type PlanParts, planToJSON } from '../../shared/editor/planContent.ts'
import {
  comparePlans,
  isPlanPartKey,
  mergePlanParts,
  PLAN_PART_KEYS,
  partText,
  sameNode,
} from '../../shared/editor/planDiff.ts'

const BASE: PlanParts = {
  header: {
    subject: '数学',
    grade: '七年级',
    textbookEdition: '人教版',
    unit: '第二章 整式的加减',
    lessonTitle: '合并同类项',
    lessonType: '新授课',
    periods: 1,
    periodMinutes: 45,
    mainPreparer: '王建国',
    participants: '张晓燕',
  },
  sections: {
    materialAnalysis: ['本节是整式加减的基础。'],
    learnerAnalysis: ['学生已学过单项式。'],
    objectives: ['理解同类项的概念。'],
    keyPoints: ['同类项的概念。'],
    difficulties: ['识别同类项。'],
    preparation: ['课件'],
    boardDesign: [''],
    homework: ['习题 2.2 第 1 题'],
    reflection: [''],
  },
  steps: [
    { name: '导入', minutes: 5, teacher: '情境引入', student: '观察', intent: '激发兴趣' },
    { name: '新授', minutes: 25, teacher: '讲解概念', student: '思考', intent: '建构概念' },
    { name: '练习', minutes: 10, teacher: '巡视', student: '练习', intent: '巩固' },
    { name: '小结', minutes: 5, teacher: '总结', student: '回顾', intent: '梳理' },
  ],
}

function plan(change: (parts: PlanParts) => void = () => undefined): JSONContent {
  const parts: PlanParts = structuredClone(BASE)
  change(parts)
  return normalizePlanJSON(planToJSON(parts))
}

describe('comparePlans', () => {
  it('finds nothing between equal plans, and lists every part in document order', () => {
    const result = comparePlans(plan(), plan())
    expect(result.map((part) => part.key)).toEqual(PLAN_PART_KEYS)
    expect(result.every((part) => part.status === 'same')).toBe(true)
    expect(result.find((part) => part.key === 'keyPoints')?.leftText).toBe('同类项的概念。')
  })

  it('names changed sections with both texts, and the header fields that differ', () => {
    const mine = plan((parts) => {
      parts.sections.keyPoints = ['合并同类项的法则。']
      parts.header.lessonType = '练习课'
    })
    const result = comparePlans(plan(), mine)
    const changed = result.filter((part) => part.status !== 'same')
    expect(changed.map((part) => part.key)).toEqual(['header', 'keyPoints'])
    expect(changed[0]?.changedFields).toEqual(['课型'])
    expect(changed[1]).toMatchObject({
      leftText: '同类项的概念。',
      rightText: '合并同类项的法则。',
      title: { 'zh-CN': '教学重点', en: 'Key points' },
    })
  })

  it('compares 教学过程 steps by position: changed, added and removed', () => {
    const longer = plan((parts) => {
      parts.steps[1] = { ...BASE.steps[1], teacher: '小组讨论' } as PlanParts['steps'][number]
      parts.steps.push({ name: '拓展', minutes: 0, teacher: '', student: '', intent: '' })
    })
    const process = comparePlans(plan(), longer).find((part) => part.key === 'process')
    expect(process?.status).toBe('changed')
    expect(process?.steps?.map((step) => [step.leftName, step.rightName, step.status])).toEqual([
      ['导入', '导入', 'same'],
      ['新授', '新授', 'changed'],
      ['练习', '练习', 'same'],
      ['小结', '小结', 'same'],
      ['', '拓展', 'added'],
    ])
    const shorter = comparePlans(longer, plan()).find((part) => part.key === 'process')
    expect(shorter?.steps?.at(-1)?.status).toBe('removed')
  })

  it('sees formatting as a change (marks), but not the order of keys', () => {
    const a: JSONContent = { type: 'paragraph', attrs: { x: 1, y: 2 } }
    const b: JSONContent = { attrs: { y: 2, x: 1 }, type: 'paragraph' }
    expect(sameNode(a, b)).toBe(true)
    const bold = plan()
    const section = bold.content?.find((node) => node.type === 'keyPoints')
    const text = section?.content?.[0]?.content?.[0]
    if (text) text.marks = [{ type: 'bold' }]
    expect(comparePlans(plan(), bold).find((p) => p.key === 'keyPoints')?.status).toBe('changed')
    expect(partText(bold, 'keyPoints')).toBe('同类项的概念。')
  })
})

describe('mergePlanParts (three-way, per part)', () => {
  const base = plan()
  const theirs = plan((parts) => {
    parts.sections.keyPoints = ['共案修订的重点']
    parts.sections.homework = ['共案修订的作业']
    parts.sections.objectives = ['双方一致的目标']
  })
  const mine = plan((parts) => {
    parts.sections.keyPoints = ['我的重点']
    parts.sections.difficulties = ['我的难点']
    parts.sections.objectives = ['双方一致的目标']
  })

  it('takes what only the common plan changed, keeps what only I changed, flags conflicts', () => {
    const decided = Object.fromEntries(
      mergePlanParts(base, theirs, mine).map((part) => [part.key, part.decision]),
    )
    expect(decided).toMatchObject({
      header: 'unchanged',
      keyPoints: 'conflict_keep_mine',
      homework: 'take_theirs',
      difficulties: 'mine_only',
      objectives: 'same_change',
      process: 'unchanged',
    })
  })

  it('takes the common plan’s version of a conflicting part only when chosen', () => {
    const chosen = mergePlanParts(base, theirs, mine, new Set(['keyPoints', 'difficulties']))
    const decided = Object.fromEntries(chosen.map((part) => [part.key, part.decision]))
    expect(decided.keyPoints).toBe('conflict_take_theirs')
    // Choosing a part the common plan did not change changes nothing.
    expect(decided.difficulties).toBe('mine_only')
  })

  it('knows the part keys', () => {
    expect(isPlanPartKey('keyPoints')).toBe(true)
    expect(isPlanPartKey('header')).toBe(true)
    expect(isPlanPartKey('keypoints')).toBe(false)
  })
})
