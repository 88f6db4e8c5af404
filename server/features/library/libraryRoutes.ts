import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import {
  libraryQuery,
  librarySearchQuery,
  publishBody,
  reviewBody,
  withdrawBody,
} from '../../../shared/apiSchemas.ts'
import { recordAudit } from '../../audit.ts'
import { type AppDb, inTransaction } from '../../db/appDb.ts'
import {
  type DocumentRow,
  documents,
  libraryEntries,
  libraryReviews,
  libraryVersions,
  schools,
  users,
} from '../../db/schema.ts'
import { badRequest, DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { requireDocumentQuota } from '../../http/quotas.ts'
import { createDocument, loadDocumentRow, loadSubject } from '../documents/index.ts'
import { canPublish, publishPlan } from './libraryCommands.ts'
import { isLibraryReviewer, loadLibrarySettings, submitForReview } from './libraryReview.ts'
import { adaptationsBySchool } from './provenanceRoutes.ts'
import { QueryTooLongError } from './search/cjkTokens.ts'
import type { LibrarySearchHit } from './search/LibrarySearch.ts'

const ratingOf = sql<
  number | null
>`(select avg(${libraryReviews.stars}) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const reviewCountOf = sql<number>`(select count(*) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const adaptationsOf = sql<number>`(select count(*) from ${documents} where ${documents.adaptedFromEntryId} = ${libraryEntries.id} and ${documents.deletedAt} is null)`

const entryColumns = {
  id: libraryEntries.id,
  title: libraryEntries.title,
  subject: libraryEntries.subject,
  grade: libraryEntries.grade,
  textbookEdition: libraryEntries.textbookEdition,
  unit: libraryEntries.unit,
  lesson: libraryEntries.lesson,
  keywords: libraryEntries.keywords,
  authors: libraryEntries.authors,
  licence: libraryEntries.licence,
  schoolId: libraryEntries.schoolId,
  schoolName: schools.name,
  latestVersion: libraryEntries.latestVersion,
  viewCount: libraryEntries.viewCount,
  createdAt: libraryEntries.createdAt,
  updatedAt: libraryEntries.updatedAt,
  rating: ratingOf,
  reviewCount: reviewCountOf,
  adaptations: adaptationsOf,
}

type LibraryFilters = ReturnType<typeof libraryQuery.parse>

function filtersOf(query: LibraryFilters): SQL | undefined {
  const conditions: Array<SQL | undefined> = [eq(libraryEntries.status, 'published')]
  if (query.subject) conditions.push(eq(libraryEntries.subject, query.subject))
  if (query.grade) conditions.push(eq(libraryEntries.grade, query.grade))
  if (query.textbookEdition)
    conditions.push(eq(libraryEntries.textbookEdition, query.textbookEdition))
  if (query.unit) conditions.push(eq(libraryEntries.unit, query.unit))
  if (query.schoolId) conditions.push(eq(libraryEntries.schoolId, query.schoolId))
  if (query.minRating) conditions.push(sql`coalesce(${ratingOf}, 0) >= ${query.minRating}`)
  return and(...conditions)
}

function listEntries(db: AppDb, query: LibraryFilters) {
  const order =
    query.sort === 'rating'
      ? [desc(sql`coalesce(${ratingOf}, 0)`), desc(libraryEntries.updatedAt)]
      : query.sort === 'adapted'
        ? [desc(adaptationsOf), desc(libraryEntries.updatedAt)]
        : [desc(libraryEntries.updatedAt)]
  return db
    .select(entryColumns)
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(filtersOf(query))
    .orderBy(...order)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .all()
}

/** What POST /api/library did: published at once, or submitted for review. */
type PublishOutcome =
  | { ok: true; status: 'published'; entryId: string; version: number }
  | { ok: true; status: 'pending'; submissionId: string }

type PublishRequest = { documentId: string; keywords: string[]; licence: string }

async function submit(
  c: Context<AppEnv>,
  doc: DocumentRow,
  body: PublishRequest,
): Promise<PublishOutcome> {
  const { db, store } = c.var.services
  const principal = requirePrincipal(c)
  const submission = await submitForReview(db, store, doc, principal.user.id, body)
  await recordAudit(db, {
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
  body: PublishRequest,
): Promise<PublishOutcome> {
  const { db, executor, store, librarySearch } = c.var.services
  const principal = requirePrincipal(c)
  const published = await publishPlan(
    db,
    executor,
    store,
    librarySearch,
    doc,
    principal.user.id,
    body,
  )
  await recordAudit(db, {
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

async function publishedEntry(db: AppDb, entryId: string) {
  const entry = await db
    .select({
      ...entryColumns,
      status: libraryEntries.status,
      publisherId: libraryEntries.publisherId,
    })
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(eq(libraryEntries.id, entryId))
    .get()
  if (entry?.status !== 'published') throw notFound('Library entry')
  return entry
}

/** The shared library: publish final plans, find, read, review and adapt them. */
export const libraryRoutes = new Hono<AppEnv>()
  .get('/library', queryOf(libraryQuery), async (c) => {
    requirePrincipal(c)
    return c.json({
      ok: true as const,
      items: await listEntries(c.var.services.db, c.req.valid('query')),
    })
  })
  .get('/library/search', queryOf(librarySearchQuery), async (c) => {
    requirePrincipal(c)
    const { db, librarySearch } = c.var.services
    const { q, ...filters } = c.req.valid('query')
    const filtered = Object.entries(filters).some(
      ([key, value]) => !['sort', 'limit', 'offset'].includes(key) && value !== undefined,
    )
    // Filters narrow the candidates first; without any, the index searches everything.
    const candidates = filtered
      ? (
          await db
            .select({ id: libraryEntries.id })
            .from(libraryEntries)
            .where(filtersOf(filters))
            .all()
        ).map((row) => row.id)
      : undefined
    let hits: LibrarySearchHit[]
    try {
      hits = await librarySearch.search(q, {
        ...(candidates ? { entryIds: candidates } : {}),
        limit: filters.limit ?? 20,
        offset: filters.offset ?? 0,
      })
    } catch (error) {
      if (error instanceof QueryTooLongError) throw badRequest(error.message)
      throw error
    }
    const rows =
      hits.length === 0
        ? []
        : await db
            .select(entryColumns)
            .from(libraryEntries)
            .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
            .where(
              and(
                eq(libraryEntries.status, 'published'),
                inArray(
                  libraryEntries.id,
                  hits.map((hit) => hit.entryId),
                ),
              ),
            )
            .all()
    const entries = new Map(rows.map((entry) => [entry.id, entry]))
    const items = hits.flatMap((hit) => {
      const entry = entries.get(hit.entryId)
      return entry
        ? [
            {
              ...entry,
              score: hit.score,
              snippet: hit.snippet,
              titleHighlighted: hit.titleHighlighted,
            },
          ]
        : []
    })
    return c.json({ ok: true as const, items })
  })
  .post('/library', jsonBody(publishBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const doc = await loadDocumentRow(db, body.documentId)
    if (!doc || doc.deletedAt !== null) throw notFound('Document')
    if (!canPublish(await loadSubject(db, principal.user), doc)) {
      throw forbidden(
        'Only the group lead (or the owner of a plan outside any group) publishes it, and only a plan they may read',
      )
    }
    if (doc.status !== 'final') {
      throw new DomainError('not_final', 'Only a final plan (共案) can be published')
    }
    const settings = await loadLibrarySettings(db)
    const result: PublishOutcome =
      settings.requireReview && !isLibraryReviewer(principal.user, settings)
        ? await submit(c, doc, body)
        : await publishNow(c, doc, body)
    return c.json(result, result.status === 'pending' ? 202 : 201)
  })
  .get('/library/:id', async (c) => {
    const { db } = c.var.services
    requirePrincipal(c)
    const entry = await publishedEntry(db, c.req.param('id'))
    await db
      .update(libraryEntries)
      .set({ viewCount: sql`${libraryEntries.viewCount} + 1` })
      .where(eq(libraryEntries.id, entry.id))
      .run()
    const versions = await db
      .select({ version: libraryVersions.version, publishedAt: libraryVersions.publishedAt })
      .from(libraryVersions)
      .where(eq(libraryVersions.entryId, entry.id))
      .orderBy(desc(libraryVersions.version))
      .all()
    const latest = await db
      .select({ json: libraryVersions.json, text: libraryVersions.text })
      .from(libraryVersions)
      .where(
        and(
          eq(libraryVersions.entryId, entry.id),
          eq(libraryVersions.version, entry.latestVersion),
        ),
      )
      .get()
    const reviews = await db
      .select({
        userId: libraryReviews.userId,
        reviewer: users.displayName,
        school: schools.name,
        stars: libraryReviews.stars,
        comment: libraryReviews.comment,
        updatedAt: libraryReviews.updatedAt,
      })
      .from(libraryReviews)
      .innerJoin(users, eq(users.id, libraryReviews.userId))
      .innerJoin(schools, eq(schools.id, users.schoolId))
      .where(eq(libraryReviews.entryId, entry.id))
      .orderBy(desc(libraryReviews.updatedAt))
      .all()
    const { publisherId: _publisher, status: _status, ...visible } = entry
    return c.json({
      ok: true as const,
      adaptedBy: await adaptationsBySchool(db, entry.id),
      entry: { ...visible, viewCount: entry.viewCount + 1 },
      versions,
      json: latest?.json ?? null,
      text: latest?.text ?? '',
      reviews,
    })
  })
  .get('/library/:id/versions/:version', async (c) => {
    const { db } = c.var.services
    requirePrincipal(c)
    const entry = await publishedEntry(db, c.req.param('id'))
    const version = Number(c.req.param('version'))
    const row = Number.isInteger(version)
      ? await db
          .select({
            json: libraryVersions.json,
            text: libraryVersions.text,
            publishedAt: libraryVersions.publishedAt,
          })
          .from(libraryVersions)
          .where(and(eq(libraryVersions.entryId, entry.id), eq(libraryVersions.version, version)))
          .get()
      : undefined
    if (!row) throw notFound('Version')
    return c.json({ ok: true as const, version, ...row })
  })
  .put('/library/:id/review', jsonBody(reviewBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const entry = await publishedEntry(db, c.req.param('id'))
    const { stars, comment } = c.req.valid('json')
    const now = Date.now()
    await db
      .insert(libraryReviews)
      .values({
        entryId: entry.id,
        userId: principal.user.id,
        stars,
        comment,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [libraryReviews.entryId, libraryReviews.userId],
        set: { stars, comment, updatedAt: now },
      })
      .run()
    return c.json({ ok: true as const })
  })
  .post('/library/:id/adapt', async (c) => {
    const { db, store } = c.var.services
    const principal = requirePrincipal(c)
    const entry = await publishedEntry(db, c.req.param('id'))
    const latest = await db
      .select({ state: libraryVersions.state })
      .from(libraryVersions)
      .where(
        and(
          eq(libraryVersions.entryId, entry.id),
          eq(libraryVersions.version, entry.latestVersion),
        ),
      )
      .get()
    if (!latest) throw notFound('Version')
    await requireDocumentQuota(db, principal.user.id)
    const now = Date.now()
    const id = await createDocument(db, {
      at: now,
      ownerId: principal.user.id,
      schoolId: principal.user.schoolId,
      kind: 'lesson_plan',
      title: entry.title,
      subject: entry.subject,
      grade: entry.grade,
      textbookEdition: entry.textbookEdition,
      unit: entry.unit,
      lesson: entry.lesson,
      status: 'draft',
      visibility: 'private',
      adaptedFromEntryId: entry.id,
      adaptedFromVersion: entry.latestVersion,
    })
    // The copy starts from the published state; the teacher's edits build on it.
    await store.compact(id, latest.state, 0)
    return c.json({ ok: true as const, id }, 201)
  })
  .post('/library/:id/withdraw', jsonBody(withdrawBody), async (c) => {
    const { db, executor, librarySearch } = c.var.services
    const principal = requirePrincipal(c)
    const entry = await publishedEntry(db, c.req.param('id'))
    if (entry.publisherId !== principal.user.id && principal.user.role !== 'alliance_admin') {
      throw forbidden()
    }
    await inTransaction(executor, async (tx) => {
      await tx
        .update(libraryEntries)
        .set({ status: 'withdrawn', updatedAt: Date.now() })
        .where(eq(libraryEntries.id, entry.id))
      await librarySearch.removeIn(tx, entry.id)
    })
    await recordAudit(db, {
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
