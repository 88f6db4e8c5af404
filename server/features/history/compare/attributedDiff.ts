import type { AttributedRun } from '../../../../shared/history/versionApi.ts'
import { type AttributedText, authorIdOf } from '../authorship/attribution.ts'

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
 * A changed stretch (`deleted` units of `from`, `inserted` of `to`, in order) as runs. Text
 * deleted and written again (new items, same characters: a paragraph split, a retyped line)
 * keeps its common beginning and end as unchanged; the middle is the deletion and insertion.
 */
function changedStretch(
  from: AttributedText,
  to: AttributedText,
  deleted: number[],
  inserted: number[],
  out: AttributedRun[],
): void {
  const same = (d: number, n: number) => from.text[deleted[d] ?? -1] === to.text[inserted[n] ?? -1]
  let prefix = 0
  while (prefix < deleted.length && prefix < inserted.length && same(prefix, prefix)) prefix += 1
  let suffix = 0
  while (
    suffix < deleted.length - prefix &&
    suffix < inserted.length - prefix &&
    same(deleted.length - 1 - suffix, inserted.length - 1 - suffix)
  ) {
    suffix += 1
  }
  const unit = (text: AttributedText, index: number | undefined, op: Op) => {
    if (index !== undefined) runsOf(text, index, index + 1, op, out)
  }
  for (let k = 0; k < prefix; k += 1) unit(to, inserted[k], 'same')
  for (let k = prefix; k < deleted.length - suffix; k += 1) unit(from, deleted[k], 'delete')
  for (let k = prefix; k < inserted.length - suffix; k += 1) unit(to, inserted[k], 'insert')
  for (let k = inserted.length - suffix; k < inserted.length; k += 1) unit(to, inserted[k], 'same')
}

/**
 * The character-level difference of two attributed texts of one document: unchanged text (with
 * its author in `to`), insertions (who wrote them in `to`) and deletions (who had written them
 * in `from`). Aligned by the Yjs identity of every character, then, where text was deleted
 * and written again, by its common beginning and end: linear in the texts' length.
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
