import { and, eq, inArray } from 'drizzle-orm'
import { planText } from '../../../shared/editor/derive.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import {
  type DocumentRow,
  groupMembers,
  libraryEntries,
  libraryVersions,
  schools,
  users,
} from '../../db/schema.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { loadState } from '../../storage/loadState.ts'
import { type AccessFields, type AccessSubject, documentPermission } from '../documents/index.ts'
import { newId } from '../identity/index.ts'
import { checkedPlanJSON } from './checkedPlanJSON.ts'
import type { LibrarySearch } from './search/LibrarySearch.ts'

/**
 * Who may publish a plan: its group's lead, or its owner when it is in no group; either way
 * only someone who may read it (a lead cannot publish a member's private plan).
 */
export function canPublish(
  subject: AccessSubject,
  doc: AccessFields & Pick<DocumentRow, 'kind'>,
): boolean {
  if (doc.deletedAt !== null || doc.kind !== 'lesson_plan') return false
  if (documentPermission(subject, doc) === 'none') return false
  if (doc.groupId === null) return doc.ownerId === subject.user.id
  return subject.memberships.get(doc.groupId) === 'lead'
}

/** Authors for attribution: the owner, then the group's lead and members, with their schools. */
async function authorsOf(
  db: AppDb,
  doc: DocumentRow,
): Promise<Array<{ name: string; school: string }>> {
  const ids = [doc.ownerId]
  if (doc.groupId) {
    const members = await db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(
        and(eq(groupMembers.groupId, doc.groupId), inArray(groupMembers.role, ['lead', 'member'])),
      )
      .all()
    for (const member of members) if (!ids.includes(member.userId)) ids.push(member.userId)
  }
  const rows = await db
    .select({ id: users.id, name: users.displayName, school: schools.name })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(inArray(users.id, ids))
    .all()
  return ids.flatMap((id) =>
    rows.filter((row) => row.id === id).map(({ name, school }) => ({ name, school })),
  )
}

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
  db: AppDb,
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
  const authors = await authorsOf(db, doc)
  const published = await inTransaction(executor, async (tx) => {
    const existing = await tx
      .select({ id: libraryEntries.id, latestVersion: libraryEntries.latestVersion })
      .from(libraryEntries)
      .where(eq(libraryEntries.sourceDocumentId, doc.id))
      .get()
    const entryId = existing?.id ?? newId()
    const version = (existing?.latestVersion ?? 0) + 1
    const fields = {
      title: doc.title,
      subject: doc.subject,
      grade: doc.grade,
      textbookEdition: doc.textbookEdition,
      unit: doc.unit,
      lesson: doc.lesson,
      keywords: options.keywords,
      authors,
      licence: options.licence,
      status: 'published' as const,
      latestVersion: version,
      updatedAt: now,
    }
    if (existing) {
      await tx.update(libraryEntries).set(fields).where(eq(libraryEntries.id, entryId)).run()
    } else {
      await tx
        .insert(libraryEntries)
        .values({
          id: entryId,
          sourceDocumentId: doc.id,
          publisherId,
          schoolId: doc.schoolId,
          createdAt: now,
          ...fields,
        })
        .run()
    }
    await tx
      .insert(libraryVersions)
      .values({
        entryId,
        version,
        state: Buffer.from(state),
        json,
        text,
        publishedBy: publisherId,
        publishedAt: now,
      })
      .run()
    // Same connection, same transaction: the index never drifts from the library tables.
    await search.upsertIn(tx, { entryId, title: doc.title, keywords: options.keywords, body: text })
    return { entryId, version }
  })
  return published
}

/** Rebuilds the search index from the latest published versions (a database from before it). */
export async function reindexLibrary(
  db: AppDb,
  executor: SqlExecutor,
  search: LibrarySearch,
): Promise<number> {
  const rows = await db
    .select({
      entryId: libraryEntries.id,
      title: libraryEntries.title,
      keywords: libraryEntries.keywords,
      body: libraryVersions.text,
    })
    .from(libraryEntries)
    .innerJoin(
      libraryVersions,
      and(
        eq(libraryVersions.entryId, libraryEntries.id),
        eq(libraryVersions.version, libraryEntries.latestVersion),
      ),
    )
    .where(eq(libraryEntries.status, 'published'))
    .all()
  await inTransaction(executor, async (tx) => {
    for (const row of rows) await search.upsertIn(tx, row)
  })
  return rows.length
}
