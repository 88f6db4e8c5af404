/**
 * Server-side derivations from the shared schema (no DOM needed): Y.Doc ⇄ ProseMirror JSON,
 * plain text for search, and the header fields.
 */
import { getSchema, type JSONContent } from '@tiptap/core'
import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import { prosemirrorToYDoc, yDocToProsemirrorJSON } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import { planExtensions } from './extensions.ts'
import { PLAN_FRAGMENT } from './planSchema.ts'

export { headerOf } from './header.ts'
export { minutesSummary, processSteps } from './minutes.ts'
export { planText } from './planText.ts'

let schema: Schema | undefined

/** The ProseMirror schema of a plan, built once from {@link planExtensions}. */
export function planSchema(): Schema {
  schema ??= getSchema(planExtensions())
  return schema
}

/** A checked plan node from JSON; throws when the JSON does not fit the schema. */
export function parsePlan(json: JSONContent): PMNode {
  const node = planSchema().nodeFromJSON(json)
  node.check()
  return node
}

/** JSON normalised through the schema (defaults filled in, attributes in schema order). */
export function normalizePlanJSON(json: JSONContent): JSONContent {
  return planSchema().nodeFromJSON(json).toJSON()
}

/** A new Y.Doc holding the plan in the `default` fragment; throws on JSON that is not a valid plan. */
export function jsonToYDoc(json: JSONContent): Y.Doc {
  return prosemirrorToYDoc(parsePlan(json), PLAN_FRAGMENT)
}

/**
 * The plan JSON of a Y.Doc, normalised through the schema. Read-only: unlike the
 * yXmlFragmentToProseMirror* helpers it never modifies the Y.Doc. Throws on unknown node or
 * mark types; does not check the content structure (use {@link parsePlan} for that).
 */
export function yDocToJSON(ydoc: Y.Doc): JSONContent {
  return normalizePlanJSON(yDocToProsemirrorJSON(ydoc, PLAN_FRAGMENT))
}
