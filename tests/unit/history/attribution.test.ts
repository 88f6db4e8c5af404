import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  attributeParts,
  authorRuns,
  countByAuthor,
  EMPTY_TEXT,
  type TextAuthor,
  UNKNOWN_AUTHOR,
} from '../../../server/features/history/authorship/attribution.ts'
import { DEMO_PLANS } from '../../../server/seed/demoPlans.ts'
import { demoPlanParts } from '../../../server/seed/planContent.ts'
import { jsonToYDoc, yDocToJSON } from '../../../shared/editor/derive.ts'
import { planToJSON } from '../../../shared/editor/planContent.ts'
import { PLAN_PART_KEYS, partText } from '../../../shared/editor/planDiff.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'

const alice: TextAuthor = { userId: 'alice', schoolId: 's1' }
const bob: TextAuthor = { userId: 'bob', schoolId: 's2' }

/** A demo plan written by one client, and a second replica for another client. */
function twoReplicas(planIndex = 0) {
  const plan = DEMO_PLANS[planIndex]
  if (!plan) throw new Error('no demo plan')
  const first = jsonToYDoc(planToJSON(demoPlanParts(plan, '王老师', '李老师')))
  const second = new Y.Doc()
  Y.applyUpdate(second, Y.encodeStateAsUpdate(first))
  return { first, second }
}

/** The first Y.XmlText under `node`, depth first. */
function firstText(node: Y.XmlElement | Y.XmlFragment): Y.XmlText {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child
    if (child instanceof Y.XmlElement) {
      const found = firstText(child)
      if (found) return found
    }
  }
  throw new Error('no text')
}

function section(doc: Y.Doc, nodeName: string): Y.XmlElement {
  const found = doc
    .getXmlFragment(PLAN_FRAGMENT)
    .toArray()
    .find((child) => child instanceof Y.XmlElement && child.nodeName === nodeName)
  if (!(found instanceof Y.XmlElement)) throw new Error(`no ${nodeName}`)
  return found
}

describe('attributeParts', () => {
  it('gives every part the same text as partText of the plan JSON, for every demo plan', () => {
    for (const [index] of DEMO_PLANS.entries()) {
      const { first } = twoReplicas(index)
      const json = yDocToJSON(first)
      const parts = attributeParts(first, new Map([[first.clientID, alice]]))
      for (const key of PLAN_PART_KEYS) {
        expect(parts.get(key)?.text, `${DEMO_PLANS[index]?.key} ${key}`).toBe(partText(json, key))
      }
    }
  })

  it('attributes inserted characters, header attributes and step names to who wrote them', () => {
    const { first, second } = twoReplicas()
    const clients = new Map([
      [first.clientID, alice],
      [second.clientID, bob],
    ])
    const analysis = firstText(section(second, 'materialAnalysis'))
    analysis.insert(0, '鲍勃写的')
    analysis.delete(10, 3)
    section(second, 'planHeader').setAttribute('unit', '第二单元')
    const step = section(second, 'teachingProcess').toArray()[0]
    if (!(step instanceof Y.XmlElement)) throw new Error('no step')
    step.setAttribute('name', '新导入')
    Y.applyUpdate(first, Y.encodeStateAsUpdate(second))

    const parts = attributeParts(first, clients)
    const json = yDocToJSON(first)
    for (const key of PLAN_PART_KEYS) expect(parts.get(key)?.text).toBe(partText(json, key))

    const analysisRuns = authorRuns(parts.get('materialAnalysis') ?? EMPTY_TEXT)
    expect(analysisRuns[0]).toEqual({ text: '鲍勃写的', authorId: 'bob' })
    expect(analysisRuns[1]?.authorId).toBe('alice')

    const header = authorRuns(parts.get('header') ?? EMPTY_TEXT)
    expect(header).toContainEqual({ text: '第二单元', authorId: 'bob' })
    expect(header.some((run) => run.authorId === null && run.text.endsWith('单元：'))).toBe(true)

    const process = authorRuns(parts.get('process') ?? EMPTY_TEXT)
    expect(process[0]).toEqual({ text: '新导入', authorId: 'bob' })
    expect(process[1]?.authorId).toBe(null) // （
    expect(process[2]?.authorId).toBe('alice') // the minutes

    const counts = countByAuthor(parts.values())
    expect(counts.get(bob)).toBe('鲍勃写的'.length + '第二单元'.length + '新导入'.length)
    expect(counts.get(alice)).toBeGreaterThan(100)
  })

  it('attributes content of unregistered client ids to nobody', () => {
    const { first } = twoReplicas()
    const parts = attributeParts(first, new Map())
    const counts = countByAuthor(parts.values())
    expect([...counts.keys()]).toEqual([UNKNOWN_AUTHOR])
    const runs = authorRuns(parts.get('objectives') ?? EMPTY_TEXT)
    expect(runs.every((run) => run.authorId === null)).toBe(true)
  })
})
