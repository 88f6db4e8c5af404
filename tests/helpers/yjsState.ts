import * as Y from 'yjs'

/** Whether `recovered` already holds everything in `update` (applying it changes nothing). */
export function containsUpdate(recovered: Y.Doc, update: Uint8Array): boolean {
  if (!Y.snapshotContainsUpdate(Y.snapshot(recovered), update)) return false
  const probe = new Y.Doc()
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(recovered))
  let changed = false
  probe.on('update', () => {
    changed = true
  })
  Y.applyUpdate(probe, update)
  probe.destroy()
  return !changed
}

/** A Y.Doc holding `state` (an update, for instance a stored state). */
export function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}
