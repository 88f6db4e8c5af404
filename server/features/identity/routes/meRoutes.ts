import { Hono } from 'hono'
import { CloseCode } from '../../../../shared/closeCodes.ts'
import { recordAudit } from '../../../audit.ts'
import { DomainError, notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import {
  createApiToken,
  deleteUserSessions,
  revokeApiToken,
  revokeUserTokens,
  setPassword,
  updateProfile,
} from '../commands.ts'
import { verifyPassword } from '../passwords.ts'
import { listApiTokens, loadPasswordHash, loadPublicUser } from '../queries.ts'
import { changePasswordBody, createTokenBody, updateMeBody } from '../schema.ts'

/** The signed-in user: profile, password and personal API tokens. */
export const meRoutes = new Hono<AppEnv>()
  .get('/me', (c) => {
    const principal = requirePrincipal(c)
    return c.json({ ok: true as const, user: principal.user, via: principal.via })
  })
  .patch('/me', jsonBody(updateMeBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    await updateProfile(kdb, principal.user.id, c.req.valid('json'))
    return c.json({ ok: true as const, user: await loadPublicUser(kdb, principal.user.id) })
  })
  .post('/me/password', jsonBody(changePasswordBody), async (c) => {
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    const { currentPassword, newPassword } = c.req.valid('json')
    const passwordHash = await loadPasswordHash(kdb, principal.user.id)
    if (passwordHash === null || !(await verifyPassword(passwordHash, currentPassword))) {
      throw new DomainError('wrong_password', 'The current password is wrong')
    }
    await setPassword(kdb, principal.user.id, newPassword)
    const revoked = await deleteUserSessions(
      kdb,
      principal.user.id,
      principal.sessionId ?? undefined,
    )
    for (const sessionId of revoked) {
      connections.closeSession(sessionId, {
        code: CloseCode.CredentialsRevoked,
        reason: 'password changed',
      })
    }
    // Tokens were granted under the old password: they go with it.
    const revokedTokens = await revokeUserTokens(kdb, principal.user.id)
    for (const tokenId of revokedTokens) {
      connections.closeToken(tokenId, {
        code: CloseCode.CredentialsRevoked,
        reason: 'password changed',
      })
    }
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'password_changed',
      targetType: 'user',
      targetId: principal.user.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { revokedSessions: revoked.length, revokedTokens: revokedTokens.length },
    })
    return c.json({ ok: true as const })
  })
  .get('/tokens', async (c) => {
    const principal = requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await listApiTokens(c.var.services.kdb, principal.user.id),
    })
  })
  .post('/tokens', jsonBody(createTokenBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const { token, ...info } = await createApiToken(
      kdb,
      principal.user.id,
      c.req.valid('json').name,
    )
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'token_created',
      targetType: 'api_token',
      targetId: info.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const, token: info, secret: token }, 201)
  })
  .delete('/tokens/:id', async (c) => {
    const { kdb, connections } = c.var.services
    const principal = requirePrincipal(c)
    const tokenId = c.req.param('id')
    if (!(await revokeApiToken(kdb, principal.user.id, tokenId))) throw notFound('Token')
    connections.closeToken(tokenId, { code: CloseCode.CredentialsRevoked, reason: 'token revoked' })
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'token_revoked',
      targetType: 'api_token',
      targetId: tokenId,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const })
  })
