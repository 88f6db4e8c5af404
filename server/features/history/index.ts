/** The history feature: versions of a plan (automatic, named, milestones), restore, authorship. */

export { versionRoutes } from './routes/versionRoutes.ts'
export { changedPartsBetween, EMPTY_PLAN } from './versions/planOfState.ts'
export type { VersionRequest, VersionTiming } from './versions/VersionRecorder.ts'
export { DEFAULT_VERSION_TIMING, VersionRecorder } from './versions/VersionRecorder.ts'
export { MILESTONE_NAMES, signedVersionName } from './versions/versionNames.ts'
