import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION, MAX_DOCUMENT_BYTES } from '../../shared/limits.ts'
import { encodeAwarenessStates } from '../../shared/protocolMessages.ts'
import type { RelayKind, RelayMessage } from '../cluster/RedisRelay.ts'
import type { Logger } from '../logger.ts'
import type {
  ClientAuthor,
  DocumentStore,
  RefusedRange,
  StoredDocument,
} from '../storage/DocumentStore.ts'
import { AwarenessRelay } from './AwarenessRelay.ts'
import {
  type AwarenessEntry,
  decodeAwarenessUpdate,
  decodeClientAwareness,
} from './awarenessUpdate.ts'
import { Connection } from './Connection.ts'
import type { ConnectionIdentity } from './ConnectionIndex.ts'
import {
  awarenessMessage,
  syncStep1Message,
  syncStep2FromState,
  syncStep2Message,
  updateMessage,
} from './OutgoingMessage.ts'
import { ProtocolViolation } from './ProtocolViolation.ts'
import { relayRow } from './relayRow.ts'
import type { LogRow, PendingUpdate, UpdateBatcher } from './UpdateBatcher.ts'

/** Origin of the transaction that applies stored state; such changes are not logged again. */
const LOAD_ORIGIN = Symbol('load')

/**
 * Origin of changes another instance stored and relayed (or that storage had and this copy
 * lacked): forwarded to this instance's clients, neither logged nor published again.
 */
const REMOTE_ORIGIN = Symbol('remote')

/** Origin y-protocols gives to awareness states it drops after the outdated timeout. */
const AWARENESS_TIMEOUT_ORIGIN = 'timeout'

/** Origin of removing the presence of a dead instance's clients (every instance does it). */
const PEER_LOST_ORIGIN = Symbol('peer-lost')

/**
 * How long a lazily loaded document waits for its first client's sync step 1 (answered from the
 * stored bytes) before it builds its Y.Doc anyway.
 */
const MATERIALIZE_AFTER_MS = 100

/** Whether a state vector names no client at all (a peer that has nothing yet). */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0
}

/** The author of changes the server makes on its own (not for a person): no one. */
export const SYSTEM_AUTHOR = { userId: '', schoolId: '' } as const

/** Who writes under a client id: a user and the school they write for. */
export interface Author {
  userId: string
  schoolId: string
}

/** What `claimClients` returns when every client id of an update is the sender's already. */
const NO_CLIENTS: readonly number[] = []

/** When the log is folded into a snapshot. */
export interface CompactionPolicy {
  /** Compact once the log holds this many rows (a row holds one batch's updates, merged). */
  maxRows: number
  /** Compact once the log holds at least this many bytes and as many as the snapshot. */
  minBytes: number
}

