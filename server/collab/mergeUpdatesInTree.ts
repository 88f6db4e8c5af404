import * as Y from 'yjs'

/** How many updates one Y.mergeUpdates call folds; its cost grows faster than linearly. */
const MERGE_FAN_IN = 32

/**
 * Merges Yjs updates into one, `MERGE_FAN_IN` at a time and then the results again, so that a
 * burst of thousands of updates costs about linear time (one Y.mergeUpdates over all of them
 * is quadratic).
 */
export function mergeUpdatesInTree(updates: readonly Uint8Array[]): Uint8Array {
  let level: readonly Uint8Array[] = updates
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let start = 0; start < level.length; start += MERGE_FAN_IN) {
      const chunk = level.slice(start, start + MERGE_FAN_IN)
      next.push(chunk.length === 1 ? (chunk[0] as Uint8Array) : Y.mergeUpdates(chunk))
    }
    level = next
  }
  const merged = level[0]
  if (!merged) throw new Error('nothing to merge')
  return merged
}
