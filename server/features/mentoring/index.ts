/** The 师徒结对 feature (issue 23): mentoring pairs, guidance requests and duties counted from the work. */
export { mentoringRoutes } from './routes.ts'
