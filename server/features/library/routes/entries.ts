import { type Context, Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import type { DocumentRow } from '../../../db/schema.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { adaptEntry, countView, publishPlan, rateEntry, withdrawEntry } from '../commands.ts'
import {
  needsReview,
  requireLiveDocument,
  requireMayPublish,
  requireMayWithdraw,
  requirePublished,
} from '../policy.ts'
import {
  adaptationsBySchool,
  entryRatings,
  entryVersions,
  listEntries,
  loadEntry,
  versionContent,
} from '../queries.ts'
import { libraryQuery, type PublishBody, publishBody, reviewBody, withdrawBody } from '../schema.ts'
import { submitForReview } from '../submissionCommands.ts'
import { loadLibrarySettings } from '../submissionQueries.ts'

/** What POST /api/library did: published at once, or submitted for review. */
type PublishOutcome =
  | { ok: true; status: 'published'; entryId: string; version: number }
  | { ok: true; status: 'pending'; submissionId: string }

async function submit(
  c: Context<AppEnv>,
  doc: DocumentRow,
  body: PublishBody,
): Promise<PublishOutcome> {
  const { kdb, store } = c.var.services
  const principal = requirePrincipal(c)
  const submission = await submitForReview(kdb, store, doc, principal.user.id, body)
  await recordAudit(kdb, {
    actorId: principal.user.id,
    action: 'library_submitted',
    targetType: 'document',
    targetId: doc.id,
    schoolId: doc.schoolId,
    ip: c.var.clientAddress,
    details: { submissionId: submission.id },
  })
  return { ok: true, status: 'pending', submissionId: submission.id }
}

async function publishNow(
  c: Context<AppEnv>,
  doc: DocumentRow,
  body: PublishBody,
): Promise<PublishOutcome> {
  const { kdb, executor, store, librarySearch } = c.var.services
  const principal = requirePrincipal(c)
  const published = await publishPlan(
    kdb,
    executor,
    store,
    librarySearch,
    doc,
    principal.user.id,
    body,
  )
  await recordAudit(kdb, {
    actorId: principal.user.id,
    action: 'library_published',
    targetType: 'library_entry',
    targetId: published.entryId,
    schoolId: doc.schoolId,
    ip: c.var.clientAddress,
    details: { documentId: doc.id, version: published.version },
  })
  return { ok: true, status: 'published', ...published }
}

/** The shared library's entries: publish final plans, list, read, rate, adapt and withdraw them. */
export const entryRoutes = new Hono<AppEnv>()
  .get('/library', queryOf(libraryQuery), async (c) => {
    requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await listEntries(c.var.services.kdb, c.req.valid('query')),
    })
  })
  .post('/library', jsonBody(publishBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const doc = requireLiveDocument(await loadDocumentRow(kdb, body.documentId))
    requireMayPublish(await loadSubject(kdb, principal.user), doc)
    const result = needsReview(principal.user, await loadLibrarySettings(kdb))
      ? await submit(c, doc, body)
      : await publishNow(c, doc, body)
    return c.json(result, result.status === 'pending' ? 202 : 201)
  })
  .get('/library/:id', async (c) => {
    const { kdb } = c.var.services
    requirePrincipal(c)
    const entry = requirePublished(await loadEntry(kdb, c.req.param('id')))
    await countView(kdb, entry.id)
    const versions = await entryVersions(kdb, entry.id)
    const latest = await versionContent(kdb, entry.id, entry.latestVersion)
    const reviews = await entryRatings(kdb, entry.id)
    const { publisherId: _publisher, status: _status, ...visible } = entry
    return c.json({
      ok: true as const,
      adaptedBy: await adaptationsBySchool(kdb, entry.id),
      entry: { ...visible, viewCount: entry.viewCount + 1 },
      versions,
      json: latest?.json ?? null,
      text: latest?.text ?? '',
      reviews,
    })
  })
  .get('/library/:id/versions/:version', async (c) => {
    const { kdb } = c.var.services
    requirePrincipal(c)
    const entry = requirePublished(await loadEntry(kdb, c.req.param('id')))
    const version = Number(c.req.param('version'))
    const row = Number.isInteger(version) ? await versionContent(kdb, entry.id, version) : undefined
    if (!row) throw notFound('Version')
    return c.json({ ok: true as const, version, ...row })
  })
  .put('/library/:id/review', jsonBody(reviewBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const entry = requirePublished(await loadEntry(kdb, c.req.param('id')))
    await rateEntry(kdb, entry.id, principal.user.id, c.req.valid('json'))
    return c.json({ ok: true as const })
  })
  .post('/library/:id/adapt', async (c) => {
    const { kdb, store, documentQuota } = c.var.services
    const principal = requirePrincipal(c)
    const entry = requirePublished(await loadEntry(kdb, c.req.param('id')))
    const id = await adaptEntry(kdb, store, entry, principal.user, documentQuota)
    return c.json({ ok: true as const, id }, 201)
  })
  .post('/library/:id/withdraw', jsonBody(withdrawBody), async (c) => {
    const { kdb, executor, librarySearch } = c.var.services
    const principal = requirePrincipal(c)
    const entry = requirePublished(await loadEntry(kdb, c.req.param('id')))
    requireMayWithdraw(entry, principal.user)
    await withdrawEntry(executor, librarySearch, entry.id)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'library_withdrawn',
      targetType: 'library_entry',
      targetId: entry.id,
      schoolId: entry.schoolId,
      ip: c.var.clientAddress,
      details: { reason: c.req.valid('json').reason },
    })
    return c.json({ ok: true as const })
  })
