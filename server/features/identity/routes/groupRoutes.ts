import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { inTransaction } from '../../../db/executor.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { GroupRow } from '../../../db/schema.ts'
import { badRequest, notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../../http/context.ts'
import {
  createGroup,
  deleteGroup,
  removeMembership,
  setMembership,
  updateGroup,
} from '../commands.ts'
import { listGroupCandidates, listGroupItems } from '../groupQueries.ts'
import {
  assertGroupActive,
  assertMayArchiveGroup,
  assertMayCreateGroup,
  assertMayDeleteGroup,
  assertMayManageGroup,
  groupScope,
} from '../policy.ts'
import type { Principal } from '../principal.ts'
import { findMembershipRole, findVisibleGroup, listMembers, loadManagedUser } from '../queries.ts'
import {
  candidatesQuery,
  createGroupBody,
  listGroupsQuery,
  putMemberBody,
  updateGroupBody,
} from '../schema.ts'

/** A group the principal may see, or a 404. */
async function visibleGroup(
  db: AppKysely,
  principal: Principal,
  groupId: string,
): Promise<GroupRow> {
  const group = await findVisibleGroup(db, groupScope(principal), groupId)
  if (!group) throw notFound('Group')
  return group
}

/** A 403 unless the principal may edit this group and its members. */
async function requireGroupManager(
  db: AppKysely,
  principal: Principal,
  groupId: string,
): Promise<void> {
  assertMayManageGroup(principal, await findMembershipRole(db, groupId, principal.user.id))
}

/** Teaching-research groups and their members. */
export const groupRoutes = new Hono<AppEnv>()
  .get('/groups', queryOf(listGroupsQuery), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const items = await listGroupItems(kdb, groupScope(principal), c.req.valid('query'))
    return c.json({ ok: true as const, items })
  })
  .post('/groups', jsonBody(createGroupBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    assertMayCreateGroup(principal)
    const id = await createGroup(kdb, c.req.valid('json'))
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'group_created',
      targetType: 'group',
      targetId: id,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .get('/groups/:id', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    return c.json({
      ok: true as const,
      group,
      members: await listMembers(kdb, group.id),
    })
  })
  .patch('/groups/:id', jsonBody(updateGroupBody), async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    const { archived, ...fields } = c.req.valid('json')
    const changed = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    )
    const edits = Object.keys(changed).length > 0
    // Archiving is the alliance admin's; editing the fields also the group's lead's.
    if (archived !== undefined) assertMayArchiveGroup(principal)
    if (edits) await requireGroupManager(kdb, principal, group.id)
    // An archived group's settings are locked, unless this request restores it.
    if (edits && archived !== false) assertGroupActive(group)
    const archiving = archived !== undefined && archived !== (group.archivedAt !== null)
    if (!edits && !archiving) return c.json({ ok: true as const })
    await inTransaction(executor, async (ktx) => {
      await updateGroup(ktx, group.id, { ...fields, ...(archiving ? { archived } : {}) })
      const audit = { actorId: principal.user.id, targetType: 'group', targetId: group.id }
      if (edits) {
        await recordAudit(ktx, {
          ...audit,
          action: 'group_updated',
          ip: c.var.clientAddress,
          details: changed,
        })
      }
      if (archiving) {
        await recordAudit(ktx, {
          ...audit,
          action: archived ? 'group_archived' : 'group_restored',
          ip: c.var.clientAddress,
        })
      }
    })
    if (archiving) {
      const memberIds = (await listMembers(kdb, group.id)).map((member) => member.userId)
      await c.var.services.recheckAccess(memberIds)
    }
    return c.json({ ok: true as const })
  })
  .get('/groups/:id/candidates', queryOf(candidatesQuery), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    await requireGroupManager(kdb, principal, group.id)
    const items = await listGroupCandidates(kdb, group.id, c.req.valid('query').q)
    return c.json({ ok: true as const, items })
  })
  .delete('/groups/:id', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    assertMayDeleteGroup(principal)
    const memberIds = (await listMembers(kdb, group.id)).map((member) => member.userId)
    await deleteGroup(kdb, group.id)
    await recordAudit(kdb, {
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
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    return c.json({ ok: true as const, items: await listMembers(kdb, group.id) })
  })
  .put('/groups/:id/members/:userId', jsonBody(putMemberBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    await requireGroupManager(kdb, principal, group.id)
    assertGroupActive(group)
    const userId = c.req.param('userId')
    const target = await loadManagedUser(kdb, userId)
    if (!target) throw badRequest('userId: no such user')
    const { role } = c.req.valid('json')
    await setMembership(kdb, group.id, userId, role)
    await recordAudit(kdb, {
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
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const group = await visibleGroup(kdb, principal, c.req.param('id'))
    await requireGroupManager(kdb, principal, group.id)
    assertGroupActive(group)
    const userId = c.req.param('userId')
    if (!(await removeMembership(kdb, group.id, userId))) throw notFound('Membership')
    await recordAudit(kdb, {
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
