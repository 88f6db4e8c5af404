import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Append-only log of Yjs updates, one row per update. `seq` uses AUTOINCREMENT so that a
 * sequence number is never reused after compaction deleted the rows below it.
 */
export const documentUpdates = sqliteTable(
  'document_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    documentId: text('document_id').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('document_updates_document_seq').on(table.documentId, table.seq)],
)

/** The compacted state of a document: every update up to and including `throughSeq`. */
export const documentSnapshots = sqliteTable('document_snapshots', {
  documentId: text('document_id').primaryKey(),
  state: blob('state', { mode: 'buffer' }).notNull(),
  throughSeq: integer('through_seq').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Saved versions of a document (named or automatic); rows are never rewritten. */
export const documentVersions = sqliteTable(
  'document_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: text('document_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['named', 'auto'] }).notNull(),
    state: blob('state', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('document_versions_document').on(table.documentId, table.id)],
)

/** A row of `document_versions`. */
export type DocumentVersionRow = typeof documentVersions.$inferSelect
