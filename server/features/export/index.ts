/** The export feature (issue 21): plans, meeting records, term binders and 评课报告 to Word and PDF, and Word plans brought in. */

export { BinderJobs } from './binder/BinderJobs.ts'
export { buildPlanDocx } from './docx/planDocx.ts'
export { parseDocx } from './import/parseDocx.ts'
export { binderRoutes } from './routes/binderRoutes.ts'
export { exportRoutes } from './routes/exportRoutes.ts'
export { importRoutes } from './routes/importRoutes.ts'
export { libraryExportRoutes } from './routes/libraryExportRoutes.ts'
export { minutesRoutes } from './routes/minutesRoutes.ts'
export { observationReportRoutes } from './routes/observationReportRoutes.ts'
