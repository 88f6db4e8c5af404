import type { PublicUser } from '../../../shared/domain.ts'
import { planText } from '../../../shared/editor/derive.ts'
import { toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentRow } from '../../db/schema.ts'
import { notFound } from '../../domainError.ts'
import { type DocumentQuota, requireDocumentQuota } from '../../http/quotas.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { loadState } from '../../storage/loadState.ts'
import { createDocument } from '../documents/index.ts'
import { contributorsOf } from '../history/index.ts'
import { newId } from '../identity/index.ts'
import { checkedPlanJSON } from './checkedPlanJSON.ts'
import {
  authorsOf,
  entryOfPlan,
  type LoadedEntry,
  searchEntriesOfLibrary,
  versionState,
} from './queries.ts'
import type { LibrarySearch } from './search/LibrarySearch.ts'

/** The outcome of publishing: the entry and the new version number. */
export interface Published {
  entryId: string
  version: number
}

/**
 * Publishes a plan: stores an immutable version (state, JSON, text) and creates the entry, or
 * adds a newer version to the plan's existing entry (older versions stay readable). The state
 * is the plan's current one unless given (an approved submission publishes what was reviewed).
 */
export async function publishPlan(
  db: AppKysely,
  executor: SqlExecutor,
  store: DocumentStore,
  search: LibrarySearch,
  doc: DocumentRow,
  publisherId: string,
  options: { keywords: string[]; licence: string; state?: Uint8Array },
): Promise<Published> {
  const state = options.state ?? (await loadState(store, doc.id))
  const json = checkedPlanJSON(state)
  const text = planText(json)
  const now = Date.now()
  const authors = await authorsOf(db, doc, await contributorsOf(db, store, doc.id, state))
  const published = await inTransaction(executor, async (ktx) => {
    const existing = await entryOfPlan(ktx, doc.id)
    const entryId = existing?.id ?? newId()
    const version = (existing?.latestVersion ?? 0) + 1
    const fields = {
      title: doc.title,
      subject: doc.subject,
      grade: doc.grade,
      textbookEdition: doc.textbookEdition,
      unit: doc.unit,
      lesson: doc.lesson,
      keywords: toJsonText(options.keywords),
      authors: toJsonText(authors),
      licence: options.licence,
      status: 'published' as const,
      latestVersion: version,
      updatedAt: now,
    }
    if (existing) {
      await ktx.updateTable('libraryEntries').set(fields).where('id', '=', entryId).execute()
    } else {
      await ktx
        .insertInto('libraryEntries')
        .values({
          id: entryId,
          sourceDocumentId: doc.id,
          publisherId,
          schoolId: doc.schoolId,
          createdAt: now,
          ...fields,
        })
        .execute()
    }
    await ktx
      .insertInto('libraryVersions')
      .values({
        entryId,
        version,
        state: Buffer.from(state),
        json: toJsonText(json),
        text,
        publishedBy: publisherId,
        publishedAt: now,
      })
      .execute()
    // Same connection, same transaction: the index never drifts from the library tables.
    await search.upsertIn(ktx, {
      entryId,
      title: doc.title,
      keywords: options.keywords,
      body: text,
    })
    return { entryId, version }
  })
  return published
}

/** Rebuilds the search index from the latest published versions (a database from before it). */
export async function reindexLibrary(
  db: AppKysely,
  executor: SqlExecutor,
  search: LibrarySearch,
): Promise<number> {
  const rows = await searchEntriesOfLibrary(db)
  await inTransaction(executor, async (ktx) => {
    for (const row of rows) await search.upsertIn(ktx, row)
  })
  return rows.length
}

/** Counts one more reading of an entry. */
export async function countView(db: AppKysely, entryId: string): Promise<void> {
  await db
    .updateTable('libraryEntries')
    .set((eb) => ({ viewCount: eb('viewCount', '+', 1) }))
    .where('id', '=', entryId)
    .execute()
}

/** Rates an entry: the user's one review of it, created or replaced. */
export async function rateEntry(
  db: AppKysely,
  entryId: string,
  userId: string,
  rating: { stars: number; comment: string },
): Promise<void> {
  const { stars, comment } = rating
  const now = Date.now()
  await db
    .insertInto('libraryReviews')
    .values({ entryId, userId, stars, comment, createdAt: now, updatedAt: now })
    .onConflict((conflict) =>
      conflict.columns(['entryId', 'userId']).doUpdateSet({ stars, comment, updatedAt: now }),
    )
    .execute()
}

/**
 * Adapts an entry (二次备课): a private draft of the user's own, starting from the latest
 * published state and remembering where it came from. Returns the new plan's id.
 */
export async function adaptEntry(
  db: AppKysely,
  store: DocumentStore,
  entry: LoadedEntry,
  user: PublicUser,
  quota: DocumentQuota,
): Promise<string> {
  const state = await versionState(db, entry.id, entry.latestVersion)
  if (!state) throw notFound('Version')
  await requireDocumentQuota(db, user.id, quota)
  const id = await createDocument(db, {
    ownerId: user.id,
    schoolId: user.schoolId,
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
  await store.compact(id, state, 0)
  return id
}

/** Withdraws an entry from the library and from the search index, in one transaction. */
export async function withdrawEntry(
  executor: SqlExecutor,
  search: LibrarySearch,
  entryId: string,
): Promise<void> {
  await inTransaction(executor, async (ktx) => {
    await ktx
      .updateTable('libraryEntries')
      .set({ status: 'withdrawn', updatedAt: Date.now() })
      .where('id', '=', entryId)
      .execute()
    await search.removeIn(ktx, entryId)
  })
}
