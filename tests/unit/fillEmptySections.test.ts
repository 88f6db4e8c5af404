import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { parsePlan, planSchema } from '../../shared/editor/derive.ts'
import { fillEmptySections } from '../../shared/editor/fillEmptySections.ts'
import { emptyPlanJSON } from '../../shared/editor/planContent.ts'

describe('fillEmptySections', () => {
  it('leaves a valid plan alone', () => {
    const state = EditorState.create({ doc: parsePlan(emptyPlanJSON({ subject: '数学' })) })
    expect(fillEmptySections(state)).toBeNull()
  })

  it('puts a paragraph back into a section and a step column left empty by a merge', () => {
    const schema = planSchema()
    const valid = parsePlan(emptyPlanJSON({ subject: '数学' }))
    // Build what a CRDT merge can produce: the objectives section and one step column emptied.
    const children: ReturnType<typeof schema.node>[] = []
    valid.forEach((child) => {
      if (child.type.name === 'objectives') children.push(child.type.create(child.attrs, []))
      else if (child.type.name === 'teachingProcess') {
        const step = child.child(0)
        const emptiedStep = step.type.create(step.attrs, [
          step.child(0).type.create(null, []),
          step.child(1),
          step.child(2),
        ])
        const rest: ReturnType<typeof schema.node>[] = []
        child.forEach((other, _offset, index) => {
          if (index > 0) rest.push(other)
        })
        children.push(child.type.create(child.attrs, [emptiedStep, ...rest]))
      } else children.push(child)
    })
    const broken = schema.topNodeType.create(null, children)
    expect(() => broken.check()).toThrow()

    const state = EditorState.create({ doc: broken })
    const transaction = fillEmptySections(state)
    expect(transaction).not.toBeNull()
    const repaired = state.apply(transaction as NonNullable<typeof transaction>).doc
    expect(() => repaired.check()).not.toThrow()
    expect(repaired.childCount).toBe(valid.childCount)
  })
})
