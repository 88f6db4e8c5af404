import fs from 'node:fs'
import zlib from 'node:zlib'
import * as Y from 'yjs'
import { TRACE_FILE } from './paths.ts'

/** One edit of a trace: at `position`, delete `deleted` characters and insert `inserted`. */
export type Patch = [number, number, string]

/** A sequential editing trace (../shared/data/editing-traces). */
export interface Trace {
  endContent: string
  txns: Array<{ patches: Patch[] }>
}

/** Reads the automerge-paper trace. */
export function loadTrace(): Trace {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(TRACE_FILE)).toString()) as Trace
}

/** Applies one transaction of the trace to `text`. */
export function applyTxn(doc: Y.Doc, text: Y.Text, patches: readonly Patch[]): void {
  doc.transact(() => {
    for (const [position, deleted, inserted] of patches) {
      if (deleted > 0) text.delete(position, deleted)
      if (inserted) text.insert(position, inserted)
    }
  })
}

/** The text after the first `count` transactions. */
export function contentAfter(trace: Trace, count: number): string {
  if (count >= trace.txns.length) return trace.endContent
  const doc = new Y.Doc()
  const text = doc.getText('content')
  for (const txn of trace.txns.slice(0, count)) applyTxn(doc, text, txn.patches)
  const content = text.toString()
  doc.destroy()
  return content
}
