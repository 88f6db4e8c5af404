import { diffChars } from 'diff'
import type { AttributedRun } from '../../../../shared/history/versionApi.ts'
import { type AttributedText, authorIdOf } from '../authorship/attribution.ts'

/**
 * Longest stretch (deleted + inserted units together) between two unchanged ones that is
 * compared character by character: a paragraph split, or text deleted and typed again, comes
 * out as the little that really changed. Longer stretches (a section restored from a version:
 * all new items) stay one deletion and one insertion.
 */
const REFINE_LIMIT = 20_000

/** Longest time one stretch's character diff may take. */
const REFINE_TIMEOUT_MS = 200

/** What the identity alignment says of one unit. */
type Op = AttributedRun['op']

/** One unit of the comparison: where it is in `from` or `to`, and what happened to it. */
interface Step {
  op: Op
  /** Index in `from` (delete) or `to` (insert, same). */
  at: number
}

/** Runs of `text[start, end)` split where the author changes, all with `op`. */
function runsOf(text: AttributedText, start: number, end: number, op: Op, out: AttributedRun[]) {
  let runStart = start
  for (let index = start + 1; index <= end; index += 1) {
    const previous = authorIdOf(text.authors[index - 1] ?? null)
    if (index < end && authorIdOf(text.authors[index] ?? null) === previous) continue
    const last = out[out.length - 1]
    const piece = text.text.slice(runStart, index)
    if (last && last.op === op && last.authorId === previous) last.text += piece
    else out.push({ text: piece, op, authorId: previous })
    runStart = index
  }
}

/**
 * Aligns two versions' texts by the Yjs identity of each unit: a unit both hold is unchanged,
 * one only `from` holds was deleted, one only `to` holds was inserted. Items keep their order
 * in a document, so one linear walk suffices. Generated units (labels) match when equal.
 */
function alignByIdentity(from: AttributedText, to: AttributedText): Step[] {
  const inTo = new Set<string>()
  for (const id of to.ids) if (id !== null) inTo.add(id)
  const inFrom = new Set<string>()
  for (const id of from.ids) if (id !== null) inFrom.add(id)
  const steps: Step[] = []
  let i = 0
  let j = 0
  while (i < from.text.length || j < to.text.length) {
    const a = i < from.text.length ? (from.ids[i] ?? null) : undefined
    const b = j < to.text.length ? (to.ids[j] ?? null) : undefined
    if (a !== undefined && a !== null && !inTo.has(a)) steps.push({ op: 'delete', at: i++ })
    else if (b !== undefined && b !== null && !inFrom.has(b)) steps.push({ op: 'insert', at: j++ })
    else if (a !== undefined && b !== undefined && a === b) {
      if (a === null && from.text[i] !== to.text[j]) {
        steps.push({ op: 'delete', at: i++ }, { op: 'insert', at: j++ })
      } else {
        steps.push({ op: 'same', at: j })
        i += 1
        j += 1
      }
    } else if (a === null) steps.push({ op: 'delete', at: i++ })
    else if (b === null) steps.push({ op: 'insert', at: j++ })
    else if (a === undefined) steps.push({ op: 'insert', at: j++ })
    else steps.push({ op: 'delete', at: i++ })
  }
  return steps
}

/**
 * A changed stretch (`deleted` units of `from`, `inserted` of `to`, in order) as runs: compared
 * character by character when it is short enough, so that text deleted and written again
 * (new items, same characters) shows as unchanged.
 */
function changedStretch(
  from: AttributedText,
  to: AttributedText,
  deleted: number[],
  inserted: number[],
  out: AttributedRun[],
): void {
  const unitsOf = (text: AttributedText, at: number[]) =>
    at.map((index) => text.text[index]).join('')
  const changes =
    deleted.length > 0 && inserted.length > 0 && deleted.length + inserted.length <= REFINE_LIMIT
      ? diffChars(unitsOf(from, deleted), unitsOf(to, inserted), { timeout: REFINE_TIMEOUT_MS })
      : undefined
  if (!changes) {
    for (const index of deleted) runsOf(from, index, index + 1, 'delete', out)
    for (const index of inserted) runsOf(to, index, index + 1, 'insert', out)
    return
  }
  let d = 0
  let n = 0
  for (const change of changes) {
    for (let k = 0; k < change.value.length; k += 1) {
      if (change.removed) runsOf(from, deleted[d++] ?? 0, (deleted[d - 1] ?? 0) + 1, 'delete', out)
      else if (change.added)
        runsOf(to, inserted[n++] ?? 0, (inserted[n - 1] ?? 0) + 1, 'insert', out)
      else {
        d += 1
        runsOf(to, inserted[n++] ?? 0, (inserted[n - 1] ?? 0) + 1, 'same', out)
      }
    }
  }
}

/**
 * The character-level difference of two attributed texts of one document: unchanged text (with
 * its author in `to`), insertions (who wrote them in `to`) and deletions (who had written them
 * in `from`). Aligned by the Yjs identity of every character (linear in the texts' length),
 * and refined character by character where text was deleted and written again.
 */
export function attributedDiff(from: AttributedText, to: AttributedText): AttributedRun[] {
  const runs: AttributedRun[] = []
  let deleted: number[] = []
  let inserted: number[] = []
  const flush = () => {
    if (deleted.length > 0 || inserted.length > 0) changedStretch(from, to, deleted, inserted, runs)
    deleted = []
    inserted = []
  }
  for (const step of alignByIdentity(from, to)) {
    if (step.op === 'delete') deleted.push(step.at)
    else if (step.op === 'insert') inserted.push(step.at)
    else {
      flush()
      runsOf(to, step.at, step.at + 1, 'same', runs)
    }
  }
  flush()
  return runs
}
