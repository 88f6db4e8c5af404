import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import type { RelayMessage } from '../cluster/RedisRelay.ts'
import type { Logger } from '../logger.ts'
import type { DocumentStore, StoredDocument } from '../storage/DocumentStore.ts'
import { loadState } from '../storage/loadState.ts'
import {
  type Author,
  CollabDocument,
  type CompactionPolicy,
  type DocumentContext,
  type DocumentPublisher,
} from './CollabDocument.ts'
import type { Connection } from './Connection.ts'
import type { DocumentHooks } from './hooks.ts'
import { UpdateBatcher } from './UpdateBatcher.ts'

/** The channel between instances that serve the same documents (Redis pub/sub). */
export interface DocumentRelay extends DocumentPublisher {
  /** Starts receiving a document's messages from the other instances. */
  subscribe(documentId: string, handler: (message: RelayMessage) => void): Promise<void>
  /** Stops receiving them. */
  unsubscribe(documentId: string): Promise<void>
}

/** Settings of the registry. */
export interface RegistryOptions {
  store: DocumentStore
  log: Logger
  /** Milliseconds an idle document stays open after its last connection left. */
  unloadGraceMs: number
  compaction?: CompactionPolicy
  /** What the application is told about persisted changes and unloads. */
  hooks?: DocumentHooks
  /** Other instances serving the same documents; an instance hears only the documents it has open. */
  relay?: DocumentRelay
}

/** Transaction origin of changes the server itself makes (relayed to every connection). */
export const SERVER_ORIGIN = Symbol('server')

/** A random Yjs client id (as Yjs picks them: 32 bits). */
function freshClientId(): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0
}

/** How often silent clients' presence is looked for (y-protocols' own timers: 3 s). */
const PRESENCE_SWEEP_MS = awarenessProtocol.outdatedTimeout / 10

/** Default compaction policy: by number of log rows, or by bytes relative to the snapshot. */
export const DEFAULT_COMPACTION: CompactionPolicy = { maxRows: 5000, minBytes: 64 * 1024 }

/**
 * The open documents of this process. A document is loaded once however many connections ask
 * for it at the same moment, shared by all of them, and unloaded after the last one left and
 * everything is persisted.
 */
export class DocumentRegistry {
  private readonly open = new Map<string, CollabDocument>()
  private readonly loading = new Map<string, Promise<CollabDocument>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly batcher: UpdateBatcher
  /** What every open document gets from the registry (one object shared by all of them). */
  private readonly documentContext: DocumentContext
  private closing = false
  /** The sweep that drops silent clients' presence, running while documents are open. */
  private presenceSweep: NodeJS.Timeout | null = null
  /** How many times a document was read from storage (for tests and metrics). */
  loads = 0

  constructor(private readonly options: RegistryOptions) {
    this.batcher = new UpdateBatcher(options.store, options.log)
    this.documentContext = {
      store: options.store,
      batcher: this.batcher,
      log: options.log,
      compaction: options.compaction ?? DEFAULT_COMPACTION,
      onIdle: (idle) => this.scheduleUnload(idle),
      onFailed: (failed) => this.drop(failed),
      onChanged: (changed) => options.hooks?.changed(changed),
      ...(options.relay ? { publisher: options.relay } : {}),
    }
  }

  /** Number of documents currently in memory. */
  get size(): number {
    return this.open.size
  }

  /** The open document with this id, if it is in memory. */
  get(documentId: string): CollabDocument | undefined {
    return this.open.get(documentId)
  }

