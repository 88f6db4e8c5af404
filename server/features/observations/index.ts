/** The 听评课 feature (issue 22): rubrics, observations, observer sheets, reports and their follow-up. */
export { observationCounts } from './queries.ts'
export { observationRoutes, rubricRoutes } from './routes.ts'
export { seedDefaultRubrics } from './rubrics.ts'
