import * as Y from 'yjs'
import type { DocumentStore } from './DocumentStore.ts'

/** A document's stored state (snapshot and the log after it) as one update. */
export async function loadState(store: DocumentStore, documentId: string): Promise<Uint8Array> {
  const stored = await store.load(documentId)
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}
