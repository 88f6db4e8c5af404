/** The prep feature's public API: what the app, other features and tests use. */
export type { PersonalBase } from './personalPlans.ts'
export { personalBasePlan } from './personalPlans.ts'
export { needsLeadSignOff } from './policy.ts'
export { personOf, personRefs } from './queries.ts'
export { prepRoutes } from './routes.ts'
export type {
  BringInBody,
  CreateTaskBody,
  PersonalPlanBody,
  ReflectionBody,
  TransitionBody,
  UpdateReflectionBody,
  UpdateTaskBody,
} from './schema.ts'
