import { describe, expect, it } from 'vitest'
import {
  DEFAULT_THROTTLE,
  MemoryLoginThrottle,
  type ThrottlePolicy,
} from '../../server/auth/LoginThrottle.ts'

const POLICY: ThrottlePolicy = {
  maxFailuresPerAccount: 3,
  maxFailuresPerAddress: 5,
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
  it('defaults to 5 failures per account, 20 per address, in 15 minutes', () => {
    expect(DEFAULT_THROTTLE).toEqual({
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 20,
      windowMs: 15 * 60_000,
    })
  })

  it('allows attempts until an account reaches its limit, then blocks it from every address', async () => {
    const { throttle } = throttleWithClock()
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0)
    await fail(throttle, 'alice', '10.0.0.1', 2)
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(0)
    await throttle.recordFailure('alice', '10.0.0.2')
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(POLICY.windowMs)
    expect(await throttle.retryAfter('alice', '10.0.0.99')).toBe(POLICY.windowMs)
    // Another account from the same addresses is not blocked.
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(0)
  })

  it('blocks an address that failed for many accounts, whatever account it tries next', async () => {
    const { throttle } = throttleWithClock()
    for (let i = 0; i < POLICY.maxFailuresPerAddress - 1; i++) {
      await throttle.recordFailure(`user-${i}`, '10.0.0.7')
    }
    expect(await throttle.retryAfter('fresh', '10.0.0.7')).toBe(0)
    await throttle.recordFailure('user-last', '10.0.0.7')
    expect(await throttle.retryAfter('fresh', '10.0.0.7')).toBe(POLICY.windowMs)
    // The accounts themselves are not blocked from another address.
    expect(await throttle.retryAfter('user-0', '10.0.0.8')).toBe(0)
    expect(await throttle.retryAfter('fresh', '10.0.0.8')).toBe(0)
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
    expect(await throttle.retryAfter('alice', 'x')).toBeGreaterThan(0)
    expect(await throttle.retryAfter('dave', 'b')).toBeGreaterThan(0)
    clock.now += POLICY.windowMs - 1
    expect(await throttle.retryAfter('alice', 'x')).toBe(1)
    expect(await throttle.retryAfter('dave', 'b')).toBe(1)
    clock.now += 1
    expect(await throttle.retryAfter('alice', 'x')).toBe(0)
    expect(await throttle.retryAfter('dave', 'b')).toBe(0)
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

  it('forgets the account failures after a success, but not the address failures', async () => {
    const { throttle } = throttleWithClock({
      maxFailuresPerAccount: 3,
      maxFailuresPerAddress: 4,
      windowMs: 60_000,
    })
    await fail(throttle, 'alice', '10.0.0.1', 2)
    await throttle.recordSuccess('alice')
    // Two more failures would have blocked the account without the reset.
    await fail(throttle, 'alice', '10.0.0.1', 2)
    expect(await throttle.retryAfter('alice', '10.0.0.2')).toBe(0)
    // The address has seen 4 failures: it is blocked for every account.
    expect(await throttle.retryAfter('alice', '10.0.0.1')).toBe(60_000)
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(60_000)
    await throttle.recordSuccess('alice')
    expect(await throttle.retryAfter('bob', '10.0.0.1')).toBe(60_000)
  })

  it('a success for one account leaves the block of another account in place', async () => {
    const { throttle } = throttleWithClock()
    await fail(throttle, 'alice', 'a', 3)
    await throttle.recordSuccess('bob')
    expect(await throttle.retryAfter('alice', 'b')).toBe(POLICY.windowMs)
  })

  it('treats usernames case-insensitively', async () => {
    const { throttle } = throttleWithClock()
    await throttle.recordFailure('Alice', 'a')
    await throttle.recordFailure('ALICE', 'b')
    await throttle.recordFailure('alice', 'c')
    expect(await throttle.retryAfter('aLiCe', 'd')).toBe(POLICY.windowMs)
    await throttle.recordSuccess('ALICE')
    expect(await throttle.retryAfter('alice', 'd')).toBe(0)
  })
})