/** Where a document's stored updates and presence go for the other instances (Redis). */
export interface DocumentPublisher {
  publish(documentId: string, kind: RelayKind, payload: Uint8Array): void
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
  /** The other instances, when several serve the same documents. */
  publisher?: DocumentPublisher
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

/**
 * An open document: the Y.Doc, its awareness and the connections editing it. A document loaded
 * from a snapshot alone is materialized lazily: the first clients are answered from the stored
 * bytes, and the snapshot is applied to the Y.Doc right after (or as soon as anything needs it).
 */
export class CollabDocument {
  private readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  readonly connections = new Set<Connection>()
  private readonly awarenessRelay: AwarenessRelay
  private appliedOrdinal = 0
  private persistedOrdinal = 0
  /** Answers held until what they contain is on disk (allocated when one must wait). */
  private deferred: DeferredMessage[] | null = null
  private lastSeq: number
  private logCount: number
  private logBytes: number
  private snapshotBytes: number
  /**
   * An upper bound of the encoded document's size: its exact size when last measured plus
   * the bytes of every update since. Measured again only when it nears MAX_DOCUMENT_BYTES.
   */
  private sizeBound: number
  private compacting = false
  /**
   * The whole document as stored, while nothing changed since it was loaded: a client that has
   * nothing yet gets it as it is, without encoding the document again.
   */
  private storedState: Uint8Array | null
  /** Refused edits: client id → the lowest clock never accepted from it (see refuseUpdate). */
  private readonly refused = new Map<number, number>()
  /**
   * Yjs client ids → the user who created content under them (registered by the first user to
   * do so; persisted in `document_clients`). Allocated on first use.
   */
  private authors: Map<number, string> | null = null
  /** Client ids the store was asked about (after a miss) and had no author for. */
  private lookedUp: Set<number> | null = null
  /** The shared answer to an empty sync step 1 (see fullStateReply); null once the document changed. */
  private fullReply: Uint8Array | null = null
  /** What storage returned and is not yet applied to `doc`. */
  private unapplied: StoredDocument | null
  /**
   * Connections answered from the stored state that still await the server's sync step 1.
   * This and the other collections below are allocated on first use: most open documents of a
   * busy server are idle, and an empty Set or Map costs about 160 bytes.
   */
  private awaitingStep1: Set<Connection> | null = null
  private materializeTimer: NodeJS.Timeout | null = null
  private failed = false
  /** Clients whose awareness changed on this instance and is not yet published. */
  private presenceToPublish: Set<number> | null = null
  /** Awareness clients announced by other instances → the instance (hex id) that has them. */
  private remotePresence: Map<number, string> | null = null

  constructor(
    readonly id: string,
    stored: StoredDocument,
    private readonly context: DocumentContext,
  ) {
    // The document id as guid: a server-side doc needs no random one of its own.
    this.doc = new Y.Doc({ gc: true, guid: id })
    this.unapplied = stored
    this.lastSeq = stored.lastSeq
    this.logCount = stored.updates.length
    this.logBytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0)
    this.snapshotBytes = stored.snapshot?.byteLength ?? 0
    this.sizeBound = this.snapshotBytes + this.logBytes
    this.storedState = stored.updates.length === 0 ? stored.snapshot : null
    if (!this.storedState) this.materialize()
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // Each Awareness runs its own timer to drop silent clients; the registry runs one sweep for
    // all open documents instead (expireOutdatedPresence), which saves a timer per document.
    clearInterval(this.awareness._checkInterval)
    this.awareness._checkInterval = null
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
    this.awarenessRelay = new AwarenessRelay(this.awareness, this.connections, this)
  }

  /** The document's Y.Doc, with everything stored applied to it. */
  get ydoc(): Y.Doc {
    this.materialize()
    return this.doc
  }

  /** Whether every update applied in memory is in the log. */
  get isPersisted(): boolean {
    return this.appliedOrdinal === this.persistedOrdinal
  }

  /** Number of log rows (each one batch's updates, merged) not yet folded into the snapshot. */
  get pendingLogUpdates(): number {
    return this.logCount
  }

  /** Adds a connection and starts the sync handshake with it. */
  addConnection(connection: Connection): void {
    this.connections.add(connection)
    if (this.unapplied) {
      // Sent once the stored state is applied, right after this client is answered.
      this.awaitingStep1 ??= new Set()
      this.awaitingStep1.add(connection)
      this.materializeLater(MATERIALIZE_AFTER_MS)
    } else {
      connection.send(syncStep1Message(this.doc))
    }
    const states = this.awareness.getStates()
    if (states.size > 0) {
      connection.send(awarenessMessage(this.awareness, [...states.keys()]))
    }
  }

  /** Removes a connection and the awareness states it announced. */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.awaitingStep1?.delete(connection)
    if (this.deferred) {
      this.deferred = this.deferred.filter((entry) => entry.connection !== connection)
    }
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
   * section, so a bad tail would otherwise leave half an update applied. Returns a promise,
   * and applies nothing, when the authors of some client ids must be looked up in the store
   * first (the connection then holds its messages and sends this one again once it resolves).
   */
  applyUpdate(update: Uint8Array, origin: Connection): Promise<void> | null {
    const { structs } = Y.decodeUpdate(update)
    this.checkNotRefused(update)
    const identity = origin.identity
    const claimed =
      identity && structs.length > 0 ? this.claimClients(structs, identity) : NO_CLIENTS
    if (!Array.isArray(claimed)) return claimed as Promise<void>
    this.checkRoomFor(update.byteLength)
    Y.applyUpdate(this.ydoc, update, origin)
    if (identity && claimed.length > 0) {
      this.register(claimed, { userId: identity.userId, schoolId: identity.schoolId ?? '' })
    }
    return null
  }

