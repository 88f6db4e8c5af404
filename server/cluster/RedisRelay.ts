import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from '../logger.ts'

/** What travels between instances: a document update or an awareness change. */
export type RelayKind = 'update' | 'awareness'

/** A message another instance published for a document this instance has open. */
export interface RelayMessage {
  kind: RelayKind
  payload: Uint8Array
}

const KIND_BYTES: Record<RelayKind, number> = { update: 1, awareness: 2 }
const INSTANCE_ID_BYTES = 16
const CHANNEL_PREFIX = 'jibei:doc:'

/** The Redis channel of a document. */
export function documentChannel(documentId: string): string {
  return `${CHANNEL_PREFIX}${documentId}`
}

/**
 * Relays updates and awareness between server instances through Redis pub/sub, one channel per
 * document; an instance subscribes only to the documents it has open. Frames are
 * `[kind][instance id][payload]`, so an instance ignores what it published itself.
 */
export class RedisRelay {
  readonly instanceId = randomBytes(INSTANCE_ID_BYTES)
  private readonly publisher: Redis
  private readonly subscriber: Redis
  private readonly handlers = new Map<string, (message: RelayMessage) => void>()
  private readonly reconnectListeners = new Set<() => void>()
  private closed = false

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
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

  /** Waits until both connections are ready (throws if Redis cannot be reached). */
  async ready(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()])
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
    await this.subscriber.subscribe(documentChannel(documentId))
  }

  /** Stops receiving a document's messages. */
  async unsubscribe(documentId: string): Promise<void> {
    this.handlers.delete(documentId)
    if (!this.closed) await this.subscriber.unsubscribe(documentChannel(documentId))
  }

  /** Sends a document's update or awareness change to the other instances. */
  publish(documentId: string, kind: RelayKind, payload: Uint8Array): void {
    const frame = Buffer.allocUnsafe(1 + INSTANCE_ID_BYTES + payload.byteLength)
    frame[0] = KIND_BYTES[kind]
    this.instanceId.copy(frame, 1)
    frame.set(payload, 1 + INSTANCE_ID_BYTES)
    this.publisher.publish(documentChannel(documentId), frame).catch((error: unknown) => {
      this.log.warn({ err: error, documentId }, 'publishing to redis failed')
    })
  }

  /** Called after the subscriber reconnected (messages may have been missed). */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener)
    return () => this.reconnectListeners.delete(listener)
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    this.closed = true
    this.handlers.clear()
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()])
  }

  private onFrame(channel: string, frame: Buffer): void {
    if (!channel.startsWith(CHANNEL_PREFIX) || frame.byteLength < 1 + INSTANCE_ID_BYTES) return
    if (this.instanceId.equals(frame.subarray(1, 1 + INSTANCE_ID_BYTES))) return
    const handler = this.handlers.get(channel.slice(CHANNEL_PREFIX.length))
    if (!handler) return
    const kind: RelayKind | undefined =
      frame[0] === KIND_BYTES.update
        ? 'update'
        : frame[0] === KIND_BYTES.awareness
          ? 'awareness'
          : undefined
    if (!kind) return
    const payload = new Uint8Array(frame.subarray(1 + INSTANCE_ID_BYTES))
    try {
      handler({ kind, payload })
    } catch (error) {
      this.log.warn({ err: error, channel }, 'applying a relayed message failed')
    }
  }
}
