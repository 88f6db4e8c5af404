import { lazy } from 'react'

// History: a plan's versions, preview, comparison with authors, restore and contributors.
// The page renders plans with the editor's extensions: it is a lazy component.
export { useVersions } from './api.ts'
export { HistoryLink } from './HistoryLink.tsx'

/** `/plans/<documentId>/history`, loaded when a plan's history is first opened. */
export const HistoryPage = lazy(async () => ({
  default: (await import('./HistoryPage.tsx')).HistoryPage,
}))
