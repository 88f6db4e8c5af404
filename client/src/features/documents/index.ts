import { lazy } from 'react'

// Documents: the plan list, the plan page, the collaborative editors, new plans.
// The editors (Tiptap collaboration, Yjs, IndexedDB) are lazy components: this index is part of
// the first download, and what it re-exports statically is too.
export { documentKeys, useDocument, usePlans } from './api.ts'
export type { PlanDocument } from './editor/PlanEditor.tsx'
export { ReadOnlyPlan } from './editor/ReadOnlyPlan.tsx'
export { useSchoolColor } from './editor/schoolColors.ts'
export { HomePage } from './HomePage.tsx'

/** `/plans/<documentId>`, loaded when a plan is first opened. */
export const PlanPage = lazy(async () => ({ default: (await import('./PlanPage.tsx')).PlanPage }))

/** The collaborative lesson-plan editor, loaded on first use (render it under <Suspense>). */
export const PlanEditor = lazy(async () => ({
  default: (await import('./editor/PlanEditor.tsx')).PlanEditor,
}))

/** The co-edited minutes of a meeting, loaded on first use (render it under <Suspense>). */
export const MinutesEditor = lazy(async () => ({
  default: (await import('./editor/MinutesEditor.tsx')).MinutesEditor,
}))
