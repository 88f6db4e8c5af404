import type { JSONContent } from '@tiptap/core'
import { eq } from 'drizzle-orm'
import * as Y from 'yjs'
import { jsonToYDoc } from '../../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import type { PlanHeaderFields } from '../../../shared/editor/planSchema.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import { documentContent, documents } from '../../db/schema.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { newId } from '../identity/index.ts'
import type { UpdateDocumentBody } from './schema.ts'

/** The metadata of a document about to be created (its id and times are set here). */
export type NewDocument = Omit<typeof documents.$inferInsert, 'id' | 'createdAt' | 'updatedAt'> & {
  /** When it was created (now by default; the demo seed backdates its plans). */
  at?: number
}

/**
 * Inserts a document's metadata row — the one place a document is created. `db` is a
 * transaction's database when the row belongs to a larger write. Returns the new id.
 */
export async function createDocument(db: AppDb, fields: NewDocument): Promise<string> {
  const { at = Date.now(), ...row } = fields
  const id = newId()
  await db
    .insert(documents)
    .values({ ...row, id, createdAt: at, updatedAt: at })
    .run()
  return id
}

/**
 * Writes the empty lesson-plan template of a new plan as its first snapshot. The template is
 * written by the server, once: two teachers opening a new plan at the same moment must not both
 * insert it.
 */
export async function writePlanTemplate(
  store: DocumentStore,
  documentId: string,
  header: Partial<PlanHeaderFields>,
): Promise<void> {
  const template = jsonToYDoc(emptyPlanJSON(header))
  await store.compact(documentId, Y.encodeStateAsUpdate(template), 0)
  template.destroy()
}

/** Changes a document's metadata (PATCH /documents/:id) and notes the time. */
export async function updateDocumentFields(
  db: AppDb,
  documentId: string,
  changes: UpdateDocumentBody,
): Promise<void> {
  await db
    .update(documents)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(documents.id, documentId))
    .run()
}

/** Deletes a document softly: it stays in the database, hidden from everyone. */
export async function markDocumentDeleted(db: AppDb, documentId: string): Promise<void> {
  await db
    .update(documents)
    .set({ deletedAt: Date.now() })
    .where(eq(documents.id, documentId))
    .run()
}

/** A plan's content as derived from its Y.Doc, with the header fields that mirror it. */
export interface DerivedContent {
  json: JSONContent
  text: string
  header: PlanHeaderFields
  /** The title kept when the header's lesson title is blank. */
  fallbackTitle: string
}

/**
 * Stores a plan's derived JSON and text and keeps its metadata (title, subject, grade, edition,
 * unit) in step with its header, in one transaction.
 */
export async function storeDerivedContent(
  executor: SqlExecutor,
  documentId: string,
  content: DerivedContent,
): Promise<void> {
  const { json, text, header } = content
  const now = Date.now()
  await inTransaction(executor, async (tx) => {
    await tx
      .insert(documentContent)
      .values({ documentId, json, text, updatedAt: now })
      .onConflictDoUpdate({
        target: documentContent.documentId,
        set: { json, text, updatedAt: now },
      })
      .run()
    await tx
      .update(documents)
      .set({
        title: header.lessonTitle.trim() || content.fallbackTitle,
        subject: header.subject,
        grade: header.grade,
        textbookEdition: header.textbookEdition,
        unit: header.unit,
        updatedAt: now,
      })
      .where(eq(documents.id, documentId))
      .run()
  })
}
