import { bigint, bigserial, index, pgTable, serial, text } from 'drizzle-orm/pg-core'
import { bytea } from './columns.ts'

export * from './appSchema.ts'

/**
 * Append-only log of Yjs updates (PostgreSQL driver; same shape as the SQLite table).
 * `seq` comes from a sequence, so numbers are never reused after compaction.
 */
export const documentUpdates = pgTable(
  'document_updates',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    documentId: text('document_id').notNull(),
    data: bytea('data').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('document_updates_document_seq').on(table.documentId, table.seq)],
)

/** The compacted state of a document: every update up to and including `throughSeq`. */
export const documentSnapshots = pgTable('document_snapshots', {
  documentId: text('document_id').primaryKey(),
  state: bytea('state').notNull(),
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** Saved versions of a document (named or automatic); rows are never rewritten. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial('id').primaryKey(),
    documentId: text('document_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['named', 'auto'] }).notNull(),
    state: bytea('state').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('document_versions_document').on(table.documentId, table.id)],
)
