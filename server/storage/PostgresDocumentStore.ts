import { and, desc, eq, inArray, lte, min, sql } from 'drizzle-orm'
import * as Y from 'yjs'
import type { VersionKind } from '../../shared/history/versionApi.ts'
import { closePostgres, type PostgresHandle } from '../db/pg/postgres.ts'
import {
  documentClients,
  documentRefusedEdits,
  documentSnapshots,
  documentUpdates,
  documentVersions,
} from '../db/pg/schema.ts'
import type {
  AppendEntry,
  ClientAuthor,
  DocumentStore,
  DocumentVersionInfo,
  RefusedRange,
  StoredDocument,
  VersionMeta,
} from './DocumentStore.ts'
import { decodeVersionState, preparedVersion, versionInfoOf } from './versionEncoding.ts'

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

/** One state holding every given update, garbage-collected like a live document's. */
function mergeIntoState(parts: Array<Uint8Array | undefined | Array<{ data: Uint8Array }>>) {
  const doc = new Y.Doc({ gc: true })
  Y.transact(doc, () => {
    for (const part of parts) {
      if (part === undefined) continue
      if (Array.isArray(part)) for (const row of part) Y.applyUpdate(doc, row.data)
      else Y.applyUpdate(doc, part)
    }
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

/**
 * Document storage in PostgreSQL, shared by several server instances.
 *
 * Sequence numbers from concurrent transactions may become visible out of order, so a row
 * below a snapshot's `throughSeq` can still appear after that snapshot was written. Hence:
 * `load` applies every log row still present (applying an update twice is harmless), and
 * `compact` folds in, under a per-document lock, exactly the rows it read — merging them with
 * the caller's state and the stored snapshot — and deletes only those. No instance can drop an
 * update it has not seen, and a snapshot never goes backwards.
 */
export class PostgresDocumentStore implements DocumentStore {
  constructor(private readonly handle: PostgresHandle) {}

  async load(documentId: string): Promise<StoredDocument> {
    const { db } = this.handle
    return db.transaction(
      async (tx) => {
        const [snapshot] = await tx
          .select({ state: documentSnapshots.state, throughSeq: documentSnapshots.throughSeq })
          .from(documentSnapshots)
          .where(eq(documentSnapshots.documentId, documentId))
        const rows = await tx
          .select({ seq: documentUpdates.seq, data: documentUpdates.data })
          .from(documentUpdates)
          .where(eq(documentUpdates.documentId, documentId))
          .orderBy(documentUpdates.seq)
        const throughSeq = snapshot?.throughSeq ?? 0
        const lastRow = rows.at(-1)?.seq ?? 0
        return {
          snapshot: snapshot ? snapshot.state : null,
          updates: rows.map((row) => row.data),
          lastSeq: Math.max(throughSeq, lastRow),
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
  }

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    if (entries.length === 0) return []
    const createdAt = Date.now()
    const rows = await this.handle.db
      .insert(documentUpdates)
      .values(
        entries.map((entry) => ({
          documentId: entry.documentId,
          data: asBuffer(entry.update),
          createdAt,
        })),
      )
      .returning({ seq: documentUpdates.seq })
    return rows.map((row) => row.seq)
  }

  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    await this.handle.db.transaction(async (tx) => {
      // Serialises compactions of one document across every instance.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${documentId}, 0))`)
      const [existing] = await tx
        .select({ state: documentSnapshots.state, throughSeq: documentSnapshots.throughSeq })
        .from(documentSnapshots)
        .where(eq(documentSnapshots.documentId, documentId))
      const rows = await tx
        .select({ seq: documentUpdates.seq, data: documentUpdates.data })
        .from(documentUpdates)
        .where(
          and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.seq, throughSeq)),
        )
        .orderBy(documentUpdates.seq)
      const merged =
        rows.length === 0 && !existing ? state : mergeIntoState([state, existing?.state, rows])
      const newThrough = Math.max(throughSeq, existing?.throughSeq ?? 0)
      await tx
        .insert(documentSnapshots)
        .values({
          documentId,
          state: asBuffer(merged),
          throughSeq: newThrough,
          updatedAt: Date.now(),
        })
        .onConflictDoUpdate({
          target: documentSnapshots.documentId,
          set: { state: asBuffer(merged), throughSeq: newThrough, updatedAt: Date.now() },
        })
      if (rows.length > 0) {
        await tx.delete(documentUpdates).where(
          inArray(
            documentUpdates.seq,
            rows.map((row) => row.seq),
          ),
        )
      }
    })
  }

  async saveVersion(
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo> {
    return this.insertVersion(this.handle.db, documentId, name, kind, state, meta)
  }

  async saveVersionAfter(
    documentId: string,
    expectedLatestId: number | null,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo | null> {
    return this.handle.db.transaction(async (tx) => {
      // Serializes the check and the insert per document across instances.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`version:${documentId}`}))`)
      const [latest] = await tx
        .select({ id: documentVersions.id })
        .from(documentVersions)
        .where(eq(documentVersions.documentId, documentId))
        .orderBy(desc(documentVersions.id))
        .limit(1)
      if ((latest?.id ?? null) !== expectedLatestId) return null
      return this.insertVersion(tx, documentId, name, kind, state, meta)
    })
  }

  private async insertVersion(
    db: Pick<PostgresHandle['db'], 'insert'>,
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo> {
    const version = preparedVersion(documentId, name, kind, state, meta)
    const { data, encoding, columns, createdAt } = version
    const [row] = await db
      .insert(documentVersions)
      .values({
        documentId,
        name,
        kind,
        state: asBuffer(data),
        createdAt,
        encoding,
        ...columns,
        // The pg schema keeps the lists as JSON text.
        editors: sql`${JSON.stringify(columns.editors)}`,
        changedParts: sql`${JSON.stringify(columns.changedParts)}`,
      })
      .returning({ id: documentVersions.id })
    if (!row) throw new Error('saving the version returned no row')
    return version.info(row.id)
  }

  private readonly versionColumns = {
    id: documentVersions.id,
    documentId: documentVersions.documentId,
    name: documentVersions.name,
    kind: documentVersions.kind,
    createdAt: documentVersions.createdAt,
    byteLength: sql<number>`octet_length(${documentVersions.state})::int`,
    milestone: documentVersions.milestone,
    createdBy: documentVersions.createdBy,
    editors: documentVersions.editors,
    changedParts: documentVersions.changedParts,
    encoding: documentVersions.encoding,
  }

  async latestVersion(documentId: string): Promise<DocumentVersionInfo | null> {
    const [row] = await this.handle.db
      .select(this.versionColumns)
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.id))
      .limit(1)
    return row ? versionInfoOf(row) : null
  }

  async listVersions(documentId: string): Promise<DocumentVersionInfo[]> {
    const rows = await this.handle.db
      .select(this.versionColumns)
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.id))
    return rows.map(versionInfoOf)
  }

  async recordRefused(documentId: string, ranges: readonly RefusedRange[]): Promise<void> {
    if (ranges.length === 0) return
    const createdAt = Date.now()
    await this.handle.db
      .insert(documentRefusedEdits)
      .values(ranges.map((range) => ({ documentId, ...range, createdAt })))
  }

  async loadRefused(documentId: string): Promise<RefusedRange[]> {
    const rows = await this.handle.db
      .select({
        clientId: documentRefusedEdits.clientId,
        fromClock: min(documentRefusedEdits.fromClock),
      })
      .from(documentRefusedEdits)
      .where(eq(documentRefusedEdits.documentId, documentId))
      .groupBy(documentRefusedEdits.clientId)
    return rows.map((row) => ({ clientId: Number(row.clientId), fromClock: Number(row.fromClock) }))
  }

  async recordClients(documentId: string, clients: readonly ClientAuthor[]): Promise<void> {
    if (clients.length === 0) return
    const createdAt = Date.now()
    await this.handle.db
      .insert(documentClients)
      .values(clients.map((client) => ({ documentId, ...client, createdAt })))
      .onConflictDoNothing()
  }

  async loadClients(documentId: string): Promise<ClientAuthor[]> {
    const rows = await this.handle.db
      .select({
        clientId: documentClients.clientId,
        userId: documentClients.userId,
        schoolId: documentClients.schoolId,
      })
      .from(documentClients)
      .where(eq(documentClients.documentId, documentId))
    return rows.map((row) => ({ ...row, clientId: Number(row.clientId) }))
  }

  async loadVersion(documentId: string, versionId: number): Promise<Uint8Array | null> {
    const [row] = await this.handle.db
      .select({ state: documentVersions.state, encoding: documentVersions.encoding })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.id, versionId)))
    return row ? decodeVersionState(row.state, row.encoding) : null
  }

  async close(): Promise<void> {
    await closePostgres(this.handle)
  }
}
