import { Hono } from 'hono'
import { CloseCode } from '../../../../shared/closeCodes.ts'
import { recordAudit } from '../../../audit.ts'
import { badRequest, notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { createUser, deleteUserSessions, revokeUserTokens, updateUser } from '../commands.ts'
import {
  assertAnotherAllianceAdmin,
  assertMayCreateUser,
  assertMayUnlock,
  assertMayUpdateUser,
  removesAllianceAdmin,
  userScope,
} from '../policy.ts'
import {
  anotherAllianceAdminExists,
  findVisibleUser,
  listVisibleUsers,
  loadManagedUser,
  schoolExists,
} from '../queries.ts'
import { createUserBody, updateUserBody } from '../schema.ts'

/** Accounts: listed within the caller's reach, managed by school and alliance admins. */
export const userRoutes = new Hono<AppEnv>()
  .get('/users', async (c) => {
    const principal = requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await listVisibleUsers(c.var.services.kdb, userScope(principal)),
    })
  })
  .get('/users/:id', async (c) => {
    const principal = requirePrincipal(c)
    const user = await findVisibleUser(c.var.services.kdb, userScope(principal), c.req.param('id'))
    if (!user) throw notFound('User')
    return c.json({ ok: true as const, user })
  })
  .post('/users', jsonBody(createUserBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const schoolId = body.schoolId ?? principal.user.schoolId
    assertMayCreateUser(principal, { schoolId, role: body.role })
    if (!(await schoolExists(kdb, schoolId))) throw badRequest('schoolId: no such school')
    const id = await createUser(kdb, { ...body, schoolId })
    await recordAudit(kdb, {
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
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await loadManagedUser(kdb, targetId)
    if (!target) throw notFound('User')
    const body = c.req.valid('json')
    assertMayUpdateUser(principal, target, body.role ?? target.role)
    if (removesAllianceAdmin(target, body)) {
      assertAnotherAllianceAdmin(await anotherAllianceAdminExists(kdb, targetId))
    }
    await updateUser(kdb, targetId, body)
    const { password, ...rest } = body
    if (body.disabled === true || password) {
      await deleteUserSessions(kdb, targetId)
      await revokeUserTokens(kdb, targetId)
      connections.closeUser(targetId, {
        code: CloseCode.CredentialsRevoked,
        reason: body.disabled ? 'account disabled' : 'password reset',
      })
    }
    // A disabled account's live-session streams end too (websockets were closed above).
    if (body.disabled === true) await c.var.services.recheckAccess([targetId])
    await recordAudit(kdb, {
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
    const { kdb, throttle } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await loadManagedUser(kdb, targetId)
    if (!target) throw notFound('User')
    assertMayUnlock(principal, target)
    await throttle.unlock(target.username)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'login_unlocked',
      targetType: 'user',
      targetId,
      schoolId: target.schoolId,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const })
  })
