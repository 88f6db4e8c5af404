import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely'
import type { AdminUser, GroupRole, PublicUser, UserRole } from '../../../shared/domain.ts'
import { type Database, parseJson } from '../../db/database.ts'
import { containsInsensitive } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { GroupRow, SchoolRow } from '../../db/schema.ts'
import { today } from './affiliationDay.ts'
import { activeHostSchoolIds } from './affiliationQueries.ts'
import type { ApiTokenInfo } from './credentials.ts'
import { NO_PASSWORD_HASH } from './passwords.ts'
import type { AdminUserScope, GroupScope, UserScope } from './policy.ts'
import type { AdminUsersQuery } from './schema.ts'

/** What the user conditions can refer to: a user row joined with its school. */
type UserScopeBuilder = ExpressionBuilder<Database, 'users' | 'schools'>

/** What the group conditions can refer to: a group row. */
type GroupScopeBuilder = ExpressionBuilder<Database, 'groups'>

/** A user row with its school's name, as the public-user query selects it. */
interface PublicUserRow extends Omit<PublicUser, 'disabled'> {
  disabled: number
}

/** A user as the API shows it, from its stored row (disabled is stored as 0/1). */
function publicUserOf(row: PublicUserRow): PublicUser {
  return { ...row, disabled: row.disabled !== 0 }
}

/** The columns of a user as the API shows it (users joined with schools). */
const PUBLIC_USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.displayName',
  'users.schoolId',
  'schools.name as schoolName',
  'users.role',
  'users.language',
  'users.disabled',
] as const

/** Users joined with their school, selecting the columns of a user as the API shows it. */
function selectPublicUsers(db: AppKysely) {
  return db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(PUBLIC_USER_COLUMNS)
}

/**
 * Loads a user as the API shows it, with the host schools of their exchange affiliations active
 * today (`affiliatedSchoolIds`); null if unknown or disabled.
 */
export async function loadPublicUser(db: AppKysely, userId: string): Promise<PublicUser | null> {
  const row = await selectPublicUsers(db).where('users.id', '=', userId).executeTakeFirst()
  if (row?.disabled !== 0) return null
  return {
    ...publicUserOf(row),
    affiliatedSchoolIds: await activeHostSchoolIds(db, userId, today()),
  }
}

/** The unexpired session with this id (the hash of its secret); null if none. */
export async function findLiveSession(
  db: AppKysely,
  sessionId: string,
  now: number,
): Promise<{ id: string; userId: string; lastSeenAt: number } | null> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'userId', 'lastSeenAt'])
    .where('id', '=', sessionId)
    .where('expiresAt', '>', now)
    .executeTakeFirst()
  return row ?? null
}

/** The unrevoked API token with this hash; null if none. */
export async function findLiveApiToken(
  db: AppKysely,
  tokenHash: string,
): Promise<{ id: string; userId: string; lastUsedAt: number | null } | null> {
  const row = await db
    .selectFrom('apiTokens')
    .select(['id', 'userId', 'lastUsedAt'])
    .where('tokenHash', '=', tokenHash)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

/** The user's live tokens, newest first. */
export async function listApiTokens(db: AppKysely, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'prefix', 'createdAt', 'lastUsedAt'])
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .execute()
}

/** The account a sign-in names (by lowercase username); null if none. */
export async function findLoginAccount(
  db: AppKysely,
  username: string,
): Promise<{ id: string; passwordHash: string; disabled: boolean } | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'passwordHash', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst()
  return row ? { ...row, disabled: row.disabled !== 0 } : null
}

/** The stored password hash of a user; null if there is no such user. */
export async function loadPasswordHash(db: AppKysely, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('passwordHash')
    .where('id', '=', userId)
    .executeTakeFirst()
  return row?.passwordHash ?? null
}

/** What the permission rules need of an account someone wants to manage; null if unknown. */
export async function loadManagedUser(
  db: AppKysely,
  userId: string,
): Promise<{ username: string; schoolId: string; role: UserRole } | null> {
  const row = await db
    .selectFrom('users')
    .select(['username', 'schoolId', 'role'])
    .where('id', '=', userId)
    .executeTakeFirst()
  return row ?? null
}

