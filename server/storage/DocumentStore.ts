import type { VersionKind, VersionMilestone } from '../../shared/history/versionApi.ts'
import type { VersionEncoding } from './versionEncoding.ts'

/** What storage holds for one document: the compacted snapshot and the log after it. */
export interface StoredDocument {
  /** Compacted state, or null when the document was never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended after the snapshot, in log order. */
  updates: Uint8Array[]
  /** Highest log sequence number folded into this result (0 when empty). */
  lastSeq: number
}

/** One update to append to a document's log. */
export interface AppendEntry {
  documentId: string
  update: Uint8Array
}

/**
 * Edits a document never accepts: every struct of `clientId` from `fromClock` on (they reached
 * the server while the document was read-only for whoever sent them).
 */
export interface RefusedRange {
  clientId: number
  fromClock: number
}

/** What a version records besides its state (all optional: a bare version has none). */
export interface VersionMeta {
  milestone?: VersionMilestone | null
  /** The user who made it (named, milestone, restore); null for automatic versions. */
  createdBy?: string | null
  /** Users whose edits this version is the first to hold. */
  editors?: readonly string[]
  /** Plan parts (PlanPartKey) that differ from the previous version. */
  changedParts?: readonly string[]
}

/** Who a Yjs client id of a document belongs to: the user and the school they wrote for. */
export interface ClientAuthor {
  clientId: number
  userId: string
  schoolId: string
}

/** Metadata of a saved version. */
export interface DocumentVersionInfo {
  id: number
  documentId: string
  name: string
  kind: VersionKind
  createdAt: number
  /** Bytes stored (after encoding). */
  byteLength: number
  milestone: VersionMilestone | null
  createdBy: string | null
  editors: string[]
  changedParts: string[]
  encoding: VersionEncoding
}

/**
 * Durable storage of collaborative documents: an append-only update log per document, compacted
 * into snapshots, plus immutable saved versions. Drivers: SQLite (default), PostgreSQL (later).
 */
export interface DocumentStore {
  /** Reads snapshot and log; an unknown document yields an empty result. Throws when storage fails. */
  load(documentId: string): Promise<StoredDocument>
  /** Appends all entries in one transaction and returns each entry's sequence number. */
  append(entries: readonly AppendEntry[]): Promise<number[]>
  /**
   * Replaces the snapshot by `state`, which must contain every logged update with a sequence
   * number ≤ `throughSeq`, and drops those log rows, in one transaction. A snapshot never
   * replaces one with a higher `throughSeq`.
   */
  compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void>
  /** Stores an immutable version of a document (encoded as versionEncoding.ts decides). */
  saveVersion(
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo>
  /**
   * Stores a version only if the document's newest version is still `expectedLatestId` (null:
   * it has none), atomically: two instances cannot both write the same automatic version.
   * Returns null when another version came first.
   */
  saveVersionAfter(
    documentId: string,
    expectedLatestId: number | null,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo | null>
  /** The newest version of a document, or null when it has none. */
  latestVersion(documentId: string): Promise<DocumentVersionInfo | null>
  /** Lists a document's versions, newest first. */
  listVersions(documentId: string): Promise<DocumentVersionInfo[]>
  /** The state of one version, or null if it does not exist for that document. */
  loadVersion(documentId: string, versionId: number): Promise<Uint8Array | null>
  /** Records refused edits of a document (rows are only added; the lowest clock counts). */
  recordRefused(documentId: string, ranges: readonly RefusedRange[]): Promise<void>
  /** The refused edits of a document, one range per client id (its lowest refused clock). */
  loadRefused(documentId: string): Promise<RefusedRange[]>
  /**
   * Registers client ids of a document to their authors (rows are only added; a client id
   * registered already keeps its first author).
   */
  recordClients(documentId: string, clients: readonly ClientAuthor[]): Promise<void>
  /** Every registered client id of a document and its author. */
  loadClients(documentId: string): Promise<ClientAuthor[]>
  /** Closes the underlying database; pending calls must have settled. */
  close(): Promise<void>
}
