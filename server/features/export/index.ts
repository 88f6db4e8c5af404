/** The export feature (issue 21): plans to Word (.docx) and PDF, and Word plans brought in. */

export { buildPlanDocx } from './docx/planDocx.ts'
export { parseDocx } from './import/parseDocx.ts'
export { exportRoutes } from './routes/exportRoutes.ts'
export { importRoutes } from './routes/importRoutes.ts'
export { libraryExportRoutes } from './routes/libraryExportRoutes.ts'
