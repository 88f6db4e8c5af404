import { and, asc, eq, inArray, ne, or, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { createUserBody, updateUserBody } from '../../../shared/apiSchemas.ts'
import { CloseCode } from '../../../shared/closeCodes.ts'
import type { PublicUser } from '../../../shared/domain.ts'
import { recordAudit } from '../../audit.ts'
import type { AppDb } from '../../db/appDb.ts'
import { groupMembers, schools, users } from '../../db/schema.ts'
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { revokeUserTokens } from './apiTokens.ts'
import { newId } from './crypto.ts'
import { hashPassword } from './passwords.ts'
import type { Principal } from './principal.ts'
import { isUniqueViolation } from './schoolRoutes.ts'
import { deleteUserSessions } from './sessions.ts'

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  schoolId: users.schoolId,
  schoolName: schools.name,
  role: users.role,
  language: users.language,
  disabled: users.disabled,
}

/**
 * Users the principal may see: everyone for the alliance admin; one's own school for a
 * school admin; one's own school and the co-members of one's groups for a teacher.
 */
function visibleUsersCondition(db: AppDb, principal: Principal): SQL | undefined {
  const { user } = principal
  if (user.role === 'alliance_admin') return undefined
  const sameSchool = eq(users.schoolId, user.schoolId)
  if (user.role === 'school_admin') return sameSchool
  const myGroups = db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, user.id))
  const coMembers = db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(inArray(groupMembers.groupId, myGroups))
  return or(sameSchool, inArray(users.id, coMembers))
}

async function selectUsers(db: AppDb, condition: SQL | undefined): Promise<PublicUser[]> {
  return db
    .select(publicColumns)
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(condition)
    .orderBy(asc(users.username))
    .all()
}

/** Whether the principal administers `target` (alliance admin: all; school admin: own school, not alliance admins). */
function administers(principal: Principal, target: { schoolId: string; role: string }): boolean {
  const { user } = principal
  if (user.role === 'alliance_admin') return true
  return (
    user.role === 'school_admin' &&
    target.schoolId === user.schoolId &&
    target.role !== 'alliance_admin'
  )
}

/** 409 unless an enabled alliance admin other than `userId` remains: the alliance keeps one. */
async function requireAnotherAllianceAdmin(db: AppDb, userId: string): Promise<void> {
  const other = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'alliance_admin'), eq(users.disabled, false), ne(users.id, userId)))
    .get()
  if (!other) {
    throw new DomainError(
      'last_alliance_admin',
      'The alliance needs an alliance admin: appoint another one before disabling or demoting this one',
    )
  }
}

/** Accounts: listed within the caller's reach, managed by school and alliance admins. */
export const userRoutes = new Hono<AppEnv>()
  .get('/users', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await selectUsers(db, visibleUsersCondition(db, principal)),
    })
  })
  .get('/users/:id', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const [user] = await selectUsers(
      db,
      and(eq(users.id, c.req.param('id')), visibleUsersCondition(db, principal)),
    )
    if (!user) throw notFound('User')
    return c.json({ ok: true as const, user })
  })
  .post('/users', jsonBody(createUserBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const schoolId = body.schoolId ?? principal.user.schoolId
    if (!administers(principal, { schoolId, role: body.role })) throw forbidden()
    if (
      !(await db.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId)).get())
    ) {
      throw badRequest('schoolId: no such school')
    }
    const id = newId()
    const now = Date.now()
    try {
      await db
        .insert(users)
        .values({
          id,
          username: body.username,
          displayName: body.displayName,
          schoolId,
          role: body.role,
          language: body.language,
          passwordHash: await hashPassword(body.password),
          createdAt: now,
          updatedAt: now,
        })
        .run()
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This username is taken')
      throw error
    }
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'user_created',
      targetType: 'user',
      targetId: id,
      schoolId,
      ip: c.var.clientAddress,
      details: { role: body.role },
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/users/:id', jsonBody(updateUserBody), async (c) => {
    const { db, connections } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await db
      .select({ schoolId: users.schoolId, role: users.role })
      .from(users)
      .where(eq(users.id, targetId))
      .get()
    if (!target) throw notFound('User')
    const body = c.req.valid('json')
    const newRole = body.role ?? target.role
    if (!administers(principal, target) || !administers(principal, { ...target, role: newRole })) {
      throw forbidden()
    }
    if (target.role === 'alliance_admin' && (body.disabled === true || newRole !== target.role)) {
      await requireAnotherAllianceAdmin(db, targetId)
    }
    const { password, ...rest } = body
    await db
      .update(users)
      .set({
        ...rest,
        ...(password ? { passwordHash: await hashPassword(password) } : {}),
        updatedAt: Date.now(),
      })
      .where(eq(users.id, targetId))
      .run()
    if (body.disabled === true || password) {
      await deleteUserSessions(db, targetId)
      await revokeUserTokens(db, targetId)
      connections.closeUser(targetId, {
        code: CloseCode.CredentialsRevoked,
        reason: body.disabled ? 'account disabled' : 'password reset',
      })
    }
    // A disabled account's live-session streams end too (websockets were closed above).
    if (body.disabled === true) await c.var.services.recheckAccess([targetId])
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'user_updated',
      targetType: 'user',
      targetId,
      schoolId: target.schoolId,
      ip: c.var.clientAddress,
      details: { ...rest, passwordReset: Boolean(password) },
    })
    return c.json({ ok: true as const })
  })
  .post('/users/:id/unlock', async (c) => {
    const { db, throttle } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await db
      .select({ username: users.username, schoolId: users.schoolId, role: users.role })
      .from(users)
      .where(eq(users.id, targetId))
      .get()
    if (!target) throw notFound('User')
    if (!administers(principal, target)) throw forbidden()
    await throttle.unlock(target.username)
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'login_unlocked',
      targetType: 'user',
      targetId,
      schoolId: target.schoolId,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const })
  })
