/** The export feature: plans to and from Word files. */
export { parseDocx } from './import/parseDocx.ts'
export { importRoutes } from './routes/importRoutes.ts'
