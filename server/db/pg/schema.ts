import { sql } from 'drizzle-orm'
import { bigint, bigserial, index, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core'
import { bytea, tsvector } from './columns.ts'

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

/**
 * Edits the server refused (they arrived while the document was read-only for their sender):
 * every struct of `clientId` from `fromClock` on is never accepted later. Rows are only added.
 */
export const documentRefusedEdits = pgTable(
  'document_refused_edits',
  {
    documentId: text('document_id').notNull(),
    clientId: bigint('client_id', { mode: 'number' }).notNull(),
    fromClock: bigint('from_clock', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('document_refused_edits_document').on(table.documentId)],
)

/** Saved versions of a document (named, automatic or a life-cycle milestone); rows are never rewritten. */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial('id').primaryKey(),
    documentId: text('document_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['named', 'auto', 'milestone'] }).notNull(),
    state: bytea('state').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** The user who made the version (named, restore, milestone); null for automatic ones. */
    createdBy: text('created_by'),
    /** For kind `milestone`: which life-cycle step (see VersionMilestone in shared/history). */
    milestone: text('milestone'),
    /** JSON array of the ids of the users whose edits this version is the first to hold. */
    editors: text('editors').$type<string[]>().notNull().default(sql`'[]'`),
    /** JSON array of the plan parts (PlanPartKey) that differ from the previous version. */
    changedParts: text('changed_parts').$type<string[]>().notNull().default(sql`'[]'`),
    /** How `state` is encoded: `yjs` (a Yjs update) or `yjs+deflate` (the same, deflated). */
    encoding: text('encoding').notNull().default('yjs'),
  },
  (table) => [index('document_versions_document').on(table.documentId, table.id)],
)

/**
 * Which user each Yjs client id of a document belongs to (authorship): registered by the
 * server when a connection first writes under that client id; an update creating items under
 * a client id registered to another user is refused. Rows are only added.
 */
export const documentClients = pgTable(
  'document_clients',
  {
    documentId: text('document_id').notNull(),
    clientId: bigint('client_id', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    /** The school the user wrote for when the client id was registered. */
    schoolId: text('school_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.documentId, table.clientId] }),
    // Covering the writers of a plan and their schools (dashboard balance and co-authorship).
    index('document_clients_document_user').on(table.documentId, table.userId, table.schoolId),
  ],
)

/**
 * The shared library's full-text index on PostgreSQL (PostgresLibrarySearch.ts; SQLite keeps
 * its FTS5 tables instead, so this table has no SQLite twin). `document` holds the CJK bigram
 * and word tokens of cjkTokens.ts under the `simple` configuration: title weighted A, keywords
 * B, body C; title and body are kept for highlighted snippets.
 */
export const librarySearch = pgTable(
  'library_search',
  {
    entryId: text('entry_id').primaryKey(),
    title: text('title').notNull(),
    keywords: text('keywords').notNull(),
    body: text('body').notNull(),
    document: tsvector('document').notNull(),
  },
  (table) => [index('library_search_document').using('gin', table.document)],
)
