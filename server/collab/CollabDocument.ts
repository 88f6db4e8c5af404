import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import type { Logger } from '../logger.ts'
import type { DocumentStore, StoredDocument } from '../storage/DocumentStore.ts'
import { decodeAwarenessUpdate } from './awarenessUpdate.ts'
import { Connection } from './Connection.ts'
import {
  awarenessMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './OutgoingMessage.ts'
import type { PendingUpdate, UpdateBatcher } from './UpdateBatcher.ts'

/** Origin of the transaction that applies stored state; such changes are not logged again. */
const LOAD_ORIGIN = Symbol('load')

/** When the log is folded into a snapshot. */
export interface CompactionPolicy {
  /** Compact once this many updates are in the log. */
  maxUpdates: number
  /** Compact once the log holds at least this many bytes and as many as the snapshot. */
  minBytes: number
}

/** What a document needs from the server around it. */
export interface DocumentContext {
  store: DocumentStore
  batcher: UpdateBatcher
  log: Logger
  compaction: CompactionPolicy
  /** Called when the last connection left. */
  onIdle(document: CollabDocument): void
  /** Called when the document must be dropped because storage failed. */
  onFailed(document: CollabDocument): void
  /** Called after a batch of this document's updates was persisted (content changed). */
  onChanged(document: CollabDocument): void
}

interface DeferredMessage {
  ordinal: number
  connection: Connection
  message: Uint8Array
}

/** Awareness change summary emitted by y-protocols. */
interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

/** An open document: the Y.Doc, its awareness and the connections editing it. */
export class CollabDocument {
  readonly ydoc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly connections = new Set<Connection>()
  private appliedOrdinal = 0
  private persistedOrdinal = 0
  private deferred: DeferredMessage[] = []
  private lastSeq: number
  private logCount: number
  private logBytes: number
  private snapshotBytes: number
  private compacting = false
  private failed = false

  constructor(
    readonly id: string,
    stored: StoredDocument,
    private readonly context: DocumentContext,
  ) {
    Y.transact(
      this.ydoc,
      () => {
        if (stored.snapshot) Y.applyUpdate(this.ydoc, stored.snapshot)
        for (const update of stored.updates) Y.applyUpdate(this.ydoc, update)
      },
      LOAD_ORIGIN,
    )
    this.lastSeq = stored.lastSeq
    this.logCount = stored.updates.length
    this.logBytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0)
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0
    this.awareness = new awarenessProtocol.Awareness(this.ydoc)
    this.awareness.setLocalState(null)
    this.ydoc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Whether every update applied in memory is in the log. */
  get isPersisted(): boolean {
    return this.appliedOrdinal === this.persistedOrdinal
  }

  /** Number of log rows not yet folded into the snapshot. */
  get pendingLogUpdates(): number {
    return this.logCount
  }

  /** Adds a connection and starts the sync handshake with it. */
  addConnection(connection: Connection): void {
    this.connections.add(connection)
    connection.send(syncStep1Message(this.ydoc))
    const states = this.awareness.getStates()
    if (states.size > 0) {
      connection.send(awarenessMessage(this.awareness, [...states.keys()]))
    }
  }

  /** Removes a connection and the awareness states it announced. */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.deferred = this.deferred.filter((entry) => entry.connection !== connection)
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.awareness,
        [...connection.awarenessClients],
        null,
      )
    }
    if (this.connections.size === 0) this.context.onIdle(this)
  }

  /**
   * Applies a client's update; it is logged and relayed by the batcher. Throws if invalid.
   * The update is decoded in full first: Yjs integrates inserts before it reads the delete
   * section, so a bad tail would otherwise leave half an update applied.
   */
  applyUpdate(update: Uint8Array, origin: Connection): void {
    Y.decodeUpdate(update)
    Y.applyUpdate(this.ydoc, update, origin)
  }

  /** Applies a client's awareness update and relays it to everyone. Throws if invalid. */
  applyAwareness(update: Uint8Array, origin: Connection): void {
    decodeAwarenessUpdate(update)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, origin)
  }

  /** Answers sync step 1, but only once everything the answer contains is on disk. */
  replyToSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    const message = syncStep2Message(this.ydoc, stateVector)
    if (this.isPersisted && this.deferred.length === 0) {
      connection.send(message)
    } else {
      this.deferred.push({ ordinal: this.appliedOrdinal, connection, message })
    }
  }

  /** Sends the awareness states of everyone in the document (query-awareness). */
  sendAwarenessStates(connection: Connection): void {
    const clients = [...this.awareness.getStates().keys()]
    connection.send(awarenessMessage(this.awareness, clients))
  }

  /** Called by the batcher once `pending` is in the log: relays it. */
  onPersisted(pending: PendingUpdate, seq: number): void {
    if (this.failed) return
    this.persistedOrdinal = pending.ordinal
    this.lastSeq = Math.max(this.lastSeq, seq)
    this.logCount += 1
    this.logBytes += pending.update.byteLength
    const message = updateMessage(pending.update)
    for (const connection of this.connections) {
      if (connection !== pending.origin) connection.send(message)
    }
  }

  /** Called by the batcher after a batch: sends deferred answers and compacts when due. */
  afterBatch(): void {
    if (this.failed) return
    this.context.onChanged(this)
    while (this.deferred.length > 0) {
      const next = this.deferred[0] as DeferredMessage
      if (next.ordinal > this.persistedOrdinal) break
      this.deferred.shift()
      next.connection.send(next.message)
    }
    if (this.isCompactionDue()) {
      this.compacting = true
      setImmediate(() => {
        this.compact()
          .catch((error: unknown) => {
            this.context.log.error({ err: error, documentId: this.id }, 'compaction failed')
          })
          .finally(() => {
            this.compacting = false
          })
      })
    }
  }

  /** Folds the log into a snapshot now (used when unloading and at shutdown). */
  async compact(): Promise<void> {
    if (this.failed || !this.isPersisted || this.logCount === 0) return
    const state = Y.encodeStateAsUpdate(this.ydoc)
    const throughSeq = this.lastSeq
    const foldedCount = this.logCount
    const foldedBytes = this.logBytes
    await this.context.store.compact(this.id, state, throughSeq)
    this.logCount -= foldedCount
    this.logBytes -= foldedBytes
    this.snapshotBytes = state.byteLength
    this.context.log.debug(
      { documentId: this.id, throughSeq, snapshotBytes: state.byteLength, foldedCount },
      'compacted document log',
    )
  }

  /** Closes every connection with `code`. */
  closeConnections(code: number, reason: string): void {
    for (const connection of [...this.connections]) connection.close(code, reason)
  }

  /** Storage failed: drop unsaved state without relaying it and disconnect everyone. */
  failStorage(): void {
    if (this.failed) return
    this.failed = true
    this.deferred = []
    this.closeConnections(CloseCode.StorageFailed, 'saving failed; reconnect to resend your edits')
    this.context.onFailed(this)
  }

  /** Releases memory; the document must have no connections left. */
  destroy(): void {
    this.ydoc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.ydoc.destroy()
  }

  private isCompactionDue(): boolean {
    if (this.compacting || !this.isPersisted) return false
    const { maxUpdates, minBytes } = this.context.compaction
    if (this.logCount >= maxUpdates) return true
    return this.logBytes >= minBytes && this.logBytes >= this.snapshotBytes
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN || this.failed) return
    this.appliedOrdinal += 1
    this.context.batcher.enqueue({ document: this, update, ordinal: this.appliedOrdinal, origin })
  }

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    if (origin instanceof Connection) {
      for (const client of change.added) origin.awarenessClients.add(client)
      for (const client of change.removed) origin.awarenessClients.delete(client)
    }
    const changed = [...change.added, ...change.updated, ...change.removed]
    if (changed.length === 0) return
    const message = awarenessMessage(this.awareness, changed)
    for (const target of this.connections) target.send(message)
  }
}
