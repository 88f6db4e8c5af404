import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  RedisLoginThrottle,
  type ThrottlePolicy,
  ThrottleUnavailableError,
} from '../../../server/features/identity/index.ts'
import { freePort } from '../../helpers/ports.ts'

const REDIS_URL = process.env.REDIS_URL || undefined

/** A long window, for tests that do not wait for it to end. */
const POLICY: ThrottlePolicy = {
  maxFailuresPerAccount: 3,
  maxFailuresPerAddress: 5,
  maxFailuresPerAccountEverywhere: 6,
  windowMs: 60_000,
}

/** A short window, for tests that wait (for real) until the block ends. */
const SHORT: ThrottlePolicy = { ...POLICY, windowMs: 1_500 }

/** Redis measures time itself: allow this much between its clock and the assertions. */
const SLACK_MS = 250

/** Asserts that `wait` is the time left of a window with `left` ms to go (give or take the slack). */
function expectWait(wait: number, left: number): void {
  // A millisecond either way: Redis and Node round their clocks separately.
  expect(wait).toBeLessThanOrEqual(left + 1)
  expect(wait).toBeGreaterThan(left - SLACK_MS)
}

async function fail(
  throttle: RedisLoginThrottle,
  account: string,
  address: string,
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i++) await throttle.recordFailure(account, address)
}

