import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { badRequest, notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { checkedPlanJSON } from '../checkedPlanJSON.ts'
import {
  isLibraryReviewer,
  mayConfigureLibrary,
  requireMayConfigureLibrary,
  requireOwnSubmission,
  requireReadablePlan,
  requireReturnComment,
  requireReviewer,
  requireSubmitterMayPublish,
  requireVisibleSubmission,
} from '../policy.ts'
import { librarySettingsBody, submissionDecisionBody, submissionsQuery } from '../schema.ts'
import {
  approveSubmission,
  cancelSubmission,
  returnSubmission,
  saveLibrarySettings,
} from '../submissionCommands.ts'
import {
  firstUnknownUser,
  listedSubmission,
  listSubmissions,
  loadLibrarySettings,
  loadSubmission,
  submitterSubject,
} from '../submissionQueries.ts'

/** Review before publication (审核): the alliance setting, the queue, approve / return / cancel. */
export const reviewRoutes = new Hono<AppEnv>()
  .get('/library/settings', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const settings = await loadLibrarySettings(kdb)
    const isAdmin = mayConfigureLibrary(principal.user)
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
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    requireMayConfigureLibrary(principal.user)
    const body = c.req.valid('json')
    const reviewerIds = [...new Set(body.reviewerIds)]
    const unknown = await firstUnknownUser(kdb, reviewerIds)
    if (unknown !== undefined) throw badRequest(`reviewerIds: no user ${unknown}`)
    await saveLibrarySettings(
      kdb,
      { requireReview: body.requireReview, reviewerIds },
      principal.user.id,
    )
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'library_settings_changed',
      targetType: 'library',
      ip: c.var.clientAddress,
      details: { requireReview: body.requireReview, reviewerIds },
    })
    return c.json({ ok: true as const })
  })
  .get('/library/submissions', queryOf(submissionsQuery), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const query = c.req.valid('query')
    const reviewer = isLibraryReviewer(principal.user, await loadLibrarySettings(kdb))
    const items = await listSubmissions(kdb, {
      status: query.status,
      documentId: query.documentId,
      onlySubmitter: reviewer ? undefined : principal.user.id,
    })
    return c.json({ ok: true as const, items })
  })
  .get('/library/submissions/:id', async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const reviewer = isLibraryReviewer(principal.user, await loadLibrarySettings(kdb))
    const item = requireVisibleSubmission(
      await listedSubmission(kdb, c.req.param('id')),
      principal.user,
      reviewer,
    )
    requireReadablePlan(
      await loadSubject(kdb, principal.user),
      await loadDocumentRow(kdb, item.documentId),
    )
    const row = await loadSubmission(kdb, item.id)
    if (!row) throw notFound('Submission')
    return c.json({ ok: true as const, submission: item, json: checkedPlanJSON(row.state) })
  })
  .post('/library/submissions/:id/approve', jsonBody(submissionDecisionBody), async (c) => {
    const { kdb, executor, store, librarySearch } = c.var.services
    const principal = requirePrincipal(c)
    requireReviewer(
      principal.user,
      await loadLibrarySettings(kdb),
      'Only library reviewers approve submissions',
    )
    const { comment } = c.req.valid('json')
    const item = await listedSubmission(kdb, c.req.param('id'))
    if (!item) throw notFound('Submission')
    const doc = await loadDocumentRow(kdb, item.documentId)
    requireReadablePlan(await loadSubject(kdb, principal.user), doc)
    requireSubmitterMayPublish(await submitterSubject(kdb, item.submittedBy), doc)
    const { submission, published } = await approveSubmission(
      kdb,
      executor,
      store,
      librarySearch,
      item.id,
      principal.user.id,
      comment,
    )
    await recordAudit(kdb, {
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
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    requireReviewer(
      principal.user,
      await loadLibrarySettings(kdb),
      'Only library reviewers return submissions',
    )
    const { comment } = c.req.valid('json')
    requireReturnComment(comment)
    const submission = await returnSubmission(kdb, c.req.param('id'), principal.user.id, comment)
    await recordAudit(kdb, {
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
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const item = requireOwnSubmission(
      await listedSubmission(kdb, c.req.param('id')),
      principal.user,
    )
    await cancelSubmission(kdb, item.id)
    return c.json({ ok: true as const })
  })
