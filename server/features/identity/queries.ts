import { and, asc, desc, eq, gt, inArray, isNull, ne, or, type SQL } from 'drizzle-orm'
import type { GroupRole, PublicUser, UserRole } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import {
  apiTokens,
  auditLog,
  type GroupRow,
  groupMembers,
  groups,
  type SchoolRow,
  schools,
  sessions,
  users,
} from '../../db/schema.ts'
import type { ApiTokenInfo } from './credentials.ts'
import type { GroupScope, UserScope } from './policy.ts'

/** The columns of a user as the API shows it. */
const publicUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  schoolId: users.schoolId,
  schoolName: schools.name,
  role: users.role,
  language: users.language,
  disabled: users.disabled,
}

/** Loads a user as the API shows it; null if unknown or disabled. */
export async function loadPublicUser(db: AppDb, userId: string): Promise<PublicUser | null> {
  const row = await db
    .select(publicUserColumns)
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(users.id, userId))
    .get()
  return row && !row.disabled ? row : null
}

/** The unexpired session with this id (the hash of its secret); null if none. */
export async function findLiveSession(
  db: AppDb,
  sessionId: string,
  now: number,
): Promise<{ id: string; userId: string; lastSeenAt: number } | null> {
  const row = await db
    .select({ id: sessions.id, userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .get()
  return row ?? null
}

/** The unrevoked API token with this hash; null if none. */
export async function findLiveApiToken(
  db: AppDb,
  tokenHash: string,
): Promise<{ id: string; userId: string; lastUsedAt: number | null } | null> {
  const row = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get()
  return row ?? null
}

/** The user's live tokens, newest first. */
export async function listApiTokens(db: AppDb, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))
    .all()
}

/** The account a sign-in names (by lowercase username); null if none. */
export async function findLoginAccount(
  db: AppDb,
  username: string,
): Promise<{ id: string; passwordHash: string; disabled: boolean } | null> {
  const row = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.username, username))
    .get()
  return row ?? null
}

/** The stored password hash of a user; null if there is no such user. */
export async function loadPasswordHash(db: AppDb, userId: string): Promise<string | null> {
  const row = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  return row?.passwordHash ?? null
}

/** What the permission rules need of an account someone wants to manage; null if unknown. */
export async function loadManagedUser(
  db: AppDb,
  userId: string,
): Promise<{ username: string; schoolId: string; role: UserRole } | null> {
  const row = await db
    .select({ username: users.username, schoolId: users.schoolId, role: users.role })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  return row ?? null
}

/** Whether an enabled alliance admin other than `userId` exists. */
export async function anotherAllianceAdminExists(db: AppDb, userId: string): Promise<boolean> {
  const other = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'alliance_admin'), eq(users.disabled, false), ne(users.id, userId)))
    .get()
  return Boolean(other)
}

/** The SQL condition on `users` of a user scope (undefined: everyone). */
function userScopeCondition(db: AppDb, scope: UserScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  const sameSchool = eq(users.schoolId, scope.schoolId)
  if (scope.kind === 'school') return sameSchool
  const myGroups = db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, scope.userId))
  const coMembers = db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(inArray(groupMembers.groupId, myGroups))
  return or(sameSchool, inArray(users.id, coMembers))
}

/** Users matching a condition, as the API shows them, by username. */
function selectUsers(db: AppDb, condition: SQL | undefined): Promise<PublicUser[]> {
  return db
    .select(publicUserColumns)
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(condition)
    .orderBy(asc(users.username))
    .all()
}

/** The users within a scope, by username. */
export function listVisibleUsers(db: AppDb, scope: UserScope): Promise<PublicUser[]> {
  return selectUsers(db, userScopeCondition(db, scope))
}

/** One user within a scope; null if unknown or out of the scope. */
export async function findVisibleUser(
  db: AppDb,
  scope: UserScope,
  userId: string,
): Promise<PublicUser | null> {
  const [user] = await selectUsers(db, and(eq(users.id, userId), userScopeCondition(db, scope)))
  return user ?? null
}

/** Whether a school exists. */
export async function schoolExists(db: AppDb, schoolId: string): Promise<boolean> {
  const row = await db
    .select({ id: schools.id })
    .from(schools)
    .where(eq(schools.id, schoolId))
    .get()
  return Boolean(row)
}

/** Every school of the alliance, oldest first. */
export function listSchools(db: AppDb): Promise<SchoolRow[]> {
  return db.select().from(schools).orderBy(asc(schools.createdAt)).all()
}

/** The SQL condition on `groups` of a group scope (undefined: every group). */
function groupScopeCondition(db: AppDb, scope: GroupScope): SQL | undefined {
  if (scope.kind === 'all') return undefined
  if (scope.kind === 'memberSchool') {
    const schoolMembers = db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(eq(users.schoolId, scope.schoolId))
    return inArray(groups.id, schoolMembers)
  }
  const mine = db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, scope.userId))
  return inArray(groups.id, mine)
}

/** The groups within a scope, oldest first. */
export function listVisibleGroups(db: AppDb, scope: GroupScope): Promise<GroupRow[]> {
  return db
    .select()
    .from(groups)
    .where(groupScopeCondition(db, scope))
    .orderBy(asc(groups.createdAt))
    .all()
}

/** One group within a scope; null if unknown or out of the scope. */
export async function findVisibleGroup(
  db: AppDb,
  scope: GroupScope,
  groupId: string,
): Promise<GroupRow | null> {
  const group = await db
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), groupScopeCondition(db, scope)))
    .get()
  return group ?? null
}

/** A user's role in a group; null if not a member. */
export async function findMembershipRole(
  db: AppDb,
  groupId: string,
  userId: string,
): Promise<GroupRole | null> {
  const membership = await db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .get()
  return membership?.role ?? null
}

/** A member of a group as the API lists it. */
export interface GroupMemberInfo {
  userId: string
  role: GroupRole
  displayName: string
  schoolId: string
  schoolName: string
}

/** The members of a group, in the order they joined. */
export function listMembers(db: AppDb, groupId: string): Promise<GroupMemberInfo[]> {
  return db
    .select({
      userId: groupMembers.userId,
      role: groupMembers.role,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.createdAt))
    .all()
}

/** The latest audit entries, newest first: of one school, or of all (`schoolId` null). */
export function listAuditEntries(
  db: AppDb,
  options: { schoolId: string | null; limit: number },
): Promise<(typeof auditLog.$inferSelect)[]> {
  return db
    .select()
    .from(auditLog)
    .where(options.schoolId === null ? undefined : eq(auditLog.schoolId, options.schoolId))
    .orderBy(desc(auditLog.id))
    .limit(options.limit)
    .all()
}
