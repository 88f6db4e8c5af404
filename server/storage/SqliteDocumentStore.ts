import { and, desc, eq, getTableName, gt, lte, min, sql } from 'drizzle-orm'
import type { VersionKind } from '../../shared/history/versionApi.ts'
import {
  documentClients,
  documentRefusedEdits,
  documentSnapshots,
  documentUpdates,
  documentVersions,
} from '../db/schema.ts'
import { closeSqlite, type SqliteHandle } from '../db/sqlite.ts'
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

/** Document storage in the embedded SQLite database (better-sqlite3 is synchronous). */
export class SqliteDocumentStore implements DocumentStore {
  /**
   * Appends a batch of updates in one transaction. The hot path of every keystroke, so it is a
   * raw better-sqlite3 statement inside a transaction function compiled once: Drizzle's
   * `db.transaction()` builds a transaction object and its prepared query fills placeholders
   * on every call, which cost more than SQLite's own work for a batch of a few small rows.
   */
  private readonly appendRows: (entries: readonly AppendEntry[], createdAt: number) => number[]
  private readonly selectSnapshot
  private readonly selectUpdates

  constructor(private readonly handle: SqliteHandle) {
    const { db, connection } = handle
    const insertUpdate = connection.prepare<[string, Buffer, number]>(
      `INSERT INTO ${getTableName(documentUpdates)} (${documentUpdates.documentId.name}, ${documentUpdates.data.name}, ${documentUpdates.createdAt.name}) VALUES (?, ?, ?)`,
    )
    this.appendRows = connection.transaction(
      (entries: readonly AppendEntry[], createdAt: number): number[] => {
        const seqs: number[] = []
        for (const entry of entries) {
          const result = insertUpdate.run(entry.documentId, asBuffer(entry.update), createdAt)
          seqs.push(Number(result.lastInsertRowid))
        }
        return seqs
      },
    )
    this.selectSnapshot = db
      .select({ state: documentSnapshots.state, throughSeq: documentSnapshots.throughSeq })
      .from(documentSnapshots)
      .where(eq(documentSnapshots.documentId, sql.placeholder('documentId')))
      .prepare()
    this.selectUpdates = db
      .select({ seq: documentUpdates.seq, data: documentUpdates.data })
      .from(documentUpdates)
      .where(
        and(
          eq(documentUpdates.documentId, sql.placeholder('documentId')),
          gt(documentUpdates.seq, sql.placeholder('afterSeq')),
        ),
      )
      .orderBy(documentUpdates.seq)
      .prepare()
  }

  async load(documentId: string): Promise<StoredDocument> {
    return this.handle.db.transaction(() => {
      const snapshot = this.selectSnapshot.get({ documentId })
      const afterSeq = snapshot?.throughSeq ?? 0
      const rows = this.selectUpdates.all({ documentId, afterSeq })
      return {
        snapshot: snapshot ? snapshot.state : null,
        updates: rows.map((row) => row.data),
        lastSeq: rows.length > 0 ? (rows[rows.length - 1]?.seq ?? afterSeq) : afterSeq,
      }
    })
  }

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    return this.appendRows(entries, Date.now())
  }

  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    const { db } = this.handle
    db.transaction((tx) => {
      const written = tx
        .insert(documentSnapshots)
        .values({ documentId, state: asBuffer(state), throughSeq, updatedAt: Date.now() })
        .onConflictDoUpdate({
          target: documentSnapshots.documentId,
          set: {
            state: sql`excluded.state`,
            throughSeq: sql`excluded.through_seq`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`excluded.through_seq > ${documentSnapshots.throughSeq}`,
        })
        .run()
      if (written.changes === 0) return
      tx.delete(documentUpdates)
        .where(
          and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.seq, throughSeq)),
        )
        .run()
    })
  }

  async saveVersion(
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo> {
    return this.insertVersion(documentId, name, kind, state, meta)
  }

  async saveVersionAfter(
    documentId: string,
    expectedLatestId: number | null,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo | null> {
    // Synchronous: nothing else runs on this connection between the check and the insert.
    const latest = this.latestVersionSync(documentId)
    if ((latest?.id ?? null) !== expectedLatestId) return null
    return this.insertVersion(documentId, name, kind, state, meta)
  }

  private insertVersion(
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): DocumentVersionInfo {
    const version = preparedVersion(documentId, name, kind, state, meta)
    const { data, encoding, columns, createdAt } = version
    const row = this.handle.db
      .insert(documentVersions)
      .values({ documentId, name, kind, state: asBuffer(data), createdAt, encoding, ...columns })
      .returning({ id: documentVersions.id })
      .get()
    return version.info(row.id)
  }

  private readonly versionColumns = {
    id: documentVersions.id,
    documentId: documentVersions.documentId,
    name: documentVersions.name,
    kind: documentVersions.kind,
    createdAt: documentVersions.createdAt,
    byteLength: sql<number>`length(${documentVersions.state})`,
    milestone: documentVersions.milestone,
    createdBy: documentVersions.createdBy,
    editors: documentVersions.editors,
    changedParts: documentVersions.changedParts,
    encoding: documentVersions.encoding,
  }

  private latestVersionSync(documentId: string): DocumentVersionInfo | null {
    const row = this.handle.db
      .select(this.versionColumns)
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.id))
      .limit(1)
      .get()
    return row ? versionInfoOf(row) : null
  }

  async latestVersion(documentId: string): Promise<DocumentVersionInfo | null> {
    return this.latestVersionSync(documentId)
  }

  async listVersions(documentId: string): Promise<DocumentVersionInfo[]> {
    return this.handle.db
      .select(this.versionColumns)
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.id))
      .all()
      .map(versionInfoOf)
  }

  async recordRefused(documentId: string, ranges: readonly RefusedRange[]): Promise<void> {
    if (ranges.length === 0) return
    const createdAt = Date.now()
    this.handle.db
      .insert(documentRefusedEdits)
      .values(ranges.map((range) => ({ documentId, ...range, createdAt })))
      .run()
  }

  async loadRefused(documentId: string): Promise<RefusedRange[]> {
    const rows = this.handle.db
      .select({
        clientId: documentRefusedEdits.clientId,
        fromClock: min(documentRefusedEdits.fromClock),
      })
      .from(documentRefusedEdits)
      .where(eq(documentRefusedEdits.documentId, documentId))
      .groupBy(documentRefusedEdits.clientId)
      .all()
    return rows.map((row) => ({ clientId: Number(row.clientId), fromClock: Number(row.fromClock) }))
  }

  async recordClients(documentId: string, clients: readonly ClientAuthor[]): Promise<void> {
    if (clients.length === 0) return
    const createdAt = Date.now()
    this.handle.db
      .insert(documentClients)
      .values(clients.map((client) => ({ documentId, ...client, createdAt })))
      .onConflictDoNothing()
      .run()
  }

  async loadClients(documentId: string): Promise<ClientAuthor[]> {
    return this.handle.db
      .select({
        clientId: documentClients.clientId,
        userId: documentClients.userId,
        schoolId: documentClients.schoolId,
      })
      .from(documentClients)
      .where(eq(documentClients.documentId, documentId))
      .all()
  }

  async loadVersion(documentId: string, versionId: number): Promise<Uint8Array | null> {
    const row = this.handle.db
      .select({ state: documentVersions.state, encoding: documentVersions.encoding })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.id, versionId)))
      .get()
    return row ? decodeVersionState(row.state, row.encoding) : null
  }

  async close(): Promise<void> {
    closeSqlite(this.handle)
  }
}