/** Whether an enabled alliance admin other than `userId` exists. */
export async function anotherAllianceAdminExists(db: AppKysely, userId: string): Promise<boolean> {
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'alliance_admin')
    .where('disabled', '=', 0)
    .where('id', '!=', userId)
    .executeTakeFirst()
  return Boolean(other)
}

/** The SQL condition on `users` of a user scope (always true for everyone's scope). */
function userScopeCondition(eb: UserScopeBuilder, scope: UserScope): Expression<SqlBool> {
  if (scope.kind === 'all') return eb.and([])
  if (scope.kind === 'school') return eb('users.schoolId', '=', scope.schoolId)
  const sameSchool = eb('users.schoolId', 'in', scope.schoolIds)
  const myGroups = eb
    .selectFrom('groupMembers')
    .select('groupMembers.groupId')
    .where('groupMembers.userId', '=', scope.userId)
  const coMembers = eb
    .selectFrom('groupMembers')
    .select('groupMembers.userId')
    .where('groupMembers.groupId', 'in', myGroups)
  return eb.or([sameSchool, eb('users.id', 'in', coMembers)])
}

/** The users within a scope, by username. */
export async function listVisibleUsers(db: AppKysely, scope: UserScope): Promise<PublicUser[]> {
  const rows = await selectPublicUsers(db)
    .where((eb) => userScopeCondition(eb, scope))
    .orderBy('users.username', 'asc')
    .execute()
  return rows.map(publicUserOf)
}

/** One user within a scope; null if unknown or out of the scope. */
export async function findVisibleUser(
  db: AppKysely,
  scope: UserScope,
  userId: string,
): Promise<PublicUser | null> {
  const row = await selectPublicUsers(db)
    .where('users.id', '=', userId)
    .where((eb) => userScopeCondition(eb, scope))
    .executeTakeFirst()
  return row ? publicUserOf(row) : null
}

/** The admin account list's conditions: its scope and the filters of the query. */
function adminUserConditions(
  db: AppKysely,
  eb: UserScopeBuilder,
  scope: AdminUserScope,
  query: AdminUsersQuery,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = []
  if (scope.kind === 'school') {
    conditions.push(eb('users.schoolId', '=', scope.schoolId))
    conditions.push(eb('users.role', '!=', 'alliance_admin'))
  }
  if (query.schoolId) conditions.push(eb('users.schoolId', '=', query.schoolId))
  if (query.role) conditions.push(eb('users.role', '=', query.role))
  if (query.status === 'disabled') conditions.push(eb('users.disabled', '=', 1))
  if (query.status === 'active' || query.status === 'pending') {
    conditions.push(eb('users.disabled', '=', 0))
    const op = query.status === 'active' ? '!=' : '='
    conditions.push(eb('users.passwordHash', op, NO_PASSWORD_HASH))
  }
  if (query.q) {
    const q = query.q
    conditions.push(
      eb.or(
        [
          eb.ref('users.username'),
          eb.ref('users.displayName'),
          eb.ref('users.phone'),
          eb.ref('users.email'),
        ].map((column) => containsInsensitive(db, column, q)),
      ),
    )
  }
  return eb.and(conditions)
}

/** A page of the admin account list (by school name, then display name) and the total count. */
export async function listAdminUsers(
  db: AppKysely,
  scope: AdminUserScope,
  query: AdminUsersQuery,
): Promise<{ items: AdminUser[]; total: number }> {
  const base = db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .where((eb) => adminUserConditions(db, eb, scope, query))
  const counted = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  const rows = await base
    .select([
      ...PUBLIC_USER_COLUMNS,
      'users.phone',
      'users.email',
      'users.subject',
      'users.grade',
      'users.createdAt',
      'users.passwordHash',
    ])
    .orderBy('schools.name', 'asc')
    .orderBy('users.displayName', 'asc')
    .orderBy('users.id', 'asc')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  const items = rows.map(({ passwordHash, disabled, ...row }) => ({
    ...row,
    disabled: disabled !== 0,
    hasPassword: passwordHash !== NO_PASSWORD_HASH,
  }))
  return { items, total: Number(counted?.n ?? 0) }
}

/** A school's state for a new or moved account: null if unknown, else whether it is archived. */
export async function loadSchoolState(
  db: AppKysely,
  schoolId: string,
): Promise<{ archived: boolean } | null> {
  const row = await db
    .selectFrom('schools')
    .select('archivedAt')
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return row ? { archived: row.archivedAt !== null } : null
}

