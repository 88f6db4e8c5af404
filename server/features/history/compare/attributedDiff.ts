import { diffChars } from 'diff'
import type { AttributedRun } from '../../../../shared/history/versionApi.ts'
import { type AttributedText, authorIdOf } from '../authorship/attribution.ts'

/**
 * Longest time one part's character diff may take; past it the part is shown as deleted and
 * inserted whole (a rewritten long part, where a character diff says little anyway).
 */
const DIFF_TIMEOUT_MS = 500

/** Runs of `text[start, end)` split where the author changes, all with `op`. */
function runsOf(
  text: AttributedText,
  start: number,
  end: number,
  op: AttributedRun['op'],
  out: AttributedRun[],
): void {
  let runStart = start
  for (let index = start + 1; index <= end; index += 1) {
    const previous = authorIdOf(text.authors[index - 1] ?? null)
    if (index < end && authorIdOf(text.authors[index] ?? null) === previous) continue
    out.push({ text: text.text.slice(runStart, index), op, authorId: previous })
    runStart = index
  }
}

/**
 * The character-level difference of two attributed texts: unchanged text (with its author in
 * `to`), insertions (who wrote them in `to`) and deletions (who had written them in `from`).
 */
export function attributedDiff(from: AttributedText, to: AttributedText): AttributedRun[] {
  const runs: AttributedRun[] = []
  if (from.text === to.text) {
    runsOf(to, 0, to.text.length, 'same', runs)
    return runs
  }
  const changes = diffChars(from.text, to.text, { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: from.text, added: false, removed: true, count: 1 },
    { value: to.text, added: true, removed: false, count: 1 },
  ]
  let inFrom = 0
  let inTo = 0
  for (const change of changes) {
    const length = change.value.length
    if (change.removed) {
      runsOf(from, inFrom, inFrom + length, 'delete', runs)
      inFrom += length
    } else if (change.added) {
      runsOf(to, inTo, inTo + length, 'insert', runs)
      inTo += length
    } else {
      runsOf(to, inTo, inTo + length, 'same', runs)
      inFrom += length
      inTo += length
    }
  }
  return runs
}