describe.skipIf(REDIS_URL === undefined)('RedisLoginThrottle', () => {
  /** Two connections: two server instances sharing one Redis. */
  let one: Redis
  let two: Redis
  const prefixes: string[] = []

  const connect = async (): Promise<Redis> => {
    const redis = new Redis(REDIS_URL ?? '', { lazyConnect: true, maxRetriesPerRequest: null })
    await redis.connect()
    return redis
  }

  /** A throttle on connection `one` (or `two`) with a fresh random prefix, cleaned afterwards. */
  const throttle = (
    policy: ThrottlePolicy = POLICY,
    connection: 'one' | 'two' = 'one',
    prefix = newPrefix(),
  ): RedisLoginThrottle => new RedisLoginThrottle(connection === 'one' ? one : two, prefix, policy)

  const newPrefix = (): string => {
    const prefix = `jibei-test-${randomBytes(6).toString('hex')}:`
    prefixes.push(prefix)
    return prefix
  }

  beforeAll(async () => {
    one = await connect()
    two = await connect()
  })

  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) {
      let cursor = '0'
      do {
        const [next, keys] = await one.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        if (keys.length > 0) await one.del(...keys)
        cursor = next
      } while (cursor !== '0')
    }
  })

  afterAll(async () => {
    await one?.quit()
    await two?.quit()
  })

  it('locks an account that reached its limit from one address for that address only', async () => {
    const t = throttle()
    expect(await t.retryAfter('alice', '10.0.0.1')).toBe(0)
    await fail(t, 'alice', '10.0.0.1', 2)
    expect(await t.retryAfter('alice', '10.0.0.1')).toBe(0)
    await t.recordFailure('alice', '10.0.0.1')
    expectWait(await t.retryAfter('alice', '10.0.0.1'), POLICY.windowMs)
    // Elsewhere the account signs in; another account from the same address too.
    expect(await t.retryAfter('alice', '10.0.0.99')).toBe(0)
    expect(await t.retryAfter('bob', '10.0.0.1')).toBe(0)
  })

  it('locks an account everywhere once failures from many addresses reach the higher limit', async () => {
    const t = throttle()
    await fail(t, 'alice', '10.0.0.1', 3)
    await fail(t, 'alice', '10.0.0.2', 2)
    expect(await t.retryAfter('alice', '10.0.0.3')).toBe(0)
    await t.recordFailure('alice', '10.0.0.2')
    expectWait(await t.retryAfter('alice', '10.0.0.3'), POLICY.windowMs)
    expect(await t.retryAfter('bob', '10.0.0.3')).toBe(0)
  })

  it('a blocked address lets each account that has not failed from it try once', async () => {
    const t = throttle()
    for (let i = 0; i < POLICY.maxFailuresPerAddress; i++) {
      await t.recordFailure(`user-${i}`, '10.0.0.7')
    }
    expect(await t.reserve('fresh', '10.0.0.7')).toBe(0)
    expectWait(await t.reserve('fresh', '10.0.0.7'), POLICY.windowMs)
    expectWait(await t.retryAfter('user-0', '10.0.0.7'), POLICY.windowMs)
    // The accounts themselves are not blocked from another address.
    expect(await t.retryAfter('user-0', '10.0.0.8')).toBe(0)
    expect(await t.retryAfter('fresh', '10.0.0.8')).toBe(0)
  })

  it('an unlock lifts the locks of the account from every address, not the address blocks', async () => {
    const t = throttle()
    await fail(t, 'alice', '10.0.0.1', 3)
    await fail(t, 'alice', '10.0.0.2', 3)
    await fail(t, 'alice*', '10.0.0.1', 3)
    for (let i = 0; i < POLICY.maxFailuresPerAddress; i++) {
      await t.recordFailure(`user-${i}`, '10.0.0.7')
    }
    await t.unlock('ALICE')
    expect(await t.retryAfter('alice', '10.0.0.1')).toBe(0)
    expect(await t.retryAfter('alice', '10.0.0.2')).toBe(0)
    expect(await t.retryAfter('alice', '10.0.0.3')).toBe(0)
    // The glob character of another account name is matched literally.
    expectWait(await t.retryAfter('alice*', '10.0.0.1'), POLICY.windowMs)
    expectWait(await t.retryAfter('user-0', '10.0.0.7'), POLICY.windowMs)
  })

  it('reports the time left until the window that started with the first failure ends', async () => {
    const t = throttle()
    await t.recordFailure('alice', 'a')
    // Redis started the window no later than now: the wait can only be shorter than computed.
    const started = Date.now()
    await sleep(400)
    await fail(t, 'alice', 'a', 2)
    let asked = Date.now()
    expectWait(await t.retryAfter('alice', 'a'), POLICY.windowMs - (asked - started))
    await sleep(300)
    asked = Date.now()
    const wait = await t.retryAfter('alice', 'a')
    expectWait(wait, POLICY.windowMs - (asked - started))
    expect(wait).toBeLessThanOrEqual(POLICY.windowMs - 700)
  })

  it('lifts the block once the window has passed (a real wait), and counts afresh', async () => {
    const t = throttle(SHORT)
    await fail(t, 'alice', 'a', 3)
    for (let i = 0; i < 2; i++) await t.recordFailure(`other-${i}`, 'b')
    await fail(t, 'carol', 'b', 3)
    expectWait(await t.retryAfter('alice', 'a'), SHORT.windowMs)
    expectWait(await t.retryAfter('other-0', 'b'), SHORT.windowMs)
    await sleep(SHORT.windowMs + 100)
    expect(await t.retryAfter('alice', 'a')).toBe(0)
    expect(await t.retryAfter('other-0', 'b')).toBe(0)
    // A new window: the old failures no longer count.
    await fail(t, 'alice', 'a', 2)
    expect(await t.retryAfter('alice', 'a')).toBe(0)
    await t.recordFailure('alice', 'a')
    expectWait(await t.retryAfter('alice', 'a'), SHORT.windowMs)
  })

  it('starts a new window for failures recorded after the old one expired, even without a check in between', async () => {
    const t = throttle(SHORT)
    await fail(t, 'alice', 'a', 2)
    await sleep(SHORT.windowMs + 100)
    await t.recordFailure('alice', 'a')
    expect(await t.retryAfter('alice', 'a')).toBe(0)
    expect(await one.get(t.accountKey('alice'))).toBe('1')
    expectWait(await one.pttl(t.accountKey('alice')), SHORT.windowMs)
  })

  it('forgets the account failures from the address after a success, but not the address failures', async () => {
    const t = throttle({ maxFailuresPerAccount: 3, maxFailuresPerAddress: 4, windowMs: 60_000 })
    await fail(t, 'alice', '10.0.0.1', 2)
    await t.recordSuccess('alice', '10.0.0.1')
    // Two more failures would have locked the account without the reset.
    await fail(t, 'alice', '10.0.0.1', 2)
    expect(await t.retryAfter('alice', '10.0.0.2')).toBe(0)
    // The address has seen 4 failures, one given back by the success: one more blocks it.
    expect(await t.retryAfter('bob', '10.0.0.1')).toBe(0)
    await t.recordFailure('carol', '10.0.0.1')
    expectWait(await t.retryAfter('alice', '10.0.0.1'), 60_000)
    expect(await t.retryAfter('bob', '10.0.0.1')).toBe(0)
    expect(await t.reserve('bob', '10.0.0.1')).toBe(0)
    expectWait(await t.retryAfter('bob', '10.0.0.1'), 60_000)
  })

  it('a success for one account leaves the lock of another account in place', async () => {
    const t = throttle()
    await fail(t, 'alice', 'a', 3)
    await t.recordSuccess('bob', 'a')
    expectWait(await t.retryAfter('alice', 'a'), POLICY.windowMs)
  })

  it('treats usernames case-insensitively', async () => {
    const t = throttle()
    await t.recordFailure('Alice', 'a')
    await t.recordFailure('ALICE', 'a')
    await t.recordFailure('alice', 'a')
    expectWait(await t.retryAfter('aLiCe', 'a'), POLICY.windowMs)
    await t.recordSuccess('ALICE', 'a')
    expect(await t.retryAfter('alice', 'a')).toBe(0)
  })

  it('keeps its counters under the prefix, expiring with the window that the first failure started', async () => {
    const prefix = newPrefix()
    const t = throttle(POLICY, 'one', prefix)
    await t.recordFailure('Alice', '10.0.0.1')
    await sleep(200)
    await t.recordFailure('alice', '10.0.0.1')
    expect(t.accountKey('ALICE')).toBe(`${prefix}throttle:account:alice`)
    expect(t.addressKey('10.0.0.1')).toBe(`${prefix}throttle:address:10.0.0.1`)
    expect(t.pairKey('ALICE', '10.0.0.1')).toBe(`${prefix}throttle:pair:alice|10.0.0.1`)
    const keys = (await one.keys(`${prefix}*`)).sort()
    expect(keys).toEqual([
      `${prefix}throttle:account:alice`,
      `${prefix}throttle:address:10.0.0.1`,
      `${prefix}throttle:pair:alice|10.0.0.1`,
    ])
    for (const key of keys) {
      expect(await one.get(key)).toBe('2')
      // The second failure did not restart the window.
      expectWait(await one.pttl(key), POLICY.windowMs - 200)
    }
  })

  it('reserve counts the attempt on every counter, and a refused reserve counts nothing', async () => {
    const t = throttle()
    expect(await t.reserve('alice', 'a')).toBe(0)
    expect(await one.get(t.pairKey('alice', 'a'))).toBe('1')
    expect(await one.get(t.accountKey('alice'))).toBe('1')
    expect(await one.get(t.addressKey('a'))).toBe('1')
    expect(await t.reserve('alice', 'a')).toBe(0)
    expect(await t.reserve('alice', 'a')).toBe(0)
    // The account is at its maximum from this address: refused there, nothing more is counted.
    expectWait(await t.reserve('alice', 'a'), POLICY.windowMs)
    expect(await one.get(t.pairKey('alice', 'a'))).toBe('3')
    expect(await one.get(t.accountKey('alice'))).toBe('3')
    expect(await t.reserve('alice', 'd')).toBe(0)
    // An address at its maximum refuses the accounts that failed from it, without counting.
    const u = throttle()
    for (let i = 0; i < POLICY.maxFailuresPerAddress; i++) {
      expect(await u.reserve(`user-${i}`, 'nat')).toBe(0)
    }
    expectWait(await u.reserve('user-0', 'nat'), POLICY.windowMs)
    expect(await one.get(u.accountKey('user-0'))).toBe('1')
  })

  it('a success gives back the address slot that reserve took, never below zero nor creating a key', async () => {
    const t = throttle()
    // Many successful sign-ins behind one address never add up to a block.
    for (let i = 0; i < POLICY.maxFailuresPerAddress * 2; i++) {
      expect(await t.reserve(`pupil-${i}`, 'school')).toBe(0)
      await t.recordSuccess(`pupil-${i}`, 'school')
    }
    expect(await one.get(t.addressKey('school'))).toBe('0')
    await t.recordSuccess('pupil-0', 'school')
    expect(await one.get(t.addressKey('school'))).toBe('0')
    expect(await one.pttl(t.addressKey('school'))).toBeGreaterThan(0)
    await t.recordSuccess('nobody', 'unseen')
    expect(await one.exists(t.addressKey('unseen'))).toBe(0)
    expect(await one.exists(t.accountKey('nobody'))).toBe(0)
    expect(await one.exists(t.pairKey('nobody', 'unseen'))).toBe(0)
  })

  it('shares the counts between instances: 3 failures on one and 2 on another lock the account on both', async () => {
    const prefix = newPrefix()
    const policy: ThrottlePolicy = {
      ...POLICY,
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 20,
    }
    const first = throttle(policy, 'one', prefix)
    const second = throttle(policy, 'two', prefix)
    await fail(first, 'alice', '10.0.0.1', 3)
    await fail(second, 'alice', '10.0.0.1', 1)
    expect(await first.retryAfter('alice', '10.0.0.1')).toBe(0)
    expect(await second.retryAfter('alice', '10.0.0.1')).toBe(0)
    await second.recordFailure('ALICE', '10.0.0.1')
    expectWait(await first.retryAfter('alice', '10.0.0.1'), policy.windowMs)
    expectWait(await second.retryAfter('alice', '10.0.0.1'), policy.windowMs)
    expect(await first.reserve('alice', '10.0.0.1')).toBeGreaterThan(0)
    // An unlock on one instance lifts the lock on the other.
    await first.unlock('alice')
    expect(await second.retryAfter('alice', '10.0.0.1')).toBe(0)
  })

  it('20 concurrent reserves over two instances let exactly maxFailuresPerAccount through', async () => {
    const prefix = newPrefix()
    const policy: ThrottlePolicy = {
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 100,
      windowMs: 60_000,
    }
    const throttles = [throttle(policy, 'one', prefix), throttle(policy, 'two', prefix)]
    const waits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => throttles[i % 2]?.reserve('alice', '10.0.0.1')),
    )
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5)
    const refused = waits.filter((wait) => wait !== undefined && wait > 0)
    expect(refused).toHaveLength(15)
    expect(await one.get(`${prefix}throttle:account:alice`)).toBe('5')
  })

  it('fails closed when Redis is unreachable: every call rejects with ThrottleUnavailableError', async () => {
    const port = await freePort()
    const down = new Redis({
      host: '127.0.0.1',
      port,
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
    })
    down.on('error', () => {})
    try {
      await vi.waitFor(() => expect(down.status).toBe('reconnecting'), 10_000)
      const t = new RedisLoginThrottle(down, newPrefix(), POLICY)
      const started = Date.now()
      await expect(t.reserve('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      await expect(t.retryAfter('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      await expect(t.recordFailure('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      await expect(t.recordSuccess('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      await expect(t.unlock('alice')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      // At once, not after a timeout.
      expect(Date.now() - started).toBeLessThan(500)
    } finally {
      down.disconnect()
    }
    const t = new RedisLoginThrottle(down, newPrefix(), POLICY)
    await expect(t.reserve('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
  })

  it('fails closed when Redis does not answer in time', async () => {
    const sockets = new Set<net.Socket>()
    const silent = net.createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const address = silent.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    const mute = new Redis({ host: '127.0.0.1', port: address.port, maxRetriesPerRequest: null })
    mute.on('error', () => {})
    try {
      const t = new RedisLoginThrottle(mute, newPrefix(), POLICY, 300)
      const started = Date.now()
      await expect(t.reserve('alice', 'a')).rejects.toBeInstanceOf(ThrottleUnavailableError)
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect(Date.now() - started).toBeLessThan(2_000)
    } finally {
      mute.disconnect()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })
})