/** A school with the number of its accounts, as the admin console lists it. */
export interface AdminSchool extends SchoolRow {
  userCount: number
}

/** Every school with its account count, oldest first. */
export async function listAdminSchools(db: AppKysely): Promise<AdminSchool[]> {
  const rows = await db
    .selectFrom('schools')
    .leftJoin('users', 'users.schoolId', 'schools.id')
    .select((eb) => [
      'schools.id',
      'schools.name',
      'schools.createdAt',
      'schools.archivedAt',
      eb.fn.count<number | string>('users.id').as('userCount'),
    ])
    .groupBy(['schools.id', 'schools.name', 'schools.createdAt', 'schools.archivedAt'])
    .orderBy('schools.createdAt', 'asc')
    .execute()
  return rows.map((row) => ({ ...row, userCount: Number(row.userCount) }))
}

/** Whether a school exists. */
export async function schoolExists(db: AppKysely, schoolId: string): Promise<boolean> {
  const row = await db
    .selectFrom('schools')
    .select('id')
    .where('id', '=', schoolId)
    .executeTakeFirst()
  return Boolean(row)
}

/** Every school of the alliance, oldest first. */
export function listSchools(db: AppKysely): Promise<SchoolRow[]> {
  return db.selectFrom('schools').selectAll().orderBy('createdAt', 'asc').execute()
}

/** The SQL condition on `groups` of a group scope (always true for every group's scope). */
export function groupScopeCondition(eb: GroupScopeBuilder, scope: GroupScope): Expression<SqlBool> {
  if (scope.kind === 'all') return eb.and([])
  if (scope.kind === 'memberSchool') {
    const schoolMembers = eb
      .selectFrom('groupMembers')
      .innerJoin('users', 'users.id', 'groupMembers.userId')
      .select('groupMembers.groupId')
      .where('users.schoolId', '=', scope.schoolId)
    return eb('groups.id', 'in', schoolMembers)
  }
  const mine = eb
    .selectFrom('groupMembers')
    .select('groupMembers.groupId')
    .where('groupMembers.userId', '=', scope.userId)
  return eb('groups.id', 'in', mine)
}

/** The groups within a scope, oldest first. */
export function listVisibleGroups(db: AppKysely, scope: GroupScope): Promise<GroupRow[]> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where((eb) => groupScopeCondition(eb, scope))
    .orderBy('createdAt', 'asc')
    .execute()
}

/** One group within a scope; null if unknown or out of the scope. */
export async function findVisibleGroup(
  db: AppKysely,
  scope: GroupScope,
  groupId: string,
): Promise<GroupRow | null> {
  const group = await db
    .selectFrom('groups')
    .selectAll()
    .where('id', '=', groupId)
    .where((eb) => groupScopeCondition(eb, scope))
    .executeTakeFirst()
  return group ?? null
}

/** A user's role in a group; null if not a member. */
export async function findMembershipRole(
  db: AppKysely,
  groupId: string,
  userId: string,
): Promise<GroupRole | null> {
  const membership = await db
    .selectFrom('groupMembers')
    .select('role')
    .where('groupId', '=', groupId)
    .where('userId', '=', userId)
    .executeTakeFirst()
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
export function listMembers(db: AppKysely, groupId: string): Promise<GroupMemberInfo[]> {
  return db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'groupMembers.userId',
      'groupMembers.role',
      'users.displayName',
      'users.schoolId',
      'schools.name as schoolName',
    ])
    .where('groupMembers.groupId', '=', groupId)
    .orderBy('groupMembers.createdAt', 'asc')
    .execute()
}

/** An entry of the audit log as listed (its details parsed). */
export interface AuditEntry extends Omit<Selectable<Database['auditLog']>, 'details'> {
  details: Record<string, unknown> | null
}

/** The latest audit entries, newest first: of one school, or of all (`schoolId` null). */
export async function listAuditEntries(
  db: AppKysely,
  options: { schoolId: string | null; limit: number },
): Promise<AuditEntry[]> {
  let query = db.selectFrom('auditLog').selectAll()
  if (options.schoolId !== null) query = query.where('schoolId', '=', options.schoolId)
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute()
  return rows.map((row) => ({
    ...row,
    details: row.details === null ? null : parseJson(row.details),
  }))
}
