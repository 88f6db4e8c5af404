import { describe, expect, it } from 'vitest'
import {
  DEFAULT_THROTTLE,
  MemoryLoginThrottle,
  type ThrottlePolicy,
} from '../../../server/features/identity/index.ts'

const POLICY: ThrottlePolicy = {
  maxFailuresPerAccount: 3,
  maxFailuresPerAddress: 5,
  maxFailuresPerAccountEverywhere: 6,
  windowMs: 60_000,
}

/** A throttle on a clock the test moves by hand. */
function throttleWithClock(policy: ThrottlePolicy = POLICY) {
  const clock = { now: 1_000_000 }
  const throttle = new MemoryLoginThrottle(policy, () => clock.now)
  return { throttle, clock }
}

async function fail(
  throttle: MemoryLoginThrottle,
  account: string,
  address: string,
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i++) await throttle.recordFailure(account, address)
}

describe('MemoryLoginThrottle', () => {
  it('defaults to 5 failures per account and address, 20 per address, 50 per account, in 15 minutes', () => {
    expect(DEFAULT_THROTTLE).toEqual({
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 20,
      maxFailuresPerAccountEverywhere: 50,
      windowMs: 15 * 60_000,
    })
  })

  it('locks an account that reached its limit from one address for that address only', async () => {
    const { throttle } = throttleWithClock()
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0)
    await fail(throttle, 'alice', '10.0.0.1', 2)
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0)
    await throttle.recordFailure('alice', '10.0.0.1')
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(POLICY.windowMs)
    // Elsewhere the account signs in; another account from the same address too.
    expect(await throttle.retryAfter('alice', '10.0.0.99')).toBe(0)
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(0)
  })

  it('locks an account everywhere once failures from many addresses reach the higher limit', async () => {
    const { throttle } = throttleWithClock()
    await fail(throttle, 'alice', '10.0.0.1', 3)
    await fail(throttle, 'alice', '10.0.0.2', 2)
    expect(await throttle.retryAfter('alice', '10.0.0.3')).toBe(0)
    await throttle.recordFailure('alice', '10.0.0.2')
    expect(await throttle.retryAfter('alice', '10.0.0.3')).toBe(POLICY.windowMs)
    expect(await throttle.retryAfter('bob', '10.0.0.3')).toBe(0)
  })

  it('a blocked address lets each account that has not failed from it try once', async () => {
    const { throttle } = throttleWithClock()
    for (let i = 0; i < POLICY.maxFailuresPerAddress; i++) {
      await throttle.recordFailure(`user-${i}`, '10.0.0.7')
    }
    // An account without failures from the address may try (the right password passes) …
    expect(await throttle.reserve('fresh', '10.0.0.7')).toBe(0)
    // … once: its attempt counts, and the address block now applies to it.
    expect(await throttle.reserve('fresh', '10.0.0.7')).toBe(POLICY.windowMs)
    expect(await throttle.retryAfter('user-0', '10.0.0.7')).toBe(POLICY.windowMs)
    // The accounts themselves are not blocked from another address.
    expect(await throttle.retryAfter('user-0', '10.0.0.8')).toBe(0)
    expect(await throttle.retryAfter('fresh', '10.0.0.8')).toBe(0)
  })

  it('an unlock lifts the locks of the account from every address, not the address blocks', async () => {
    const { throttle } = throttleWithClock()
    await fail(throttle, 'alice', '10.0.0.1', 3)
    await fail(throttle, 'alice', '10.0.0.2', 3)
    for (let i = 0; i < POLICY.maxFailuresPerAddress; i++) {
      await throttle.recordFailure(`user-${i}`, '10.0.0.7')
    }
    await throttle.unlock('ALICE')
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0)
    expect(await throttle.retryAfter('alice', '10.0.0.2')).toBe(0)
    expect(await throttle.retryAfter('alice', '10.0.0.3')).toBe(0)
    expect(await throttle.retryAfter('user-0', '10.0.0.7')).toBe(POLICY.windowMs)
  })

  it('reports the time left until the window that started with the first failure ends', async () => {
    const { throttle, clock } = throttleWithClock()
    await throttle.recordFailure('alice', 'a')
    clock.now += 10_000
    await fail(throttle, 'alice', 'a', 2)
    expect(await throttle.retryAfter('alice', 'a')).toBe(50_000)
    clock.now += 20_000
    expect(await throttle.retryAfter('alice', 'a')).toBe(30_000)
  })

  it('lifts the block once the window has passed, and counts afresh', async () => {
    const { throttle, clock } = throttleWithClock()
    await fail(throttle, 'alice', 'a', 3)
    for (let i = 0; i < 2; i++) await throttle.recordFailure(`other-${i}`, 'b')
    await fail(throttle, 'carol', 'b', 3)
    expect(await throttle.retryAfter('alice', 'a')).toBeGreaterThan(0)
    expect(await throttle.retryAfter('other-0', 'b')).toBeGreaterThan(0)
    clock.now += POLICY.windowMs - 1
    expect(await throttle.retryAfter('alice', 'a')).toBe(1)
    expect(await throttle.retryAfter('other-0', 'b')).toBe(1)
    clock.now += 1
    expect(await throttle.retryAfter('alice', 'a')).toBe(0)
    expect(await throttle.retryAfter('other-0', 'b')).toBe(0)
    // A new window: the old failures no longer count.
    await fail(throttle, 'alice', 'a', 2)
    expect(await throttle.retryAfter('alice', 'a')).toBe(0)
    await throttle.recordFailure('alice', 'a')
    expect(await throttle.retryAfter('alice', 'a')).toBe(POLICY.windowMs)
  })

  it('starts a new window for failures recorded after the old one expired, even without a check in between', async () => {
    const { throttle, clock } = throttleWithClock()
    await fail(throttle, 'alice', 'a', 2)
    clock.now += POLICY.windowMs
    await throttle.recordFailure('alice', 'a')
    expect(await throttle.retryAfter('alice', 'a')).toBe(0)
  })

  it('forgets the account failures from the address after a success, but not the address failures', async () => {
    const { throttle } = throttleWithClock({
      maxFailuresPerAccount: 3,
      maxFailuresPerAddress: 4,
      windowMs: 60_000,
    })
    await fail(throttle, 'alice', '10.0.0.1', 2)
    await throttle.recordSuccess('alice', '10.0.0.1')
    // Two more failures would have locked the account without the reset.
    await fail(throttle, 'alice', '10.0.0.1', 2)
    expect(await throttle.retryAfter('alice', '10.0.0.2')).toBe(0)
    // The address has seen 4 failures, one given back by the success: one more blocks it.
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(0)
    await throttle.recordFailure('carol', '10.0.0.1')
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(60_000)
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(0)
    expect(await throttle.reserve('bob', '10.0.0.1')).toBe(0)
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(60_000)
  })

  it('a success for one account leaves the lock of another account in place', async () => {
    const { throttle } = throttleWithClock()
    await fail(throttle, 'alice', 'a', 3)
    await throttle.recordSuccess('bob', 'a')
    expect(await throttle.retryAfter('alice', 'a')).toBe(POLICY.windowMs)
  })

  it('treats usernames case-insensitively', async () => {
    const { throttle } = throttleWithClock()
    await throttle.recordFailure('Alice', 'a')
    await throttle.recordFailure('ALICE', 'a')
    await throttle.recordFailure('alice', 'a')
    expect(await throttle.retryAfter('aLiCe', 'a')).toBe(POLICY.windowMs)
    await throttle.recordSuccess('ALICE', 'a')
    expect(await throttle.retryAfter('alice', 'a')).toBe(0)
  })
})
