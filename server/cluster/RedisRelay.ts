import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Revocation } from '../collab/ConnectionIndex.ts'
import type { Logger } from '../logger.ts'

/**
 * What travels between instances on a document's channel: an update (already stored), an
 * awareness change, or a request that the others announce their clients' awareness (sent by an
 * instance that just opened the document).
 */
export type RelayKind = 'update' | 'awareness' | 'awarenessQuery'

/** A message another instance published for a document this instance has open. */
export interface RelayMessage {
  kind: RelayKind
  payload: Uint8Array
  /** The instance that sent it (hex id). */
  from: string
}

/** An event every instance acts on (revocations, access changes), sent as JSON. */
export type ControlEvent =
  | { type: 'revoke'; revocation: Revocation }
  | { type: 'recheckUsers'; userIds: string[] }
  | { type: 'heartbeat' }
  | { type: 'recheckDocument'; documentId: string }

const KIND_BYTES: Record<RelayKind, number> = { update: 1, awareness: 2, awarenessQuery: 3 }
const KIND_OF_BYTE = new Map<number, RelayKind>(
  Object.entries(KIND_BYTES).map(([kind, byte]) => [byte, kind as RelayKind]),
)
const INSTANCE_ID_BYTES = 16

/** How often an instance says it is alive on the control channel. */
export const HEARTBEAT_MS = 2_000

/** An instance not heard from for this long is taken for dead. */
export const PEER_TIMEOUT_MS = 7_000

/** The default prefix of Redis keys and channels (`REDIS_PREFIX`). */
export const DEFAULT_REDIS_PREFIX = 'jibei:'

/**
 * Relays updates and awareness between server instances through Redis pub/sub, one channel per
 * document; an instance subscribes only to the documents it has open. Frames are
 * `[kind][instance id][payload]`, so an instance ignores what it published itself. One more
 * channel carries control events (revocations) to every instance.
 */
export class RedisRelay {
  readonly instanceId = randomBytes(INSTANCE_ID_BYTES)
  private readonly publisher: Redis
  private readonly subscriber: Redis
  private readonly handlers = new Map<string, (message: RelayMessage) => void>()
  private readonly reconnectListeners = new Set<() => void>()
  private readonly controlListeners = new Set<(event: ControlEvent) => void>()
  private readonly peerLostListeners = new Set<(peers: ReadonlySet<string>) => void>()
  /** Other instances (hex id) → when they were last heard from. */
  private readonly peers = new Map<string, number>()
  private heartbeat: NodeJS.Timeout | null = null
  private readonly documentPrefix: string
  private readonly controlChannel: string
  private closed = false

