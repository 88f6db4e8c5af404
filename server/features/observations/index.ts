/** The 听评课 feature (issue 22): rubrics, observations, observer sheets, reports and their follow-up. */
export { observationCounts } from './queries.ts'
export { reportForSubject } from './reportQueries.ts'
export { observationRoutes } from './routes.ts'
export { rubricRoutes } from './rubricRoutes.ts'
export { seedDefaultRubrics } from './rubrics.ts'
export { sheetRoutes } from './sheetRoutes.ts'
