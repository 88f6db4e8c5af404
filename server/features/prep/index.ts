/** The prep feature's public API: what the app, other features and tests use. */
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
