import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import {
  librarySettingsBody,
  submissionDecisionBody,
  submissionsQuery,
} from '../../../shared/apiSchemas.ts'
import { recordAudit } from '../../audit.ts'
import type { AppDb } from '../../db/appDb.ts'
import { librarySubmissions, users } from '../../db/schema.ts'
import { badRequest, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { documentPermission, loadDocumentRow, loadSubject } from '../documents/index.ts'
import { loadPublicUser, type Principal } from '../identity/index.ts'
import { checkedPlanJSON } from './checkedPlanJSON.ts'
import { canPublish } from './libraryCommands.ts'
import {
  approveSubmission,
  cancelSubmission,
  isLibraryReviewer,
  listSubmissions,
  loadLibrarySettings,
  returnSubmission,
  saveLibrarySettings,
  submissionFilter,
} from './libraryReview.ts'

/**
 * A submission shows a plan: its reader must still be allowed to read that plan (a plan made
 * private after it was submitted is no longer shown to the reviewers or the submitter).
 */
async function requireReadablePlan(db: AppDb, principal: Principal, documentId: string) {
  const doc = await loadDocumentRow(db, documentId)
  const subject = await loadSubject(db, principal.user)
  if (!doc || documentPermission(subject, doc) === 'none') {
    throw forbidden('You may not read the plan of this submission')
  }
  return doc
}

/** Approval publishes in the submitter's name: the submitter must still be allowed to publish. */
async function requireSubmitterMayPublish(db: AppDb, submissionId: string): Promise<void> {
  const row = await db
    .select({
      documentId: librarySubmissions.documentId,
      submittedBy: librarySubmissions.submittedBy,
    })
    .from(librarySubmissions)
    .where(eq(librarySubmissions.id, submissionId))
    .get()
  if (!row) throw notFound('Submission')
  const doc = await loadDocumentRow(db, row.documentId)
  const submitter = await loadPublicUser(db, row.submittedBy)
  if (!doc || !submitter || !canPublish(await loadSubject(db, submitter), doc)) {
    throw forbidden('The submitter may no longer publish this plan')
  }
}

/** Review before publication: the alliance setting, the queue, approve / return / cancel. */
export const libraryReviewRoutes = new Hono<AppEnv>()
  .get('/library/settings', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const settings = await loadLibrarySettings(db)
    const isAdmin = principal.user.role === 'alliance_admin'
    return c.json({
      ok: true as const,
      requireReview: settings.requireReview,
      // Who reviews is only the admins' business.
      reviewerIds: isAdmin ? settings.reviewerIds : [],
      canReview: isLibraryReviewer(principal.user, settings),
      canConfigure: isAdmin,
    })
  })
  .put('/library/settings', jsonBody(librarySettingsBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    if (principal.user.role !== 'alliance_admin') {
      throw forbidden('Only the alliance admin sets how the library is reviewed')
    }
    const body = c.req.valid('json')
    const reviewerIds = [...new Set(body.reviewerIds)]
    for (const reviewerId of reviewerIds) {
      const exists = await db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, reviewerId))
        .get()
      if (!exists) throw badRequest(`reviewerIds: no user ${reviewerId}`)
    }
    await saveLibrarySettings(
      db,
      { requireReview: body.requireReview, reviewerIds },
      principal.user.id,
    )
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'library_settings_changed',
      targetType: 'library',
      ip: c.var.clientAddress,
      details: { requireReview: body.requireReview, reviewerIds },
    })
    return c.json({ ok: true as const })
  })
  .get('/library/submissions', queryOf(submissionsQuery), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const query = c.req.valid('query')
    const reviewer = isLibraryReviewer(principal.user, await loadLibrarySettings(db))
    const items = await listSubmissions(
      db,
      submissionFilter({
        status: query.status,
        documentId: query.documentId,
        onlySubmitter: reviewer ? undefined : principal.user.id,
      }),
    )
    return c.json({ ok: true as const, items })
  })
  .get('/library/submissions/:id', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const reviewer = isLibraryReviewer(principal.user, await loadLibrarySettings(db))
    const [item] = await listSubmissions(db, eq(librarySubmissions.id, c.req.param('id')), 1)
    if (!item || (!reviewer && item.submittedBy !== principal.user.id)) throw notFound('Submission')
    await requireReadablePlan(db, principal, item.documentId)
    const row = await db
      .select({ state: librarySubmissions.state })
      .from(librarySubmissions)
      .where(eq(librarySubmissions.id, item.id))
      .get()
    if (!row) throw notFound('Submission')
    return c.json({ ok: true as const, submission: item, json: checkedPlanJSON(row.state) })
  })
  .post('/library/submissions/:id/approve', jsonBody(submissionDecisionBody), async (c) => {
    const { db, store, librarySearch } = c.var.services
    const principal = requirePrincipal(c)
    if (!isLibraryReviewer(principal.user, await loadLibrarySettings(db))) {
      throw forbidden('Only library reviewers approve submissions')
    }
    const { comment } = c.req.valid('json')
    const [item] = await listSubmissions(db, eq(librarySubmissions.id, c.req.param('id')), 1)
    if (!item) throw notFound('Submission')
    await requireReadablePlan(db, principal, item.documentId)
    await requireSubmitterMayPublish(db, item.id)
    const { submission, published } = await approveSubmission(
      db,
      c.var.services.executor,
      store,
      librarySearch,
      c.req.param('id'),
      principal.user.id,
      comment,
    )
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'library_submission_approved',
      targetType: 'library_entry',
      targetId: published.entryId,
      schoolId: submission.schoolId,
      ip: c.var.clientAddress,
      details: { submissionId: submission.id, documentId: submission.documentId, ...published },
    })
    return c.json({ ok: true as const, ...published })
  })
  .post('/library/submissions/:id/return', jsonBody(submissionDecisionBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    if (!isLibraryReviewer(principal.user, await loadLibrarySettings(db))) {
      throw forbidden('Only library reviewers return submissions')
    }
    const { comment } = c.req.valid('json')
    if (!comment) throw badRequest('comment: say what should change before it can be published')
    const submission = await returnSubmission(db, c.req.param('id'), principal.user.id, comment)
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'library_submission_returned',
      targetType: 'document',
      targetId: submission.documentId,
      schoolId: submission.schoolId,
      ip: c.var.clientAddress,
      details: { submissionId: submission.id, comment },
    })
    return c.json({ ok: true as const })
  })
  .post('/library/submissions/:id/cancel', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const [item] = await listSubmissions(db, eq(librarySubmissions.id, c.req.param('id')), 1)
    if (!item || item.submittedBy !== principal.user.id) throw notFound('Submission')
    await cancelSubmission(db, item.id)
    return c.json({ ok: true as const })
  })
