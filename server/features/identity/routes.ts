/**
 * The identity feature's HTTP sub-apps; `server/http/app.ts` mounts each one (auth under
 * `/auth`, the others at the API root).
 */
export { affiliationRoutes } from './routes/affiliationRoutes.ts'
export { auditRoutes } from './routes/auditRoutes.ts'
export { authRoutes } from './routes/authRoutes.ts'
export { groupRoutes } from './routes/groupRoutes.ts'
export { meRoutes } from './routes/meRoutes.ts'
export { schoolRoutes } from './routes/schoolRoutes.ts'
export { setupRoutes } from './routes/setupRoutes.ts'
export { termRoutes } from './routes/termRoutes.ts'
export { userRoutes } from './routes/userRoutes.ts'
export { teacherImportRoutes } from './teacherImport/routes.ts'