  /** Attaches a connection to its document, loading the document first if needed. */
  async connect(connection: Connection): Promise<void> {
    let document: CollabDocument
    try {
      document = await this.acquire(connection.documentId)
    } catch (error) {
      this.loadFailed(connection, error)
      return
    }
    this.cancelUnload(document.id)
    try {
      // Read at every connection: another instance may have refused edits or registered
      // client ids since the load.
      const [refused, clients] = await Promise.all([
        this.options.store.loadRefused(document.id),
        this.options.store.loadClients(document.id),
      ])
      document.noteRefused(refused)
      document.noteClients(clients)
    } catch (error) {
      if (document.connections.size === 0) this.scheduleUnload(document)
      this.loadFailed(connection, error)
      return
    }
    if (this.open.get(document.id) !== document) {
      // Shut down meanwhile: the client reconnects (LoadFailed is transient).
      this.loadFailed(connection, new Error('the document was closed while connecting'))
      return
    }
    connection.attach(document)
    if (document.connections.size === 0) this.scheduleUnload(document)
  }

  private loadFailed(connection: Connection, error: unknown): void {
    this.options.log.error(
      { err: error, documentId: connection.documentId },
      'loading document failed',
    )
    connection.close(CloseCode.LoadFailed, 'the document could not be loaded')
  }

  /**
   * Makes a server-side change to a document, loading it if it is not open: the change goes
   * through the same path as a client's (logged, then relayed to every connection). Resolves
   * once it is on disk. Never write to the store directly while a document may be open.
   */
  async change(documentId: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const document = await this.acquire(documentId)
    this.cancelUnload(documentId)
    try {
      document.registerServerClient()
      Y.transact(document.ydoc, () => edit(document.ydoc), SERVER_ORIGIN)
      await this.batcher.drain()
    } finally {
      if (document.connections.size === 0 && this.open.get(documentId) === document) {
        this.scheduleUnload(document)
      }
    }
  }

