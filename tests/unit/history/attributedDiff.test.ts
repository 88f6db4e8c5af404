import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  attributeParts,
  type TextAuthor,
} from '../../../server/features/history/authorship/attribution.ts'
import { attributedDiff } from '../../../server/features/history/compare/attributedDiff.ts'
import { jsonToYDoc } from '../../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import type { AttributedRun } from '../../../shared/history/versionApi.ts'
import { sectionText } from '../../helpers/planEditing.ts'

const alice: TextAuthor = { userId: 'alice', schoolId: 's1' }
const bob: TextAuthor = { userId: 'bob', schoolId: 's2' }

/** A plan where alice and bob each write on their own replica (they sync after each step). */
function plan() {
  const base = jsonToYDoc(emptyPlanJSON())
  const a = new Y.Doc()
  const b = new Y.Doc()
  Y.applyUpdate(a, Y.encodeStateAsUpdate(base))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(base))
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  }
  const clients = new Map([
    [a.clientID, alice],
    [b.clientID, bob],
  ])
  /** The board design section's attributed text as `doc` has it now (a version). */
  const version = (doc: Y.Doc) => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    return attributeParts(copy, clients).get('boardDesign')
  }
  return { a, b, sync, version }
}

function diffOf(from: ReturnType<ReturnType<typeof plan>['version']>, to: typeof from) {
  if (!from || !to) throw new Error('no board design')
  return attributedDiff(from, to)
}

const compact = (runs: AttributedRun[]) => runs.map((run) => [run.op, run.text, run.authorId])

describe('attributedDiff (aligned by Yjs identity)', () => {
  it('marks what each author inserted and deleted between two versions', () => {
    const { a, b, sync, version } = plan()
    sectionText(a, 'boardDesign').insert(0, '一二三四五')
    sync()
    const before = version(a)
    sectionText(b, 'boardDesign').insert(2, '乙')
    sectionText(b, 'boardDesign').delete(4, 2)
    sync()
    expect(compact(diffOf(before, version(a)))).toEqual([
      ['same', '一二', 'alice'],
      ['insert', '乙', 'bob'],
      ['same', '三', 'alice'],
      ['delete', '四五', 'alice'],
    ])
  })

  it('shows text deleted and typed again as unchanged, and only the real change', () => {
    const { a, sync, version } = plan()
    sectionText(a, 'boardDesign').insert(0, '标题：一元一次方程')
    sync()
    const before = version(a)
    const text = sectionText(a, 'boardDesign')
    text.delete(0, text.length)
    text.insert(0, '标题：二元一次方程')
    expect(compact(diffOf(before, version(a)))).toEqual([
      ['same', '标题：', 'alice'],
      ['delete', '一', 'alice'],
      ['insert', '二', 'alice'],
      ['same', '元一次方程', 'alice'],
    ])
  })

  it('stays exact on a long section: one insertion in 100,000 characters is one run', () => {
    const { a, b, sync, version } = plan()
    const long = '长文'.repeat(50_000)
    sectionText(a, 'boardDesign').insert(0, long)
    sync()
    const before = version(a)
    sectionText(b, 'boardDesign').insert(60_000, '【补充】')
    sync()
    const runs = diffOf(before, version(a))
    expect(runs.filter((run) => run.op !== 'same')).toEqual([
      { op: 'insert', text: '【补充】', authorId: 'bob' },
    ])
    expect(runs.map((run) => run.text).join('')).toBe(
      `${long.slice(0, 60_000)}【补充】${long.slice(60_000)}`,
    )
  })
})
