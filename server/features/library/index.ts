/** The shared library (共享资源库): publishing, review (审核), provenance, ratings and search. */
export { publishPlan, reindexLibrary } from './commands.ts'
export { canPublish } from './policy.ts'
export { versionState } from './queries.ts'
export { libraryRoutes } from './routes.ts'
export type {
  LibraryQuery,
  LibrarySearchQuery,
  LibrarySettingsBody,
  PublishBody,
  ReviewBody,
  SubmissionDecisionBody,
  SubmissionsQuery,
  WithdrawBody,
} from './schema.ts'
export {
  BOUNDARY_TOKEN,
  FTS_TOKENIZE,
  indexTokens,
  MAX_QUERY_LENGTH,
  QueryTooLongError,
  queryExpression,
} from './search/cjkTokens.ts'
export { demoPlanEntry, demoPlanParagraphs } from './search/demoEntries.ts'
export type {
  LibrarySearch,
  LibrarySearchEntry,
  LibrarySearchHit,
} from './search/LibrarySearch.ts'
export { LibrarySearchIndex } from './search/LibrarySearchIndex.ts'
export { PostgresLibrarySearch } from './search/PostgresLibrarySearch.ts'
export type { PublishedSnapshot } from './snapshot.ts'
export { publishedSnapshot } from './snapshot.ts'
