import { Hono } from 'hono'
import type { AppEnv } from '../../http/context.ts'
import { lifecycleRoutes } from './routes/lifecycleRoutes.ts'
import { personalPlanRoutes } from './routes/personalPlanRoutes.ts'
import { reflectionRoutes } from './routes/reflectionRoutes.ts'
import { taskRoutes } from './routes/taskRoutes.ts'

/**
 * The prep API (集体备课): preparation tasks, the plan life cycle, 个案 and reflections. Order
 * does not matter here: no static path sits beside a `:param` path among these routes.
 */
export const prepRoutes = new Hono<AppEnv>()
  .route('/', taskRoutes)
  .route('/', lifecycleRoutes)
  .route('/', personalPlanRoutes)
  .route('/', reflectionRoutes)
