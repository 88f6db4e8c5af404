import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { yDocToJSON } from '../../../../shared/editor/derive.ts'
import { comparePlans, type PlanPartKey } from '../../../../shared/editor/planDiff.ts'

/** An empty plan: what a document's first version is compared with. */
export const EMPTY_PLAN: JSONContent = { type: 'doc', content: [] }

/** A Y.Doc holding a stored state (the caller destroys it). */
export function docOfState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/** The plan JSON of a stored state. */
export function planOfState(state: Uint8Array): JSONContent {
  const doc = docOfState(state)
  try {
    return yDocToJSON(doc)
  } finally {
    doc.destroy()
  }
}

/** The plan parts that differ between two plans. */
export function changedPartsBetween(before: JSONContent, after: JSONContent): PlanPartKey[] {
  return comparePlans(before, after)
    .filter((part) => part.status !== 'same')
    .map((part) => part.key)
}
