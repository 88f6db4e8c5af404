import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { type AppEnv, jsonBody } from '../../../http/context.ts'
import { requireDocumentQuota } from '../../../http/quotas.ts'
import { bringInCommonChanges, comparePersonalPlan, derivePersonalPlan } from '../personalPlans.ts'
import { requireMayDerivePersonal, requirePersonal } from '../policy.ts'
import { loadLifecycle } from '../queries.ts'
import { bringInBody, personalPlanBody } from '../schema.ts'
import { viewedDocument } from './viewedDocument.ts'

/**
 * Personal adaptations (个案, 二次备课): deriving one from a signed common plan, comparing it
 * with what it derives from, and bringing in the common plan's newer version.
 */
export const personalPlanRoutes = new Hono<AppEnv>()
  .post('/documents/:id/personal', jsonBody(personalPlanBody), async (c) => {
    const { kdb, executor, store, registry } = c.var.services
    const { principal, subject, row } = await viewedDocument(c)
    const signedVersionId = (await loadLifecycle(kdb, row.id))?.signedVersionId ?? null
    requireMayDerivePersonal(subject, row, signedVersionId)
    const { className } = c.req.valid('json')
    await requireDocumentQuota(kdb, principal.user.id, c.var.services.documentQuota)
    const id = await derivePersonalPlan(
      { kdb, executor, store, registry },
      principal.user,
      row,
      className,
    )
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'personal_plan_created',
      targetType: 'document',
      targetId: id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      details: { commonPlanId: row.id, baseVersionId: signedVersionId, className },
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .get('/documents/:id/comparison', async (c) => {
    const { kdb, executor, store, registry } = c.var.services
    const row = requirePersonal((await viewedDocument(c)).row)
    const comparison = await comparePersonalPlan({ kdb, executor, store, registry }, row)
    return c.json({ ok: true as const, ...comparison })
  })
  .post('/documents/:id/bring-in', jsonBody(bringInBody), async (c) => {
    const { kdb, executor, store, registry } = c.var.services
    const viewed = await viewedDocument(c, 'edit')
    const { principal } = viewed
    const row = requirePersonal(viewed.row)
    const { sections } = c.req.valid('json')
    const result = await bringInCommonChanges({ kdb, executor, store, registry }, row, sections)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'personal_plan_brought_in',
      targetType: 'document',
      targetId: row.id,
      schoolId: row.schoolId,
      ip: c.var.clientAddress,
      details: { baseVersionId: result.baseVersionId, taken: result.taken, chosen: sections },
    })
    return c.json({ ok: true as const, ...result })
  })
