/**
 * The identity feature's public API: sign-in, sessions, API tokens, the principal, the login
 * throttle, websocket upgrade authorization, and the routes of users, schools, groups, "me"
 * and the audit log. Other code imports identity only from here.
 */
export {
  type AffiliationClock,
  startAffiliationClock,
} from './affiliationClock.ts'
export { setTodaySource, today } from './affiliationDay.ts'
export {
  authorizeUpgrade,
  type UpgradeAuthDeps,
  type UpgradeDecision,
} from './authorizeUpgrade.ts'
export { createApiToken } from './commands.ts'
export { type ApiTokenInfo, SESSION_COOKIE } from './credentials.ts'
export { newId, sha256 } from './crypto.ts'
export { issueSetupLinkIfEmpty, printedOrigin } from './firstRun.ts'
export {
  DEFAULT_THROTTLE,
  type LoginThrottle,
  MemoryLoginThrottle,
  type ThrottlePolicy,
} from './LoginThrottle.ts'
export {
  type CreateAdminRequest,
  createAdminAccount,
  DEFAULT_SCHOOL_NAME,
  OperatorError,
  type OperatorResult,
  resetAccountPassword,
} from './operatorCommands.ts'
export { hashPassword } from './passwords.ts'
export {
  administers,
  assertAnotherAllianceAdmin,
  assertGroupActive,
  assertMayManageGroup,
  assertMayUpdateUser,
  auditScope,
  type GroupScope,
  groupScope,
  removesAllianceAdmin,
  type UserScope,
  userScope,
} from './policy.ts'
export { type Credentials, type Principal, resolvePrincipal } from './principal.ts'
export { loadPublicUser } from './queries.ts'
export { RedisLoginThrottle, ThrottleUnavailableError } from './RedisLoginThrottle.ts'
export {
  affiliationRoutes,
  auditRoutes,
  authRoutes,
  groupRoutes,
  meRoutes,
  schoolRoutes,
  setupRoutes,
  termRoutes,
  userRoutes,
} from './routes.ts'
export type {
  AuditQuery,
  ChangePasswordBody,
  CreateGroupBody,
  CreateTokenBody,
  CreateUserBody,
  LoginBody,
  PutMemberBody,
  SchoolBody,
  UpdateGroupBody,
  UpdateMeBody,
  UpdateUserBody,
} from './schema.ts'
export {
  auditQuery,
  changePasswordBody,
  createGroupBody,
  createTokenBody,
  createUserBody,
  loginBody,
  putMemberBody,
  schoolBody,
  updateGroupBody,
  updateMeBody,
  updateUserBody,
} from './schema.ts'
/** The teacher import (template, preview, import) of the admin console. */
export { teacherImportRoutes } from './teacherImport/routes.ts'
