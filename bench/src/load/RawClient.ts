import WebSocket from 'ws'
import { SyncMessageType } from '../../../shared/protocol.ts'
import type { LatencyRecorder } from './LatencyRecorder.ts'
import { authFrame, awarenessFrame, type Dialect, readIncoming, syncFrame } from './protocol.ts'

/** An empty Yjs update (no structs, empty delete set). */
const EMPTY_UPDATE = new Uint8Array([0, 0])
/** An empty state vector: "send me everything". */
const EMPTY_STATE_VECTOR = new Uint8Array([0])

/** Where and how a raw client connects. */
export interface RawClientOptions {
  url: string
  dialect: Dialect
  documentName: string
  /** Hocuspocus auth token (ignored by the plain protocol). */
  token?: string
  /** Receives every incoming update (not the initial sync answer). */
  recorder?: LatencyRecorder
  /** Sent right after the handshake, as a sync update (e.g. initial content). */
  initialUpdate?: Uint8Array
}

/**
 * A light client on a raw `ws` socket: does the sync handshake with y-protocols messages, then
 * only decodes incoming updates (no Y.Doc), so that many of them cost the generator little.
 */
export class RawClient {
  private readonly ws: WebSocket
  private awarenessClock = 0
  private readonly clientId = Math.floor(Math.random() * 0xffffffff)
  private syncedResolve: (() => void) | null = null
  /** Bytes of sync step 2 received (the document as the server sent it). */
  syncedBytes = 0
  /** Resolves once the server's sync step 2 arrived. */
  readonly synced: Promise<void>
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>

  constructor(private readonly options: RawClientOptions) {
    this.synced = new Promise((resolve) => {
      this.syncedResolve = resolve
    })
    this.ws = new WebSocket(options.url, { perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.closed = new Promise((resolve) => this.ws.once('close', () => resolve()))
    this.ws.on('error', () => {})
    this.ws.on('open', this.onOpen)
    this.ws.on('message', this.onMessage)
  }

  /** Sends an awareness update announcing `state` for this client. */
  sendAwareness(state: unknown): void {
    this.awarenessClock += 1
    const { dialect, documentName } = this.options
    this.send(awarenessFrame(dialect, documentName, this.clientId, this.awarenessClock, state))
  }

  /** Closes the socket. */
  close(): void {
    this.ws.close()
  }

  private send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data)
  }

  private readonly onOpen = (): void => {
    const { dialect, documentName, token, initialUpdate } = this.options
    if (dialect === 'hocuspocus') this.send(authFrame(documentName, token ?? ''))
    this.send(syncFrame(dialect, documentName, SyncMessageType.Step1, EMPTY_STATE_VECTOR))
    if (initialUpdate)
      this.send(syncFrame(dialect, documentName, SyncMessageType.Update, initialUpdate))
  }

  private readonly onMessage = (data: Buffer): void => {
    const { dialect, documentName, recorder } = this.options
    const incoming = readIncoming(dialect, data)
    switch (incoming.kind) {
      case 'step1':
        this.send(syncFrame(dialect, documentName, SyncMessageType.Step2, EMPTY_UPDATE))
        return
      case 'step2':
        this.syncedBytes = incoming.payload.byteLength
        this.syncedResolve?.()
        this.syncedResolve = null
        return
      case 'update':
        recorder?.observeUpdate(incoming.payload)
        return
      default:
        return
    }
  }
}
