import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { parsePlan, yDocToJSON } from '../../../shared/editor/derive.ts'
import { DomainError } from '../../domainError.ts'

/** 422 `invalid_plan_content`: the plan's content does not fit the plan schema. */
export function invalidPlanContent(detail: string): DomainError {
  return new DomainError(
    'invalid_plan_content',
    `The plan's content does not fit the lesson-plan structure (${detail.slice(0, 160)}); open it in the editor and fix it first`,
  )
}

/**
 * The plan JSON of a Yjs state, checked against the plan schema (node types and structure), for
 * what is published or reviewed; a state that does not fit is a 422, never a 500.
 */
export function checkedPlanJSON(state: Uint8Array): JSONContent {
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, state)
    const json = yDocToJSON(ydoc)
    parsePlan(json)
    return json
  } catch (error) {
    throw invalidPlanContent(error instanceof Error ? error.message : String(error))
  } finally {
    ydoc.destroy()
  }
}
