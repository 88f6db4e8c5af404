/** The dashboard feature's public API (issue 24): the routes of the alliance dashboard. */
export { dashboardRoutes } from './routes.ts'
