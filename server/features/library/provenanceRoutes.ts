import { and, eq, isNull, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDb } from '../../db/appDb.ts'
import { documents, libraryEntries, schools } from '../../db/schema.ts'
import { forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, requirePrincipal } from '../../http/context.ts'
import { documentPermission, loadDocumentRow, loadSubject } from '../documents/index.ts'

/** Where an adapted plan came from: its library entry, the version taken and the newest one. */
async function provenanceOf(db: AppDb, entryId: string, adaptedVersion: number) {
  const entry = await db
    .select({
      entryId: libraryEntries.id,
      title: libraryEntries.title,
      schoolName: schools.name,
      authors: libraryEntries.authors,
      licence: libraryEntries.licence,
      latestVersion: libraryEntries.latestVersion,
      status: libraryEntries.status,
    })
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(eq(libraryEntries.id, entryId))
    .get()
  if (!entry) return null
  return {
    ...entry,
    adaptedVersion,
    newerVersionAvailable: entry.status === 'published' && entry.latestVersion > adaptedVersion,
  }
}

/** Which schools adapted a library entry, and how often (shown on the entry page). */
export function adaptationsBySchool(db: AppDb, entryId: string) {
  return db
    .select({ schoolName: schools.name, count: sql<number>`count(*)` })
    .from(documents)
    .innerJoin(schools, eq(schools.id, documents.schoolId))
    .where(and(eq(documents.adaptedFromEntryId, entryId), isNull(documents.deletedAt)))
    .groupBy(schools.name)
    .orderBy(schools.name)
    .all()
}

/** Provenance of plans adapted from the library (二次备课). */
export const provenanceRoutes = new Hono<AppEnv>().get('/documents/:id/provenance', async (c) => {
  const { db } = c.var.services
  const principal = requirePrincipal(c)
  const row = await loadDocumentRow(db, c.req.param('id'))
  if (!row || row.deletedAt !== null) throw notFound('Document')
  if (documentPermission(await loadSubject(db, principal.user), row) === 'none') throw forbidden()
  const provenance =
    row.adaptedFromEntryId && row.adaptedFromVersion !== null
      ? await provenanceOf(db, row.adaptedFromEntryId, row.adaptedFromVersion)
      : null
  return c.json({ ok: true as const, provenance })
})