  /**
   * Makes a change for a person (a restore by a teacher, …) so that what it writes is theirs:
   * `edit` runs on a copy of the document under a fresh client id, registered to `author`, and
   * the resulting update goes the way of `change`. `edit` must be synchronous. Resolves once
   * it is on disk.
   */
  async changeAs(documentId: string, author: Author, edit: (doc: Y.Doc) => void): Promise<void> {
    const document = await this.acquire(documentId)
    this.cancelUnload(documentId)
    try {
      const live = document.ydoc
      const copy = new Y.Doc({ gc: true, guid: documentId })
      while (!document.isFreeClient(copy.clientID)) copy.clientID = freshClientId()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live))
      const before = Y.encodeStateVector(copy)
      Y.transact(copy, () => edit(copy), SERVER_ORIGIN)
      // Deletions of what the live document deleted already change nothing there.
      document.applyAuthored(
        Y.encodeStateAsUpdate(copy, before),
        copy.clientID,
        author,
        SERVER_ORIGIN,
      )
      copy.destroy()
      await this.batcher.drain()
    } finally {
      if (document.connections.size === 0 && this.open.get(documentId) === document) {
        this.scheduleUnload(document)
      }
    }
  }

  /**
   * The current state of a document as one update: from memory when it is open (after
   * everything applied is on disk), else from storage.
   */
  async encodeState(documentId: string): Promise<Uint8Array> {
    const open = this.open.get(documentId)
    if (open) {
      await this.batcher.drain()
      return Y.encodeStateAsUpdate(open.ydoc)
    }
    return loadState(this.options.store, documentId)
  }

  /** Closes every connection, writes everything, compacts and unloads all documents. */
  async closeAll(): Promise<void> {
    this.closing = true
    await Promise.allSettled([...this.loading.values()])
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    for (const document of this.open.values()) {
      document.closeConnections(CloseCode.ServerShutdown, 'server is shutting down')
    }
    await this.batcher.drain()
    await Promise.allSettled([...this.unloading.values()])
    for (const document of [...this.open.values()]) await this.unload(document)
  }

  private async acquire(documentId: string): Promise<CollabDocument> {
    for (;;) {
      if (this.closing) throw new Error('server is shutting down')
      const unloading = this.unloading.get(documentId)
      if (unloading) {
        await unloading
        continue
      }
      const open = this.open.get(documentId)
      if (open) return open
      const loading = this.loading.get(documentId)
      if (loading) return loading
      const load = this.load(documentId)
      this.loading.set(documentId, load)
      try {
        return await load
      } finally {
        this.loading.delete(documentId)
      }
    }
  }

  /**
   * Re-reads every open document from storage and applies what this instance's copy lacks
   * (after the relay reconnected: messages sent meanwhile were lost).
   */
  async catchUpAll(): Promise<void> {
    for (const document of [...this.open.values()]) {
      try {
        const stored = await this.options.store.load(document.id)
        if (this.open.get(document.id) === document) document.catchUp(stored)
      } catch (error) {
        this.options.log.error({ err: error, documentId: document.id }, 'catching up failed')
      }
    }
  }

  /** Drops, in every open document, the presence of clients silent for 30 s (as of `now`). */
  expireOutdatedPresence(now = Date.now()): void {
    for (const document of this.open.values()) document.expireOutdatedPresence(now)
  }

  /** Removes, from every open document, the presence of clients of instances that are gone. */
  dropPresenceOf(instances: ReadonlySet<string>): void {
    for (const document of this.open.values()) document.dropPresenceOf(instances)
  }

  private async load(documentId: string): Promise<CollabDocument> {
    this.loads += 1
    const relay = this.options.relay
    // Listen before reading, so that nothing stored in between is missed; messages that arrive
    // while loading are applied right after (applying an update twice changes nothing).
    let document: CollabDocument | null = null
    const early: RelayMessage[] = []
    const onRelayed = (message: RelayMessage): void => {
      if (document) document.applyRemote(message)
      else early.push(message)
    }
    if (relay) await relay.subscribe(documentId, onRelayed)
    let stored: StoredDocument
    try {
      stored = await this.options.store.load(documentId)
    } catch (error) {
      if (relay) void relay.unsubscribe(documentId).catch(() => undefined)
      throw error
    }
    document = this.createDocument(documentId, stored)
    for (const message of early) {
      try {
        document.applyRemote(message)
      } catch (error) {
        this.options.log.warn({ err: error, documentId }, 'applying a relayed message failed')
      }
    }
    if (relay) relay.publish(documentId, 'awarenessQuery', new Uint8Array(0))
    return document
  }

  private createDocument(documentId: string, stored: StoredDocument): CollabDocument {
    const document = new CollabDocument(documentId, stored, this.documentContext)
    this.open.set(documentId, document)
    if (!this.presenceSweep) {
      this.presenceSweep = setInterval(() => this.expireOutdatedPresence(), PRESENCE_SWEEP_MS)
      this.presenceSweep.unref()
    }
    return document
  }

  private scheduleUnload(document: CollabDocument): void {
    if (this.closing) return
    this.cancelUnload(document.id)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(document.id)
      if (document.connections.size > 0 || this.open.get(document.id) !== document) return
      const unloading = this.unload(document).finally(() => this.unloading.delete(document.id))
      this.unloading.set(document.id, unloading)
    }, this.options.unloadGraceMs)
    timer.unref()
    this.unloadTimers.set(document.id, timer)
  }

  private cancelUnload(documentId: string): void {
    const timer = this.unloadTimers.get(documentId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(documentId)
    }
  }

  private async unload(document: CollabDocument): Promise<void> {
    try {
      await this.batcher.drain()
      await document.compact()
      this.options.hooks?.beforeUnload(document)
    } catch (error) {
      this.options.log.error({ err: error, documentId: document.id }, 'compaction on unload failed')
    }
    this.drop(document)
    this.options.log.debug({ documentId: document.id }, 'unloaded document')
  }

  private drop(document: CollabDocument): void {
    this.cancelUnload(document.id)
    if (this.open.get(document.id) === document) {
      this.open.delete(document.id)
      if (this.open.size === 0 && this.presenceSweep) {
        clearInterval(this.presenceSweep)
        this.presenceSweep = null
      }
      this.options.relay?.unsubscribe(document.id).catch((error: unknown) => {
        this.options.log.warn({ err: error, documentId: document.id }, 'unsubscribing failed')
      })
    }
    document.destroy()
  }
}
