/** The history feature (issue 20): versions (automatic, named, milestones), restore, authorship, contributors and compare. */

export type { AttributedText, ClientAuthors, TextAuthor } from './authorship/attribution.ts'
export { attributeParts, authorRuns } from './authorship/attribution.ts'
export { contributorsOf } from './authorship/contributors.ts'
export { contributorRoutes } from './authorship/routes.ts'
export { compareRoutes } from './compare/routes.ts'
export { versionState } from './compare/versionState.ts'
export { versionRoutes } from './routes/versionRoutes.ts'
export { changedPartsBetween, EMPTY_PLAN } from './versions/planOfState.ts'
export type { VersionRequest, VersionTiming } from './versions/VersionRecorder.ts'
export { DEFAULT_VERSION_TIMING, VersionRecorder } from './versions/VersionRecorder.ts'
export { MILESTONE_NAMES, signedVersionName } from './versions/versionNames.ts'
