import { and, asc, eq, inArray, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { createGroupBody, putMemberBody, updateGroupBody } from '../../../shared/apiSchemas.ts'
import { recordAudit } from '../../audit.ts'
import type { AppDb } from '../../db/appDb.ts'
import { groupMembers, groups, schools, users } from '../../db/schema.ts'
import { badRequest, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { newId } from './crypto.ts'
import type { Principal } from './principal.ts'

/**
 * Groups the principal may see: all for the alliance admin; for a school admin, groups with a
 * member from their school; for a teacher, their own groups.
 */
function visibleGroupsCondition(db: AppDb, principal: Principal): SQL | undefined {
  const { user } = principal
  if (user.role === 'alliance_admin') return undefined
  if (user.role === 'school_admin') {
    const schoolMembers = db
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(eq(users.schoolId, user.schoolId))
    return inArray(groups.id, schoolMembers)
  }
  const mine = db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, user.id))
  return inArray(groups.id, mine)
}

async function findVisibleGroup(db: AppDb, principal: Principal, groupId: string) {
  const group = await db
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), visibleGroupsCondition(db, principal)))
    .get()
  if (!group) throw notFound('Group')
  return group
}

/** Alliance admins manage every group; a lead manages their own. */
async function requireGroupManager(
  db: AppDb,
  principal: Principal,
  groupId: string,
): Promise<void> {
  if (principal.user.role === 'alliance_admin') return
  const membership = await db
    .select({ role: groupMembers.role })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, principal.user.id)))
    .get()
  if (membership?.role !== 'lead') throw forbidden()
}

function listMembers(db: AppDb, groupId: string) {
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

/** Teaching-research groups and their members. */
export const groupRoutes = new Hono<AppEnv>()
  .get('/groups', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const items = await db
      .select()
      .from(groups)
      .where(visibleGroupsCondition(db, principal))
      .orderBy(asc(groups.createdAt))
      .all()
    return c.json({ ok: true as const, items })
  })
  .post('/groups', jsonBody(createGroupBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    if (principal.user.role !== 'alliance_admin') throw forbidden()
    const id = newId()
    await db
      .insert(groups)
      .values({ id, ...c.req.valid('json'), createdAt: Date.now() })
      .run()
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'group_created',
      targetType: 'group',
      targetId: id,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .get('/groups/:id', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    return c.json({ ok: true as const, group, members: await listMembers(db, group.id) })
  })
  .patch('/groups/:id', jsonBody(updateGroupBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    await requireGroupManager(db, principal, group.id)
    await db.update(groups).set(c.req.valid('json')).where(eq(groups.id, group.id)).run()
    return c.json({ ok: true as const })
  })
  .delete('/groups/:id', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    if (principal.user.role !== 'alliance_admin') throw forbidden()
    const memberIds = (await listMembers(db, group.id)).map((member) => member.userId)
    await db.delete(groups).where(eq(groups.id, group.id)).run()
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'group_deleted',
      targetType: 'group',
      targetId: group.id,
      ip: c.var.clientAddress,
    })
    await c.var.services.recheckAccess(memberIds)
    return c.json({ ok: true as const })
  })
  .get('/groups/:id/members', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    return c.json({ ok: true as const, items: await listMembers(db, group.id) })
  })
  .put('/groups/:id/members/:userId', jsonBody(putMemberBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    await requireGroupManager(db, principal, group.id)
    const userId = c.req.param('userId')
    const target = await db
      .select({ schoolId: users.schoolId })
      .from(users)
      .where(eq(users.id, userId))
      .get()
    if (!target) throw badRequest('userId: no such user')
    const { role } = c.req.valid('json')
    await db
      .insert(groupMembers)
      .values({ groupId: group.id, userId, role, createdAt: Date.now() })
      .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.userId], set: { role } })
      .run()
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'membership_set',
      targetType: 'group',
      targetId: group.id,
      schoolId: target.schoolId,
      ip: c.var.clientAddress,
      details: { userId, role },
    })
    await c.var.services.recheckAccess([userId])
    return c.json({ ok: true as const })
  })
  .delete('/groups/:id/members/:userId', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const group = await findVisibleGroup(db, principal, c.req.param('id'))
    await requireGroupManager(db, principal, group.id)
    const userId = c.req.param('userId')
    const removed = await db
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, userId)))
      .returning({ userId: groupMembers.userId })
    if (removed.length === 0) throw notFound('Membership')
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'membership_removed',
      targetType: 'group',
      targetId: group.id,
      ip: c.var.clientAddress,
      details: { userId },
    })
    await c.var.services.recheckAccess([userId])
    return c.json({ ok: true as const })
  })
