import { Hono } from 'hono'
import { CloseCode } from '../../../../shared/closeCodes.ts'
import { oneTimeLinkUrl } from '../../../../shared/identity/oneTimeLinks.ts'
import { recordAudit } from '../../../audit.ts'
import { inTransaction } from '../../../db/executor.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import { badRequest, DomainError, notFound } from '../../../domainError.ts'
import {
  type AppEnv,
  jsonBody,
  publicOrigin,
  queryOf,
  requirePrincipal,
} from '../../../http/context.ts'
import {
  clearPassword,
  createUser,
  deleteUserSessions,
  revokeUserTokens,
  updateUser,
} from '../commands.ts'
import { createOneTimeLink } from '../oneTimeLinks.ts'
import {
  adminUserScope,
  assertAnotherAllianceAdmin,
  assertMayCreateUser,
  assertMayIssueSignInLink,
  assertMayMoveUser,
  assertMayUnlock,
  assertMayUpdateUser,
  removesAllianceAdmin,
  userScope,
} from '../policy.ts'
import {
  anotherAllianceAdminExists,
  findVisibleUser,
  listAdminUsers,
  listVisibleUsers,
  loadManagedUser,
  loadSchoolState,
} from '../queries.ts'
import { adminUsersQuery, createUserBody, updateUserBody } from '../schema.ts'

/** 400 unless the school exists and takes new accounts (is not archived). */
async function assertSchoolTakesAccounts(db: AppKysely, schoolId: string): Promise<void> {
  const school = await loadSchoolState(db, schoolId)
  if (!school) throw badRequest('schoolId: no such school')
  if (school.archived) {
    throw new DomainError('school_archived', 'schoolId: the school is archived')
  }
}

/** Accounts: listed within the caller's reach, managed by school and alliance admins. */
export const userRoutes = new Hono<AppEnv>()
  .get('/users', async (c) => {
    const principal = requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await listVisibleUsers(c.var.services.kdb, userScope(principal)),
    })
  })
  .get('/admin/users', queryOf(adminUsersQuery), async (c) => {
    const scope = adminUserScope(requirePrincipal(c))
    const page = await listAdminUsers(c.var.services.kdb, scope, c.req.valid('query'))
    return c.json({ ok: true as const, ...page })
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
    await assertSchoolTakesAccounts(kdb, schoolId)
    const created = await inTransaction(c.var.services.executor, async (ktx) => {
      const id = await createUser(ktx, { ...body, schoolId })
      const link = body.password
        ? null
        : await createOneTimeLink(ktx, {
            purpose: 'sign_in',
            userId: id,
            createdBy: principal.user.id,
          })
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'user_created',
        targetType: 'user',
        targetId: id,
        schoolId,
        ip: c.var.clientAddress,
        details: { role: body.role, signInLink: link !== null },
      })
      return { id, link }
    })
    const link = created.link && {
      url: oneTimeLinkUrl(publicOrigin(c), 'sign_in', created.link.secret),
      expiresAt: created.link.expiresAt,
    }
    return c.json({ ok: true as const, id: created.id, ...(link ? { link } : {}) }, 201)
  })
  .patch('/users/:id', jsonBody(updateUserBody), async (c) => {
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await loadManagedUser(kdb, targetId)
    if (!target) throw notFound('User')
    const body = c.req.valid('json')
    assertMayUpdateUser(principal, target, body.role ?? target.role)
    const moved = body.schoolId !== undefined && body.schoolId !== target.schoolId
    if (body.schoolId !== undefined) {
      assertMayMoveUser(principal, target, body.schoolId)
      if (moved) await assertSchoolTakesAccounts(kdb, body.schoolId)
    }
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
    // A disabled account's live-session streams end too (websockets were closed above); a
    // moved account now reaches another school's plans (and no longer its old school's).
    if (body.disabled === true || moved) await c.var.services.recheckAccess([targetId])
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'user_updated',
      targetType: 'user',
      targetId,
      schoolId: target.schoolId,
      ip: c.var.clientAddress,
      details: {
        ...rest,
        passwordReset: Boolean(password),
        ...(moved ? { fromSchoolId: target.schoolId } : {}),
      },
    })
    return c.json({ ok: true as const })
  })
  .post('/users/:id/sign-in-link', async (c) => {
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    const targetId = c.req.param('id')
    const target = await loadManagedUser(kdb, targetId)
    if (!target) throw notFound('User')
    assertMayIssueSignInLink(principal, target, targetId)
    const link = await inTransaction(c.var.services.executor, async (ktx) => {
      await clearPassword(ktx, targetId)
      await deleteUserSessions(ktx, targetId)
      await revokeUserTokens(ktx, targetId)
      const created = await createOneTimeLink(ktx, {
        purpose: 'sign_in',
        userId: targetId,
        createdBy: principal.user.id,
      })
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'sign_in_link_created',
        targetType: 'user',
        targetId,
        schoolId: target.schoolId,
        ip: c.var.clientAddress,
      })
      return created
    })
    connections.closeUser(targetId, {
      code: CloseCode.CredentialsRevoked,
      reason: 'password reset',
    })
    return c.json({
      ok: true as const,
      url: oneTimeLinkUrl(publicOrigin(c), 'sign_in', link.secret),
      expiresAt: link.expiresAt,
    })
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
