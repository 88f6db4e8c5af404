/** The export feature (issue 21): plans to Word (.docx) and PDF. */

export { buildPlanDocx } from './docx/planDocx.ts'
export { exportRoutes } from './routes/exportRoutes.ts'
