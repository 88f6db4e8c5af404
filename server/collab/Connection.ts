import { CloseCode } from '../../shared/closeCodes.ts'
import {
  AWARENESS_BURST,
  AWARENESS_UPDATES_PER_SECOND,
  MAX_BUFFERED_BYTES,
  MAX_FRAME_BYTES,
} from '../../shared/limits.ts'
import { EDITS_REFUSED_REASON } from '../../shared/protocol.ts'
import type { Logger } from '../logger.ts'
import type { CollabDocument } from './CollabDocument.ts'
import type { CollabSocket } from './CollabSocket.ts'
import type { ConnectionIdentity } from './ConnectionIndex.ts'
import { handleMessage } from './MessageReceiver.ts'
import { permissionDeniedMessage } from './OutgoingMessage.ts'

/** What the upgrade decided about a connection. */
export interface ConnectionAccess {
  /** Null for unauthenticated connections (only in tests of the bare collaboration core). */
  identity: ConnectionIdentity | null
  /** View-only: document updates from this client are dropped, never applied or stored. */
  readOnly: boolean
}

/** Reason sent to view-only clients whose edits were dropped. */
export const READ_ONLY_REASON = 'read-only: you may view this document but not edit it'

let nextConnectionId = 1

/** What `awarenessClients` returns before a connection announced anyone. */
const NO_CLIENTS: ReadonlySet<number> = new Set()

/** One client socket attached to one document. */
export class Connection {
  /** Process-unique id, for logs. */
  readonly id = nextConnectionId++
  /**
   * Awareness client ids this connection has announced; removed when it leaves. Like the
   * other collections here, allocated on first use: an open connection costs memory for every
   * document a teacher has open, most of them idle.
   */
  private announced: Set<number> | null = null
  private document: CollabDocument | null = null
  /** Messages that arrived while the document was loading. */
  private backlog: Uint8Array[] | null = null
  private backlogBytes = 0
  private closed = false
  private toldReadOnly = false
  private toldEditsRefused = false
  /** Presence updates this connection may still send now (a token bucket, refilled over time). */
  private presenceAllowance = AWARENESS_BURST
  private presenceCheckedAt = 0
  /** Runs when the connection closes (several listeners are chained into one function). */
  private closeListener: ((connection: Connection) => void) | null = null

  /** Who the connection was authenticated as (null only in tests of the bare core). */
  readonly identity: ConnectionIdentity | null
  /** Whether document updates from this client are dropped. */
  readonly readOnly: boolean

  constructor(
    private readonly socket: CollabSocket,
    readonly documentId: string,
    private readonly log: Logger,
    access: ConnectionAccess = { identity: null, readOnly: false },
  ) {
    this.identity = access.identity
    this.readOnly = access.readOnly
  }

  /** Runs `listener` once when the connection closes. */
  onClose(listener: (connection: Connection) => void): void {
    const previous = this.closeListener
    this.closeListener = previous
      ? (connection) => {
          previous(connection)
          listener(connection)
        }
      : listener
  }

  /** Awareness client ids this connection announced and did not remove. */
  get awarenessClients(): ReadonlySet<number> {
    return this.announced ?? NO_CLIENTS
  }

  /** Records the awareness clients this connection added and removed. */
  noteAwarenessClients(added: readonly number[], removed: readonly number[]): void {
    if (added.length > 0) {
      this.announced ??= new Set()
      for (const client of added) this.announced.add(client)
    }
    if (this.announced) for (const client of removed) this.announced.delete(client)
  }

  /**
   * Counts one presence update against the connection's rate (AWARENESS_UPDATES_PER_SECOND,
   * bursts of AWARENESS_BURST); false when the connection exceeds it.
   */
  takePresenceAllowance(now: number): boolean {
    const elapsed = now - this.presenceCheckedAt
    this.presenceCheckedAt = now
    this.presenceAllowance = Math.min(
      AWARENESS_BURST,
      this.presenceAllowance + (elapsed * AWARENESS_UPDATES_PER_SECOND) / 1000,
    )
    if (this.presenceAllowance < 1) return false
    this.presenceAllowance -= 1
    return true
  }

