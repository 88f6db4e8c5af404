import type { JSONContent } from '@tiptap/core'
import type { AppKysely } from '../../db/kysely.ts'
import { notFound } from '../../domainError.ts'
import { requirePublished } from './policy.ts'
import { loadEntry, versionContent } from './queries.ts'

/** A published entry's newest snapshot, with what attribution needs. */
export interface PublishedSnapshot {
  entryId: string
  title: string
  subject: string
  grade: string
  lesson: string
  /** The publishing school's name. */
  schoolName: string
  /** Authors with their schools, as the entry credits them. */
  authors: Array<{ name: string; school: string }>
  licence: string
  version: number
  publishedAt: number
  /** The plan the entry was published from (its images belong to it). */
  sourceDocumentId: string
  json: JSONContent
}

/**
 * The newest published version of a library entry (what the entry page shows); 404 when the
 * entry is unknown or withdrawn. Anyone signed in reads the library.
 */
export async function publishedSnapshot(
  db: AppKysely,
  entryId: string,
): Promise<PublishedSnapshot> {
  const entry = requirePublished(await loadEntry(db, entryId))
  const content = await versionContent(db, entry.id, entry.latestVersion)
  if (!content) throw notFound('Library entry')
  const source = await db
    .selectFrom('libraryEntries')
    .select('sourceDocumentId')
    .where('id', '=', entry.id)
    .executeTakeFirstOrThrow()
  return {
    entryId: entry.id,
    title: entry.title,
    subject: entry.subject,
    grade: entry.grade,
    lesson: entry.lesson,
    schoolName: entry.schoolName,
    authors: entry.authors,
    licence: entry.licence,
    version: entry.latestVersion,
    publishedAt: content.publishedAt,
    sourceDocumentId: source.sourceDocumentId,
    json: content.json as JSONContent,
  }
}
