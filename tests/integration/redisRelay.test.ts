import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  type ControlEvent,
  PEER_TIMEOUT_MS,
  RedisRelay,
  type RelayMessage,
} from '../../server/cluster/RedisRelay.ts'
import { createLogger } from '../../server/logger.ts'

const REDIS_URL = process.env.REDIS_URL || undefined

describe.skipIf(REDIS_URL === undefined)('redis relay between instances', () => {
  const log = createLogger('silent')
  const prefix = `jibei-test-${randomBytes(4).toString('hex')}:`
  const relays: RedisRelay[] = []
  const relay = async (): Promise<RedisRelay> => {
    const created = new RedisRelay(REDIS_URL ?? '', log, prefix)
    relays.push(created)
    await created.ready()
    return created
  }
  afterAll(async () => {
    await Promise.all(relays.map((created) => created.close()))
  })

  it('delivers a document’s messages to the other instances that have it open, not back to the sender', async () => {
    const [one, two, three] = [await relay(), await relay(), await relay()]
    const documentId = `relay-${Date.now()}`
    const received: Record<string, RelayMessage[]> = { one: [], two: [], three: [] }
    await one.subscribe(documentId, (message) => received.one?.push(message))
    await two.subscribe(documentId, (message) => received.two?.push(message))
    await three.subscribe(`${documentId}-other`, (message) => received.three?.push(message))
    one.publish(documentId, 'update', Uint8Array.of(1, 2, 3))
    two.publish(documentId, 'awareness', Uint8Array.of(9))
    await vi.waitFor(() => {
      expect(received.two).toEqual([
        { kind: 'update', payload: Uint8Array.of(1, 2, 3), from: one.instanceId.toString('hex') },
      ])
      expect(received.one).toEqual([
        { kind: 'awareness', payload: Uint8Array.of(9), from: two.instanceId.toString('hex') },
      ])
    }, 10_000)
    expect(received.three).toEqual([])
    await two.unsubscribe(documentId)
    one.publish(documentId, 'update', Uint8Array.of(4))
    three.publish(documentId, 'update', Uint8Array.of(5))
    await vi.waitFor(() => expect(received.one?.at(-1)?.payload).toEqual(Uint8Array.of(5)), 10_000)
    expect(received.two).toHaveLength(1)
    expect(await one.isHealthy()).toBe(true)
  })

  it('carries control events to every other instance and notices an instance that went silent', async () => {
    const [one, two] = [await relay(), await relay()]
    const heardByTwo: ControlEvent[] = []
    const heardByOne: ControlEvent[] = []
    two.onControl((event) => heardByTwo.push(event))
    one.onControl((event) => heardByOne.push(event))
    const revocation = { scope: 'session' as const, id: 's1', code: 4401, reason: 'signed out' }
    one.publishControl({ type: 'revoke', revocation })
    await vi.waitFor(() => expect(heardByTwo).toEqual([{ type: 'revoke', revocation }]), 10_000)
    expect(heardByOne).toEqual([])
    await vi.waitFor(() => expect(two.peerCount).toBeGreaterThanOrEqual(1), 10_000)
    const lost: string[] = []
    two.onPeerLost((peers) => lost.push(...peers))
    await one.close()
    await vi.waitFor(
      () => expect(lost).toContain(one.instanceId.toString('hex')),
      PEER_TIMEOUT_MS + 5_000,
    )
  }, 30_000)
})