  /**
   * Applies an update the server made for `author` under a client id of its own (see
   * DocumentRegistry.changeAs): the client id is registered to the author, then the update
   * goes the way of a client's (logged, then relayed to every connection).
   */
  applyAuthored(update: Uint8Array, clientId: number, author: Author, origin: unknown): void {
    const before = Y.getState(this.ydoc.store, clientId)
    Y.applyUpdate(this.ydoc, update, origin)
    if (Y.getState(this.ydoc.store, clientId) > before) this.register([clientId], author)
  }

  /** Registers the server's own client id (changes made for no one) before it writes under it. */
  registerServerClient(): void {
    if (this.authors?.has(this.doc.clientID)) return
    this.register([this.doc.clientID], SYSTEM_AUTHOR)
  }

  /** Whether `clientId` is unused in this document: no content under it and no author registered. */
  isFreeClient(clientId: number): boolean {
    return Y.getState(this.ydoc.store, clientId) === 0 && !this.authors?.has(clientId)
  }

  /**
   * The client ids under which an update creates content the server lacks (structs at or past
   * the server's state for that client; re-sent structs and deletions do not count) and that
   * are not yet registered: they become the sender's once it is applied. Throws ForgedClient
   * when one is registered to another user. Returns a promise instead when a client id has
   * content here but no author known to this instance (it was registered on another instance,
   * or by a process before a restart): the store is asked first. The structs of one client
   * come together and in clock order, so this costs a Map lookup per client id.
   */
  private claimClients(
    structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>,
    identity: ConnectionIdentity,
  ): readonly number[] | Promise<void> {
    const store = this.ydoc.store
    let fresh: number[] | null = null
    let unknown: number[] | null = null
    let index = 0
    while (index < structs.length) {
      const client = (structs[index] as Y.Item).id.client
      let end = 0
      for (; index < structs.length; index += 1) {
        const struct = structs[index] as Y.Item | Y.GC | Y.Skip
        if (struct.id.client !== client) break
        if (!(struct instanceof Y.Skip)) end = struct.id.clock + struct.length
      }
      const state = Y.getState(store, client)
      if (end <= state) continue
      const owner = this.authors?.get(client)
      if (owner === identity.userId) continue
      if (owner !== undefined || client === this.doc.clientID) {
        throw new ProtocolViolation(
          CloseCode.ForgedClient,
          "the update creates content under another user's client id",
        )
      }
      if (state > 0 && !this.lookedUp?.has(client)) {
        unknown ??= []
        unknown.push(client)
      } else {
        fresh ??= []
        fresh.push(client)
      }
    }
    if (unknown) return this.lookUpClients(unknown)
    return fresh ?? NO_CLIENTS
  }

  /** Reads the document's registered client ids from the store (after a miss for `clients`). */
  private async lookUpClients(clients: readonly number[]): Promise<void> {
    this.noteClients(await this.context.store.loadClients(this.id))
    this.lookedUp ??= new Set()
    for (const client of clients) this.lookedUp.add(client)
  }

  /** Registers client ids to `author`, in memory now and in the store (rows are only added). */
  private register(clients: readonly number[], author: Author): void {
    this.authors ??= new Map()
    const rows: ClientAuthor[] = []
    for (const clientId of clients) {
      this.authors.set(clientId, author.userId)
      rows.push({ clientId, userId: author.userId, schoolId: author.schoolId })
    }
    // On SQLite this runs synchronously, before the batcher appends the update it guards.
    this.context.store.recordClients(this.id, rows).catch((error: unknown) => {
      this.context.log.error({ err: error, documentId: this.id }, 'recording client ids failed')
    })
  }

