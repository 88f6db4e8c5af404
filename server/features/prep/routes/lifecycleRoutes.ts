import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { transitionPlan } from '../commands.ts'
import { notifyTransition } from '../lifecycleNotifications.ts'
import { requireDocumentAccess } from '../policy.ts'
import { planLifecycleInfo } from '../queries.ts'
import { transitionBody } from '../schema.ts'

/**
 * The life cycle of a plan (初备 → 研讨 → 共案 → 个案): its state and the caller's next steps,
 * and the transitions between states.
 */
export const lifecycleRoutes = new Hono<AppEnv>()
  .get('/documents/:id/lifecycle', async (c) => {
    const { kdb } = c.var.services
    const subject = await loadSubject(kdb, requirePrincipal(c).user)
    const row = requireDocumentAccess(
      subject,
      await loadDocumentRow(kdb, c.req.param('id')),
      'view',
    )
    return c.json({ ok: true as const, lifecycle: await planLifecycleInfo(kdb, subject, row) })
  })
  .post('/documents/:id/transition', jsonBody(transitionBody), async (c) => {
    const { kdb, executor, store, versions } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireDocumentAccess(
      subject,
      await loadDocumentRow(kdb, c.req.param('id')),
      'view',
    )
    const { to } = c.req.valid('json')
    const result = await transitionPlan({ executor, store, versions }, subject, row, to)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: result.rule.action,
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: { from: row.status, to, signedVersionId: result.signedVersionId },
    })
    // Open websockets get their new rights at once (read-only connections drop edits).
    await c.var.services.recheckDocument(row.id)
    await notifyTransition(kdb, row, to, principal.user.id)
    const updated = (await loadDocumentRow(kdb, row.id)) ?? row
    return c.json({ ok: true as const, lifecycle: await planLifecycleInfo(kdb, subject, updated) })
  })
