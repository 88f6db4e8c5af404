/** The library feature's public API: other code imports it only from here. */

export { canPublish, publishPlan, reindexLibrary } from './libraryCommands.ts'
export { libraryReviewRoutes } from './libraryReviewRoutes.ts'
export { libraryRoutes } from './libraryRoutes.ts'
export { provenanceRoutes } from './provenanceRoutes.ts'
export type { LibrarySearch } from './search/LibrarySearch.ts'
export { LibrarySearchIndex } from './search/LibrarySearchIndex.ts'
export { PostgresLibrarySearch } from './search/PostgresLibrarySearch.ts'
