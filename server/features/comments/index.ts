/** The comments feature's public API: what the app, other features and tests use. */

export { writeThread } from './commands.ts'
export { recordedDecisionLines } from './queries.ts'
export { commentRoutes } from './routes.ts'
export type { CommentTextBody, CreateThreadBody, ResolveThreadBody } from './schema.ts'