  /** Adds client ids registered earlier (by this or another instance, or before a restart). */
  noteClients(clients: readonly ClientAuthor[]): void {
    if (clients.length === 0) return
    this.authors ??= new Map()
    for (const { clientId, userId } of clients) this.authors.set(clientId, userId)
  }

  /**
   * Applies a client's awareness update and relays it to everyone. Throws a ProtocolViolation
   * when it breaks the presence limits (size, depth, rate, client ids, someone else's client),
   * another error if it is malformed. States are stamped with who the connection really is.
   */
  applyAwareness(update: Uint8Array, origin: Connection): void {
    const entries = decodeClientAwareness(update)
    if (!origin.takePresenceAllowance(Date.now())) {
      throw new ProtocolViolation(CloseCode.TooManyMessages, 'too many presence updates')
    }
    let added = 0
    const accepted: AwarenessEntry[] = []
    for (const entry of entries) {
      if (!origin.awarenessClients.has(entry.clientId)) {
        if (!this.mayAnnounce(entry, origin)) continue
        if (entry.state !== null) added += 1
      }
      accepted.push(entry)
    }
    if (origin.awarenessClients.size + added > MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
      throw new ProtocolViolation(CloseCode.InvalidPresence, 'too many presence clients')
    }
    if (accepted.length === 0) return
    const stamped = origin.identity
      ? accepted.map((entry) => stampIdentity(entry, origin))
      : accepted
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessStates(stamped), origin)
  }

  /**
   * Whether `origin` may announce a client id it has not announced before. Echoes of states the
   * server already has (a provider answers a presence query with every state it knows) are
   * skipped. A newer state for a client id held elsewhere moves over when the same user sends it
   * (a tab that reconnected before the server noticed its old socket was gone); from another
   * user it is a forgery and closes the connection.
   */
  private mayAnnounce(entry: AwarenessEntry, origin: Connection): boolean {
    const meta = this.awareness.meta.get(entry.clientId)
    const current = this.awareness.getStates().get(entry.clientId) as { user?: unknown } | undefined
    if (!meta || !current) return true
    if (entry.clock <= meta.clock) return false
    const owner = (current.user as { userId?: unknown } | undefined)?.userId
    if (origin.identity && owner !== undefined && owner !== origin.identity.userId) {
      throw new ProtocolViolation(CloseCode.InvalidPresence, "another user's presence client")
    }
    for (const connection of this.connections) {
      if (connection !== origin && connection.awarenessClients.has(entry.clientId)) {
        connection.noteAwarenessClients([], [entry.clientId])
      }
    }
    return true
  }

  /**
   * Records the edits of an update from a connection that may not edit (the document is
   * read-only for its sender): they are not applied now, and no update carrying them (or later
   * edits of the same client id, which build on them) is ever accepted, so an editor that kept
   * typing after a sign-off cannot merge those edits when the plan is reopened. Persisted so
   * that a restart or another instance refuses them too. Returns whether the update carried
   * any edit (an empty sync step 2 carries none).
   */
  refuseUpdate(update: Uint8Array): boolean {
    const { structs, ds } = Y.decodeUpdate(update)
    if (structs.length === 0 && ds.clients.size === 0) return false
    const { from, to } = Y.parseUpdateMeta(update)
    const added: RefusedRange[] = []
    for (const [clientId, end] of to) {
      const start = Math.max(from.get(clientId) ?? 0, Y.getState(this.ydoc.store, clientId))
      if (end <= start) continue // nothing the server lacks
      const known = this.refused.get(clientId)
      if (known !== undefined && known <= start) continue
      this.refused.set(clientId, start)
      added.push({ clientId, fromClock: start })
    }
    if (added.length === 0) return true
    this.context.store.recordRefused(this.id, added).catch((error: unknown) => {
      this.context.log.error({ err: error, documentId: this.id }, 'recording refused edits failed')
    })
    return true
  }

  /** Adds refused edits recorded earlier (by this or another instance). */
  noteRefused(ranges: readonly RefusedRange[]): void {
    for (const { clientId, fromClock } of ranges) {
      const known = this.refused.get(clientId)
      if (known === undefined || fromClock < known) this.refused.set(clientId, fromClock)
    }
  }

  /** Throws RefusedEdits when the update carries edits refused earlier. */
  private checkNotRefused(update: Uint8Array): void {
    if (this.refused.size === 0) return
    const { to } = Y.parseUpdateMeta(update)
    for (const [clientId, end] of to) {
      const fromClock = this.refused.get(clientId)
      if (fromClock !== undefined && end > fromClock) {
        throw new ProtocolViolation(
          CloseCode.RefusedEdits,
          'the update carries edits refused while the document was read-only',
        )
      }
    }
  }

  /**
   * Refuses (DocumentTooLarge) an update of `bytes` that could take the document past
   * MAX_DOCUMENT_BYTES. The document is measured exactly only when the running bound says it
   * might be near the limit.
   */
  private checkRoomFor(bytes: number): void {
    if (this.sizeBound + bytes <= MAX_DOCUMENT_BYTES) return
    this.sizeBound = Y.encodeStateAsUpdate(this.ydoc).byteLength
    if (this.sizeBound + bytes > MAX_DOCUMENT_BYTES) {
      throw new ProtocolViolation(
        CloseCode.DocumentTooLarge,
        `the document would pass ${MAX_DOCUMENT_BYTES} bytes`,
      )
    }
  }

  /**
   * Sync step 2 with the whole document, for clients that have nothing yet. Encoded once per
   * version and shared: many clients opening a plan (or stalling on it) queue one buffer, not
   * one copy each.
   */
  private fullStateReply(): Uint8Array {
    this.fullReply ??= this.storedState
      ? syncStep2FromState(this.storedState)
      : syncStep2Message(this.ydoc, new Uint8Array([0]))
    return this.fullReply
  }

  /** Answers sync step 1, but only once everything the answer contains is on disk. */
  replyToSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    const message = isEmptyStateVector(stateVector)
      ? this.fullStateReply()
      : syncStep2Message(this.ydoc, stateVector)
    if (this.isPersisted && !this.deferred?.length) {
      connection.send(message)
      // The client has the document; now build the Y.Doc, off its critical path.
      if (this.unapplied) this.materializeLater(0)
    } else {
      this.deferred ??= []
      this.deferred.push({ ordinal: this.appliedOrdinal, connection, message })
    }
  }

  /** Sends the awareness states of everyone in the document (query-awareness). */
  sendAwarenessStates(connection: Connection): void {
    const clients = [...this.awareness.getStates().keys()]
    connection.send(awarenessMessage(this.awareness, clients))
  }

  /** Called by the batcher once `row` (this document's updates of one batch) is in the log: relays it. */
  onPersisted(row: LogRow, seq: number): void {
    if (this.failed) return
    const last = row.updates[row.updates.length - 1] as PendingUpdate
    this.persistedOrdinal = last.ordinal
    this.lastSeq = Math.max(this.lastSeq, seq)
    this.logCount += 1
    this.logBytes += row.merged.byteLength
    relayRow(this.connections, row)
    this.context.publisher?.publish(this.id, 'update', row.merged)
  }

  /**
   * Applies what another instance relayed: a stored update (forwarded to this instance's
   * clients, not logged again), an awareness change, or a request for this instance's presence.
   * Throws if the payload is invalid.
   */
  applyRemote(message: RelayMessage): void {
    if (this.failed) return
    switch (message.kind) {
      case 'update':
        Y.applyUpdate(this.ydoc, message.payload, REMOTE_ORIGIN)
        break
      case 'awareness':
        for (const entry of decodeAwarenessUpdate(message.payload)) {
          if (entry.state === null) this.remotePresence?.delete(entry.clientId)
          else {
            this.remotePresence ??= new Map()
            this.remotePresence.set(entry.clientId, message.from)
          }
        }
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, REMOTE_ORIGIN)
        break
      case 'awarenessQuery':
        this.publishLocalPresence()
        break
    }
  }

  /** Brings this copy up to date with storage (after relayed messages may have been missed). */
  catchUp(stored: StoredDocument): void {
    if (this.failed) return
    Y.transact(
      this.ydoc,
      () => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot)
        for (const update of stored.updates) Y.applyUpdate(this.doc, update)
      },
      REMOTE_ORIGIN,
    )
  }

  /** Removes the presence of the clients that were connected to instances now gone. */
  dropPresenceOf(instances: ReadonlySet<string>): void {
    const remote = this.remotePresence
    if (!remote) return
    const gone: number[] = []
    for (const [client, instance] of remote) {
      if (instances.has(instance)) gone.push(client)
    }
    for (const client of gone) remote.delete(client)
    if (gone.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, gone, PEER_LOST_ORIGIN)
    }
  }

  /**
   * Removes the presence of clients not heard of for y-protocols' outdatedTimeout (30 s; every
   * client renews its state at half that), as Awareness's own timer would.
   */
  expireOutdatedPresence(now: number): void {
    const outdated: number[] = []
    for (const [client, meta] of this.awareness.meta) {
      if (
        client !== this.doc.clientID &&
        now - meta.lastUpdated >= awarenessProtocol.outdatedTimeout &&
        this.awareness.states.has(client)
      )
        outdated.push(client)
    }
    if (outdated.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, outdated, AWARENESS_TIMEOUT_ORIGIN)
    }
  }

  /** Publishes the presence of every client connected to this instance (for a new instance). */
  publishLocalPresence(): void {
    const clients: number[] = []
    for (const connection of this.connections) clients.push(...connection.awarenessClients)
    this.schedulePresencePublish(clients)
  }

  /**
   * Logs an unexpected error of a callback of this document (a timer, a relay, the batcher)
   * and closes its connections, which reconnect and sync again: a bug costs one document's
   * connections, never the process.
   */
  guardFailed(error: unknown, what: string): void {
    this.context.log.error({ err: error, documentId: this.id }, what)
    try {
      this.closeConnections(CloseCode.InternalError, 'internal error')
    } catch (closeError) {
      this.context.log.error({ err: closeError, documentId: this.id }, 'closing after an error')
    }
  }

  /** Runs `task`; an exception in it goes to `guardFailed` instead of up the stack. */
  guard(what: string, task: () => void): void {
    try {
      task()
    } catch (error) {
      this.guardFailed(error, what)
    }
  }

  /** Called by the batcher after a batch: sends deferred answers and compacts when due. */
  afterBatch(): void {
    if (this.failed) return
    this.context.onChanged(this)
    const deferred = this.deferred
    while (deferred && deferred.length > 0) {
      const next = deferred[0] as DeferredMessage
      if (next.ordinal > this.persistedOrdinal) break
      deferred.shift()
      next.connection.send(next.message)
    }
    if (deferred?.length === 0) this.deferred = null
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
    const boundAtEncode = this.sizeBound
    const throughSeq = this.lastSeq
    const foldedCount = this.logCount
    const foldedBytes = this.logBytes
    await this.context.store.compact(this.id, state, throughSeq)
    this.logCount -= foldedCount
    this.logBytes -= foldedBytes
    this.snapshotBytes = state.byteLength
    // The exact size when `state` was encoded, plus every update applied while it was being
    // stored (not all of them are in the log yet: counting only the log would let the document
    // pass MAX_DOCUMENT_BYTES when the store is slow, as PostgreSQL is).
    this.sizeBound = state.byteLength + (this.sizeBound - boundAtEncode)
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
    this.deferred = null
    this.closeConnections(CloseCode.StorageFailed, 'saving failed; reconnect to resend your edits')
    this.context.onFailed(this)
  }

  /** Releases memory; the document must have no connections left. */
  destroy(): void {
    if (this.materializeTimer) clearTimeout(this.materializeTimer)
    this.materializeTimer = null
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awarenessRelay.stop()
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** Materializes after `delayMs` (or sooner, if that was asked already). */
  private materializeLater(delayMs: number): void {
    if (this.materializeTimer) {
      if (delayMs > 0) return
      clearTimeout(this.materializeTimer)
    }
    this.materializeTimer = setTimeout(() => {
      this.materializeTimer = null
      this.guard('materializing the document failed', () => this.materialize())
    }, delayMs)
  }

  /** Applies what storage returned to the Y.Doc (once), then asks waiting clients for their state. */
  private materialize(): void {
    const stored = this.unapplied
    if (!stored) return
    this.unapplied = null
    Y.transact(
      this.doc,
      () => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot)
        for (const update of stored.updates) Y.applyUpdate(this.doc, update)
      },
      LOAD_ORIGIN,
    )
    // Listening only now: Yjs encodes an update per transaction for every 'update' listener.
    this.doc.on('update', this.onDocUpdate)
    const waiting = this.awaitingStep1
    this.awaitingStep1 = null
    if (!waiting || waiting.size === 0) return
    const message = syncStep1Message(this.doc)
    for (const connection of waiting) connection.send(message)
  }

  private isCompactionDue(): boolean {
    if (this.compacting || !this.isPersisted) return false
    const { maxRows, minBytes } = this.context.compaction
    if (this.logCount >= maxRows) return true
    return this.logBytes >= minBytes && this.logBytes >= this.snapshotBytes
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN || this.failed) return
    this.storedState = null
    this.fullReply = null
    this.sizeBound += update.byteLength
    if (origin === REMOTE_ORIGIN) {
      // Stored already by the instance that received it: forward it as it is.
      const message = updateMessage(update)
      for (const connection of this.connections) connection.send(message)
      return
    }
    this.appliedOrdinal += 1
    this.context.batcher.enqueue({ document: this, update, ordinal: this.appliedOrdinal, origin })
  }

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    if (origin instanceof Connection) origin.noteAwarenessClients(change.added, change.removed)
    this.awarenessRelay.noteChanged(change.added)
    this.awarenessRelay.noteChanged(change.updated)
    this.awarenessRelay.noteChanged(change.removed)
    // Another instance's clients (and those every instance times out alone) are not published.
    if (
      !this.context.publisher ||
      origin === REMOTE_ORIGIN ||
      origin === AWARENESS_TIMEOUT_ORIGIN ||
      origin === PEER_LOST_ORIGIN
    )
      return
    this.schedulePresencePublish([...change.added, ...change.updated, ...change.removed])
  }

  /**
   * Publishes the presence of `clients` (with the other changes of this event-loop turn) at the
   * end of the turn, as one message.
   */
  private schedulePresencePublish(clients: readonly number[]): void {
    const publisher = this.context.publisher
    if (!publisher || clients.length === 0) return
    if (this.presenceToPublish) {
      for (const client of clients) this.presenceToPublish.add(client)
      return
    }
    const pending = new Set(clients)
    this.presenceToPublish = pending
    setImmediate(() => {
      this.presenceToPublish = null
      if (this.failed) return
      this.guard('publishing presence failed', () =>
        publisher.publish(
          this.id,
          'awareness',
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...pending]),
        ),
      )
    })
  }
}

/** `entry` with its state's `user` fields set from the connection's identity (who it really is). */
function stampIdentity(entry: AwarenessEntry, origin: Connection): AwarenessEntry {
  const identity = origin.identity
  const state = entry.state as Record<string, unknown> | null
  if (!identity || state === null) return entry
  const claimed = state.user
  const user: Record<string, unknown> =
    typeof claimed === 'object' && claimed !== null && !Array.isArray(claimed)
      ? { ...(claimed as Record<string, unknown>) }
      : {}
  user.userId = identity.userId
  if (identity.displayName !== undefined) user.name = identity.displayName
  if (identity.schoolId !== undefined) user.schoolId = identity.schoolId
  if (identity.schoolName !== undefined) user.schoolName = identity.schoolName
  user.readOnly = origin.readOnly
  return { ...entry, state: { ...state, user } }
}
