import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { restoreInto } from '../../../server/features/history/restore/restorePlan.ts'
import { jsonToYDoc, yDocToJSON } from '../../../shared/editor/derive.ts'
import { normalizeHeader } from '../../../shared/editor/header.ts'
import { planToJSON } from '../../../shared/editor/planContent.ts'
import { planPart } from '../../../shared/editor/planDiff.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'

const SECTIONS = {
  materialAnalysis: ['教材'],
  learnerAnalysis: ['学情'],
  objectives: ['目标'],
  keyPoints: ['重点'],
  difficulties: ['难点'],
  preparation: ['准备'],
  boardDesign: ['板书'],
  homework: ['作业'],
  reflection: ['反思'],
}

function plan(lessonTitle: string, steps: string[], homework = '作业'): JSONContent {
  return planToJSON({
    header: normalizeHeader({ lessonTitle }),
    sections: { ...SECTIONS, homework: [homework] },
    steps: steps.map((name) => ({
      name,
      minutes: 5,
      teacher: `${name}讲`,
      student: '',
      intent: '',
    })),
  })
}

/** The live document, a replica that follows it, and the updates it emits. */
function live(json: JSONContent) {
  const doc = jsonToYDoc(json)
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => {
    updates.push(update)
    Y.applyUpdate(replica, update)
  })
  return { doc, replica, updates }
}

describe('restoreInto', () => {
  it('restores one section in one transaction and touches nothing else', () => {
    const version = jsonToYDoc(plan('旧标题', ['导入'], '旧作业'))
    const target = live(plan('新标题', ['导入', '新授'], '新作业'))
    const before = yDocToJSON(target.doc)
    target.doc.transact(() => restoreInto(target.doc, version, { section: 'homework' }))
    const after = yDocToJSON(target.doc)
    expect(planPart(after, 'homework')).toEqual(planPart(yDocToJSON(version), 'homework'))
    for (const key of ['header', 'process', 'objectives'] as const) {
      expect(planPart(after, key)).toEqual(planPart(before, key))
    }
    expect(target.updates).toHaveLength(1)
    expect(yDocToJSON(target.replica)).toEqual(after)
  })

  it('writes nothing when the part is already equal', () => {
    const version = jsonToYDoc(plan('标题', ['导入']))
    const target = live(plan('标题', ['导入']))
    target.doc.transact(() => restoreInto(target.doc, version, {}))
    expect(target.updates).toHaveLength(0)
  })

  it('restores the header attributes, a step by position, and a step the live plan lost', () => {
    const version = jsonToYDoc(plan('旧标题', ['导入', '新授', '练习']))
    const target = live(plan('新标题', ['导入', '改过']))
    restoreInto(target.doc, version, { section: 'header' })
    expect(yDocToJSON(target.doc).content?.[0]?.attrs?.lessonTitle).toBe('旧标题')
    restoreInto(target.doc, version, { step: 1 })
    restoreInto(target.doc, version, { step: 2 })
    expect(planPart(yDocToJSON(target.doc), 'process')).toEqual(
      planPart(yDocToJSON(version), 'process'),
    )
  })

  it('puts back a section the live plan lost, in its place, and the whole plan equals the version', () => {
    const versionJson = plan('标题', ['导入'])
    const version = jsonToYDoc(versionJson)
    const target = live(plan('标题', ['导入', '新授']))
    const fragment = target.doc.getXmlFragment(PLAN_FRAGMENT)
    fragment.delete(3, 1)
    restoreInto(target.doc, version, {})
    expect(yDocToJSON(target.doc)).toEqual(yDocToJSON(version))
    expect(yDocToJSON(target.replica)).toEqual(yDocToJSON(version))
  })
})