  /**
   * Tells a view-only client, once, that it may not edit (READ_ONLY_REASON), and once that
   * edits it sent were refused (EDITS_REFUSED_REASON: a client that typed must drop them).
   */
  refuseEdit(carriedEdits: boolean): void {
    if (carriedEdits) {
      if (this.toldEditsRefused) return
      this.toldEditsRefused = true
      this.toldReadOnly = true
      this.send(permissionDeniedMessage(EDITS_REFUSED_REASON))
      return
    }
    if (this.toldReadOnly) return
    this.toldReadOnly = true
    this.send(permissionDeniedMessage(READ_ONLY_REASON))
  }

  /** Whether the connection was closed (by either side). */
  get isClosed(): boolean {
    return this.closed
  }

  /** Binds the loaded document and processes messages that arrived while it was loading. */
  attach(document: CollabDocument): void {
    if (this.closed) return
    this.document = document
    document.addConnection(this)
    this.processBacklog()
  }

  /**
   * Holds this connection's messages, `frame` first, until `wait` settles (the document looks
   * something up before it can apply `frame`), then handles them in order.
   */
  holdUntil(wait: Promise<void>, frame: Uint8Array): void {
    this.backlog = [frame]
    this.backlogBytes = frame.byteLength
    wait.then(
      () => this.processBacklog(),
      (error: unknown) => this.crash(error, 'looking up the authors of client ids failed'),
    )
  }

  /** Handles the messages that waited, in order, until one makes the connection wait again. */
  private processBacklog(): void {
    const backlog = this.backlog
    if (!backlog) return
    this.backlog = null
    this.backlogBytes = 0
    for (let index = 0; index < backlog.length; index += 1) {
      const document = this.document
      if (this.closed || !document) return
      handleMessage(this, document, backlog[index] as Uint8Array)
      if (this.backlog) {
        // Held again by that message: the rest waits behind it.
        for (const rest of backlog.slice(index + 1)) this.queue(rest)
        return
      }
    }
  }

  /** Handles one incoming binary frame. */
  receive(data: Uint8Array): void {
    if (this.closed) return
    if (this.document && !this.backlog) {
      handleMessage(this, this.document, data)
      return
    }
    this.queue(data)
  }

  /** Keeps a frame for later (the document is loading, or the connection is held). */
  private queue(data: Uint8Array): void {
    this.backlogBytes += data.byteLength
    if (this.backlogBytes > MAX_FRAME_BYTES * 4) {
      this.fail(CloseCode.SlowConsumer, 'too much data sent before the document was ready')
      return
    }
    this.backlog ??= []
    this.backlog.push(data)
  }

  /**
   * Sends a frame unless the connection is closed. A client that stopped reading is dropped
   * instead once the bytes queued for it, this message included, would pass MAX_BUFFERED_BYTES.
   */
  send(message: Uint8Array): void {
    if (this.closed) return
    if (this.socket.bufferedAmount + message.byteLength > MAX_BUFFERED_BYTES) {
      this.fail(CloseCode.SlowConsumer, 'client is not reading its messages')
      return
    }
    this.socket.sendFrame(message)
  }

  /** Closes the connection because of what the client did, logging one line. */
  fail(code: number, reason: string): void {
    if (this.closed) return
    this.log.warn(
      { documentId: this.documentId, connectionId: this.id, code, reason },
      'closing collaboration connection',
    )
    this.close(code, reason)
  }

  /** Closes the connection after a server error (a bug costs one connection), logging it. */
  crash(error: unknown, what: string): void {
    this.log.error({ err: error, documentId: this.documentId, connectionId: this.id }, what)
    this.close(CloseCode.InternalError, 'internal error')
  }

  /** The socket failed (reset, bad frame): logs it and leaves the document. */
  socketFailed(error: Error): void {
    this.log.warn(
      { documentId: this.documentId, connectionId: this.id, err: error.message },
      'websocket error',
    )
    this.onSocketClosed()
  }

  /** Closes the socket and leaves the document. */
  close(code: number, reason: string): void {
    if (this.closed) return
    this.socket.closeWith(code, reason)
    this.onSocketClosed()
  }

  /** Called when the socket is gone; idempotent. */
  onSocketClosed(): void {
    if (this.closed && !this.document && !this.backlog) return
    const firstClose = !this.closed
    this.closed = true
    this.backlog = null
    const document = this.document
    this.document = null
    document?.removeConnection(this)
    const listener = this.closeListener
    this.closeListener = null
    if (firstClose) listener?.(this)
  }
}
