import { describe, expect, it } from 'vitest'
import {
  elidedSides,
  joinRuns,
  legendOf,
  partChanged,
  shownRuns,
} from '../../../client/src/features/history/runs.ts'
import type { AttributedRun, HistoryPerson, PartDiff } from '../../../shared/history/versionApi.ts'

const same = (text: string, authorId: string | null = 'a'): AttributedRun => ({
  text,
  op: 'same',
  authorId,
})
const insert = (text: string, authorId: string | null): AttributedRun => ({
  text,
  op: 'insert',
  authorId,
})
const remove = (text: string, authorId: string | null): AttributedRun => ({
  text,
  op: 'delete',
  authorId,
})

describe('runs of a comparison', () => {
  it('joins neighbours of the same kind and author, keeps different authors apart, drops empty runs', () => {
    const runs = [
      same('甲'),
      same('乙'),
      insert('丙', 'a'),
      insert('丁', 'b'),
      insert('', 'b'),
      insert('戊', 'b'),
      remove('己', 'b'),
    ]
    expect(joinRuns(runs)).toEqual([
      same('甲乙'),
      insert('丙', 'a'),
      insert('丁戊', 'b'),
      remove('己', 'b'),
    ])
  })

  it('does not change the runs it was given', () => {
    const runs = [same('甲'), same('乙')]
    joinRuns(runs)
    expect(runs).toEqual([same('甲'), same('乙')])
  })

  it('cuts long unchanged stretches to their context around the changes, by characters', () => {
    const long = '长'.repeat(50)
    const middle = `${'前'.repeat(10)}${'中'.repeat(30)}${'后'.repeat(10)}`
    const shown = shownRuns(
      [same(long), insert('新', 'a'), same(middle), remove('旧', 'b'), same(long)],
      10,
    )
    expect(shown.map((run) => run.elided)).toEqual([true, false, true, false, true])
    expect(elidedSides(shown[0] ?? { ...same(''), elided: false })).toEqual(['', '长'.repeat(10)])
    expect(elidedSides(shown[2] ?? { ...same(''), elided: false })).toEqual([
      '前'.repeat(10),
      '后'.repeat(10),
    ])
    expect(elidedSides(shown[4] ?? { ...same(''), elided: false })).toEqual(['长'.repeat(10), ''])
    expect(shown[1]).toEqual({ ...insert('新', 'a'), elided: false })
  })

  it('keeps short unchanged stretches, changes and a part that is all unchanged whole', () => {
    const inserted = '新'.repeat(100)
    const shown = shownRuns([same('短'), insert(inserted, 'a')], 10)
    expect(shown).toEqual([
      { ...same('短'), elided: false },
      { ...insert(inserted, 'a'), elided: false },
    ])
    expect(shownRuns([same('长'.repeat(100))], 10)[0]?.elided).toBe(false)
    // Characters outside the BMP count as one and are never split.
    const emoji = '😀'.repeat(30)
    const [head, tail] = elidedSides(
      shownRuns([insert('x', 'a'), same(emoji), insert('y', 'a')], 5)[1] ?? {
        ...same(''),
        elided: false,
      },
    )
    expect(head).toBe('😀'.repeat(5))
    expect(tail).toBe('😀'.repeat(5))
  })
})

describe('the legend of a comparison', () => {
  const person = (
    id: string,
    displayName: string,
    schoolId: string,
    schoolName: string,
  ): HistoryPerson => ({
    id,
    displayName,
    schoolId,
    schoolName,
  })
  const people = [
    person('a', '王芳', 's1', '第一中学'),
    person('b', '张伟', 's2', '第二中学'),
    person('c', '陈静', 's1', '第一中学'),
    person('d', '刘洋', 's3', '第三中学'),
  ]
  const part = (runs: AttributedRun[]): PartDiff => ({
    key: 'objectives',
    title: { 'zh-CN': '教学目标', en: 'Teaching objectives' },
    status: 'changed',
    runs,
  })

  it('names only the people whose insertions or deletions are marked, grouped by school', () => {
    const parts = [
      part([same('x', 'd'), insert('y', 'c'), remove('z', 'b')]),
      part([insert('w', 'a'), insert('?', null)]),
    ]
    const legend = legendOf(parts, people)
    expect(legend.map((school) => school.schoolId).sort()).toEqual(['s1', 's2'])
    const first = legend.find((school) => school.schoolId === 's1')
    expect(first?.people.map((p) => p.id).sort()).toEqual(['a', 'c'])
    expect(legend.flatMap((school) => school.people).some((p) => p.id === 'd')).toBe(false)
  })

  it('is empty when nothing is marked', () => {
    expect(legendOf([part([same('x', 'a')])], people)).toEqual([])
  })

  it('counts a part as changed by its status or by a marked run', () => {
    expect(partChanged(part([same('x')]))).toBe(true)
    expect(partChanged({ ...part([same('x')]), status: 'same' })).toBe(false)
    expect(partChanged({ ...part([insert('x', 'a')]), status: 'same' })).toBe(true)
  })
})
