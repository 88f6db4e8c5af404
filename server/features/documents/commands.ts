import type { JSONContent } from '@tiptap/core'
import type { Insertable } from 'kysely'
import * as Y from 'yjs'
import { jsonToYDoc } from '../../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import type { PlanHeaderFields } from '../../../shared/editor/planSchema.ts'
import { type Database, toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { newId } from '../identity/index.ts'
import type { UpdateDocumentBody } from './schema.ts'

/** The metadata of a document about to be created (its id and times are set here). */
export type NewDocument = Omit<
  Insertable<Database['documents']>,
  'id' | 'createdAt' | 'updatedAt'
> & {
  /** When it was created (now by default; the demo seed backdates its plans). */
  at?: number
}

/**
 * Inserts a document's metadata row — the one place a document is created. `db` is a
 * transaction's database when the row belongs to a larger write. Returns the new id.
 */
export async function createDocument(db: AppKysely, fields: NewDocument): Promise<string> {
  const { at = Date.now(), ...row } = fields
  const id = newId()
  await db
    .insertInto('documents')
    .values({ ...row, id, createdAt: at, updatedAt: at })
    .execute()
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
  db: AppKysely,
  documentId: string,
  changes: UpdateDocumentBody,
): Promise<void> {
  await db
    .updateTable('documents')
    .set({ ...changes, updatedAt: Date.now() })
    .where('id', '=', documentId)
    .execute()
}

/** Deletes a document softly: it stays in the database, hidden from everyone. */
export async function markDocumentDeleted(db: AppKysely, documentId: string): Promise<void> {
  await db
    .updateTable('documents')
    .set({ deletedAt: Date.now() })
    .where('id', '=', documentId)
    .execute()
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
  const stored = toJsonText(json)
  await inTransaction(executor, async (ktx) => {
    await ktx
      .insertInto('documentContent')
      .values({ documentId, json: stored, text, updatedAt: now })
      .onConflict((conflict) =>
        conflict.column('documentId').doUpdateSet({ json: stored, text, updatedAt: now }),
      )
      .execute()
    await ktx
      .updateTable('documents')
      .set({
        title: header.lessonTitle.trim() || content.fallbackTitle,
        subject: header.subject,
        grade: header.grade,
        textbookEdition: header.textbookEdition,
        unit: header.unit,
        updatedAt: now,
      })
      .where('id', '=', documentId)
      .execute()
  })
}
