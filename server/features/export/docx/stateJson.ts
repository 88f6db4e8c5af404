import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { yDocToJSON } from '../../../../shared/editor/derive.ts'
import { readRecordJSON } from '../../../../shared/meetings/recordSchema.ts'

function withDoc<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return read(doc)
  } finally {
    doc.destroy()
  }
}

/** The plan JSON of a stored Yjs state. */
export function planOfState(state: Uint8Array): JSONContent {
  return withDoc(state, yDocToJSON)
}

/** The record (集体备课记录) JSON of a stored Yjs state. */
export function recordOfState(state: Uint8Array): JSONContent {
  return withDoc(state, readRecordJSON)
}
