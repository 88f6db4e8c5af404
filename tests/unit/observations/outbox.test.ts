import { describe, expect, it } from 'vitest'
import {
  acknowledge,
  enqueue,
  type StoredSheet,
} from '../../../client/src/features/observations/outboxStore.ts'
import {
  applyChange,
  changeKey,
  emptySheet,
  newClientId,
  requestOf,
  type SheetChange,
} from '../../../client/src/features/observations/sheetChanges.ts'
import { NOTE_ID_PATTERN } from '../../../shared/observations/observationApi.ts'

const EMPTY: StoredSheet = { base: null, info: null, entries: [], nextSeq: 1 }

/** A note change written at `at` and edited at `editedAt`. */
function note(id: string, text: string, editedAt: number, deleted = false): SheetChange {
  return { kind: 'note', id, note: { step: 0, text, at: 1000, editedAt, deleted } }
}

/** The sheet the queued changes make. */
function replay(stored: StoredSheet) {
  return stored.entries.reduce(
    (sheet, entry) => applyChange(sheet, entry.change),
    stored.base ?? emptySheet('obs-1'),
  )
}

describe('the observer outbox', () => {
  it('keeps one entry per slot: a later score for the same point replaces the unsent one', () => {
    let stored = enqueue(EMPTY, { kind: 'score', point: 'goals.1', value: 4 })
    stored = enqueue(stored, { kind: 'score', point: 'goals.2', value: 5 })
    stored = enqueue(stored, { kind: 'score', point: 'goals.1', value: 3 })
    expect(stored.entries.map((entry) => entry.key)).toEqual(['score:goals.2', 'score:goals.1'])
    expect(replay(stored).scores).toEqual({ 'goals.1': 3, 'goals.2': 5 })
  })

  it('keeps a change made while an older one of the same slot was being sent', () => {
    const first = enqueue(EMPTY, { kind: 'score', point: 'goals.1', value: 4 })
    const sentSeq = first.entries[0]?.seq ?? -1
    const typedMeanwhile = enqueue(first, { kind: 'score', point: 'goals.1', value: 2 })
    const answer = { ...emptySheet('obs-1'), scores: { 'goals.1': 4 } }
    const after = acknowledge(typedMeanwhile, sentSeq, answer)
    expect(after.entries).toHaveLength(1)
    expect(replay(after).scores).toEqual({ 'goals.1': 2 })
  })

  it('gives every note its own slot, so notes taken offline are all queued', () => {
    let stored = EMPTY
    for (const id of ['note-aaaa1', 'note-aaaa2', 'note-aaaa3'])
      stored = enqueue(stored, note(id, id, 1))
    expect(stored.entries).toHaveLength(3)
    expect(replay(stored).notes.map((item) => item.id)).toEqual([
      'note-aaaa1',
      'note-aaaa2',
      'note-aaaa3',
    ])
  })

  it('applies the latest edit of a note and hides a deleted one', () => {
    const base = applyChange(emptySheet('obs-1'), note('note-bbbb1', 'new', 20))
    expect(applyChange(base, note('note-bbbb1', 'old', 10)).notes[0]?.text).toBe('new')
    expect(applyChange(base, note('note-bbbb1', 'gone', 30, true)).notes).toEqual([])
  })

  it('sends each change as its idempotent request', () => {
    const id = 'obs-1'
    expect(requestOf(id, note('note-cccc1', 'x', 1))).toMatchObject({
      method: 'PUT',
      path: '/api/observations/obs-1/sheet/notes/note-cccc1',
    })
    expect(requestOf(id, { kind: 'timing', step: 2, at: 5 })).toEqual({
      method: 'PUT',
      path: '/api/observations/obs-1/sheet/timings',
      body: { step: 2, at: 5 },
    })
    expect(requestOf(id, { kind: 'bonus', key: 'bonus.style', value: 2 }).body).toEqual({
      bonus: [{ key: 'bonus.style', value: 2 }],
    })
    expect(changeKey({ kind: 'timing', step: 'end', at: null })).toBe('timing:end')
  })

  it('makes client ids the API accepts', () => {
    expect(newClientId()).toMatch(NOTE_ID_PATTERN)
    expect(newClientId()).not.toBe(newClientId())
  })
})
