/** The history feature (issue 20): authorship, contributors, versions, compare and restore. */
export type { AttributedText, ClientAuthors, TextAuthor } from './authorship/attribution.ts'
export { attributeParts, authorRuns } from './authorship/attribution.ts'
export { contributorsOf } from './authorship/contributors.ts'
export { contributorRoutes } from './authorship/routes.ts'
export { compareRoutes } from './compare/routes.ts'
export { versionState } from './compare/versionState.ts'