  constructor(
    url: string,
    private readonly log: Logger,
    /** Prefix of channels and keys, so that deployments (or tests) can share one Redis. */
    readonly prefix: string = DEFAULT_REDIS_PREFIX,
  ) {
    this.documentPrefix = `${prefix}doc:`
    this.controlChannel = `${prefix}control`
    const options = { maxRetriesPerRequest: null, enableAutoPipelining: true, lazyConnect: false }
    this.publisher = new Redis(url, options)
    this.subscriber = new Redis(url, { ...options, enableAutoPipelining: false })
    for (const [name, client] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      client.on('error', (error: Error) => this.log.warn({ err: error, client: name }, 'redis'))
    }
    let firstReady = true
    this.subscriber.on('ready', () => {
      if (firstReady) {
        firstReady = false
        return
      }
      // Messages published while we were away are lost: tell the documents to catch up.
      this.log.warn('redis subscriber reconnected; documents reload from storage')
      for (const listener of this.reconnectListeners) listener()
    })
    this.subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) =>
      this.onFrame(channel.toString(), frame),
    )
  }

  /** The connection that publishes; other Redis commands (the login throttle) share it. */
  get commands(): Redis {
    return this.publisher
  }

  /** The Redis channel of a document. */
  documentChannel(documentId: string): string {
    return `${this.documentPrefix}${documentId}`
  }

  /** Waits until both connections are ready and control events arrive (throws if Redis cannot be reached). */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()])
    await this.subscriber.subscribe(this.controlChannel)
    this.publishControl({ type: 'heartbeat' })
    this.heartbeat ??= setInterval(() => {
      this.publishControl({ type: 'heartbeat' })
      this.forgetSilentPeers()
    }, HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  /**
   * Called when another instance stopped saying it is alive (killed, cut off): what it stored
   * just before may never have been relayed, so open documents should catch up from storage.
   */
  onPeerLost(listener: (peers: ReadonlySet<string>) => void): () => void {
    this.peerLostListeners.add(listener)
    return () => this.peerLostListeners.delete(listener)
  }

  /** The other instances heard from lately. */
  get peerCount(): number {
    return this.peers.size
  }

  private forgetSilentPeers(): void {
    const now = Date.now()
    const lost = new Set<string>()
    for (const [peer, lastSeen] of this.peers) {
      if (now - lastSeen < PEER_TIMEOUT_MS) continue
      this.peers.delete(peer)
      lost.add(peer)
    }
    if (lost.size === 0) return
    this.log.warn({ lost: [...lost] }, 'instance(s) stopped answering; documents catch up')
    for (const listener of this.peerLostListeners) listener(lost)
  }

  /** Whether Redis answers now. */
  async isHealthy(): Promise<boolean> {
    try {
      return (await this.publisher.ping()) === 'PONG'
    } catch {
      return false
    }
  }

  /** Starts receiving a document's messages from other instances. */
  async subscribe(documentId: string, handler: (message: RelayMessage) => void): Promise<void> {
    this.handlers.set(documentId, handler)
    await this.subscriber.subscribe(this.documentChannel(documentId))
  }

  /** Stops receiving a document's messages. */
  async unsubscribe(documentId: string): Promise<void> {
    this.handlers.delete(documentId)
    if (!this.closed) await this.subscriber.unsubscribe(this.documentChannel(documentId))
  }

  /** Sends a document's update or awareness change to the other instances. */
  publish(documentId: string, kind: RelayKind, payload: Uint8Array): void {
    const frame = Buffer.allocUnsafe(1 + INSTANCE_ID_BYTES + payload.byteLength)
    frame[0] = KIND_BYTES[kind]
    this.instanceId.copy(frame, 1)
    frame.set(payload, 1 + INSTANCE_ID_BYTES)
    this.publisher.publish(this.documentChannel(documentId), frame).catch((error: unknown) => {
      this.log.warn({ err: error, documentId }, 'publishing to redis failed')
    })
  }

  /** Sends a control event to every other instance. */
  publishControl(event: ControlEvent): void {
    const frame = Buffer.concat([
      Buffer.of(0),
      this.instanceId,
      Buffer.from(JSON.stringify(event), 'utf8'),
    ])
    this.publisher.publish(this.controlChannel, frame).catch((error: unknown) => {
      this.log.warn({ err: error, event: event.type }, 'publishing a control event failed')
    })
  }

  /** Listens to other instances' control events. */
  onControl(listener: (event: ControlEvent) => void): () => void {
    this.controlListeners.add(listener)
    return () => this.controlListeners.delete(listener)
  }

  /** Called after the subscriber reconnected (messages may have been missed). */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener)
    return () => this.reconnectListeners.delete(listener)
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    this.closed = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    this.handlers.clear()
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()])
  }

  private onFrame(channel: string, frame: Buffer): void {
    if (frame.byteLength < 1 + INSTANCE_ID_BYTES) return
    if (this.instanceId.equals(frame.subarray(1, 1 + INSTANCE_ID_BYTES))) return
    // Any frame shows its sender is alive (and known, should its heartbeats have been missed).
    const from = frame.subarray(1, 1 + INSTANCE_ID_BYTES).toString('hex')
    this.peers.set(from, Date.now())
    if (channel === this.controlChannel) {
      this.onControlFrame(frame.subarray(1 + INSTANCE_ID_BYTES))
      return
    }
    if (!channel.startsWith(this.documentPrefix)) return
    const handler = this.handlers.get(channel.slice(this.documentPrefix.length))
    if (!handler) return
    const kind = KIND_OF_BYTE.get(frame[0] ?? 0)
    if (!kind) return
    const payload = new Uint8Array(frame.subarray(1 + INSTANCE_ID_BYTES))
    try {
      handler({ kind, payload, from })
    } catch (error) {
      this.log.warn({ err: error, channel }, 'applying a relayed message failed')
    }
  }

  private onControlFrame(body: Buffer): void {
    let event: ControlEvent
    try {
      event = JSON.parse(body.toString('utf8')) as ControlEvent
    } catch (error) {
      this.log.warn({ err: error }, 'malformed control event')
      return
    }
    if (event.type === 'heartbeat') return
    for (const listener of this.controlListeners) {
      try {
        listener(event)
      } catch (error) {
        this.log.warn({ err: error, event: event.type }, 'handling a control event failed')
      }
    }
  }
}
