import { Hono } from 'hono'
import {
  bringInBody,
  personalPlanBody,
  reflectionBody,
  transitionBody,
  updateReflectionBody,
} from '../../../shared/apiSchemas.ts'
import { type Permission, permits } from '../../../shared/domain.ts'
import { recordAudit } from '../../audit.ts'
import type { AppDb } from '../../db/appDb.ts'
import { DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { requireDocumentQuota } from '../../http/quotas.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/index.ts'
import { canDerivePersonal, planLifecycleInfo } from './lifecycleInfo.ts'
import { notifyTransition } from './lifecycleNotifications.ts'
import { bringInCommonChanges, comparePersonalPlan, derivePersonalPlan } from './personalPlans.ts'
import { addReflection, listReflections, loadReflection, updateReflection } from './reflections.ts'
import { loadLifecycle, transitionPlan } from './transitions.ts'

/** A document the subject holds at least `required` on: 404 if absent, 403 if not allowed. */
async function documentWith(
  db: AppDb,
  subject: AccessSubject,
  documentId: string,
  required: Permission,
): Promise<AccessibleDocumentRow> {
  const row = await loadDocumentRow(db, documentId)
  if (!row || row.deletedAt !== null) throw notFound('Document')
  const permission = documentPermission(subject, row)
  if (permission === 'none') throw forbidden('You do not have access to this document')
  if (!permits(permission, required)) throw forbidden()
  return row
}

/** A 个案, or 409 `not_personal`. */
/** A 个案, or a plan adapted from the library: both derive from an upstream version. */
function requirePersonal(row: AccessibleDocumentRow): AccessibleDocumentRow {
  if (row.commonPlanId === null && row.adaptedFromEntryId === null) {
    throw new DomainError(
      'not_personal',
      'This plan is neither a 个案 of a common plan nor adapted from the library',
    )
  }
  return row
}

/**
 * The life cycle of a plan (初备 → 研讨 → 共案 → 个案): its state and the caller's next steps,
 * transitions, personal adaptations (derive, compare, bring in) and reflections.
 */
export const lifecycleRoutes = new Hono<AppEnv>()
  .get('/documents/:id/lifecycle', async (c) => {
    const { db } = c.var.services
    const subject = await loadSubject(db, requirePrincipal(c).user)
    const row = await documentWith(db, subject, c.req.param('id'), 'view')
    return c.json({ ok: true as const, lifecycle: await planLifecycleInfo(db, subject, row) })
  })
  .post('/documents/:id/transition', jsonBody(transitionBody), async (c) => {
    const { db, executor, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = await documentWith(db, subject, c.req.param('id'), 'view')
    const { to } = c.req.valid('json')
    const result = await transitionPlan({ db, executor, store, registry }, subject, row, to)
    await recordAudit(db, {
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
    await notifyTransition(db, row, to, principal.user.id)
    const updated = (await loadDocumentRow(db, row.id)) ?? row
    return c.json({ ok: true as const, lifecycle: await planLifecycleInfo(db, subject, updated) })
  })
  .post('/documents/:id/personal', jsonBody(personalPlanBody), async (c) => {
    const { db, executor, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = await documentWith(db, subject, c.req.param('id'), 'view')
    const signedVersionId = (await loadLifecycle(db, row.id))?.signedVersionId ?? null
    const role = row.groupId ? subject.memberships.get(row.groupId) : undefined
    if (role !== 'lead' && role !== 'member') {
      throw forbidden('Only leads and members of the group derive a 个案')
    }
    if (!canDerivePersonal(subject, row, signedVersionId)) {
      throw new DomainError('not_final', 'A 个案 is derived from a signed common plan (共案)')
    }
    const { className } = c.req.valid('json')
    await requireDocumentQuota(db, principal.user.id)
    const id = await derivePersonalPlan(
      { db, executor, store, registry },
      principal.user,
      row,
      className,
    )
    await recordAudit(db, {
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
    const { db, executor, store, registry } = c.var.services
    const subject = await loadSubject(db, requirePrincipal(c).user)
    const row = requirePersonal(await documentWith(db, subject, c.req.param('id'), 'view'))
    const comparison = await comparePersonalPlan({ db, executor, store, registry }, row)
    return c.json({ ok: true as const, ...comparison })
  })
  .post('/documents/:id/bring-in', jsonBody(bringInBody), async (c) => {
    const { db, executor, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = requirePersonal(await documentWith(db, subject, c.req.param('id'), 'edit'))
    const { sections } = c.req.valid('json')
    const result = await bringInCommonChanges({ db, executor, store, registry }, row, sections)
    await recordAudit(db, {
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
  .get('/documents/:id/reflections', async (c) => {
    const { db } = c.var.services
    const subject = await loadSubject(db, requirePrincipal(c).user)
    const row = await documentWith(db, subject, c.req.param('id'), 'view')
    return c.json({ ok: true as const, items: await listReflections(db, row.id) })
  })
  .post('/documents/:id/reflections', jsonBody(reflectionBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(db, principal.user)
    const row = requirePersonal(await documentWith(db, subject, c.req.param('id'), 'view'))
    if (row.ownerId !== principal.user.id) {
      throw forbidden('Reflections are written by the teacher of the 个案')
    }
    const id = await addReflection(db, row.id, principal.user.id, c.req.valid('json'))
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/reflections/:id', jsonBody(updateReflectionBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const reflection = await loadReflection(db, c.req.param('id'))
    if (!reflection) throw notFound('Reflection')
    const subject = await loadSubject(db, principal.user)
    await documentWith(db, subject, reflection.documentId, 'view')
    if (reflection.authorId !== principal.user.id) {
      throw forbidden('Only its author changes a reflection')
    }
    await updateReflection(db, reflection.id, c.req.valid('json'))
    return c.json({ ok: true as const })
  })
