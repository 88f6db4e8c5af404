/** Limits on failed sign-ins. */
export interface ThrottlePolicy {
  /**
   * Failures of one account from one client address inside the window before that account is
   * locked for that address (only: an attacker elsewhere cannot lock a teacher out).
   */
  maxFailuresPerAccount: number
  /**
   * Failures from one client address inside the window before the address is blocked; a blocked
   * address still lets through one attempt per account that has not failed from it, so that the
   * right password of a teacher behind a busy school address passes.
   */
  maxFailuresPerAddress: number
  /**
   * Failures of one account from all addresses together before it is locked everywhere (a
   * guess spread over many addresses); well above what one address can add. Defaults to ten
   * times `maxFailuresPerAccount`.
   */
  maxFailuresPerAccountEverywhere?: number
  /** Length of the counting window and of the block, in milliseconds. */
  windowMs: number
}

/** Default: 5 failures per account and address, 20 per address, 50 per account, in 15 minutes. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  maxFailuresPerAccountEverywhere: 50,
  windowMs: 15 * 60_000,
}

/** The limit on one account's failures from every address together under a policy. */
export function everywhereLimit(policy: ThrottlePolicy): number {
  return policy.maxFailuresPerAccountEverywhere ?? policy.maxFailuresPerAccount * 10
}

/**
 * Counts failed sign-ins per account and address, per address, and per account (every address
 * together). A Redis version follows for scale-out; both keep the same semantics.
 */
export interface LoginThrottle {
  /** Milliseconds until another attempt is allowed for this account from this address (0 = now). */
  retryAfter(account: string, address: string): Promise<number>
  /**
   * Checks and counts an attempt in one step, before the password is verified, so that
   * concurrent guesses cannot all pass the check: returns the wait (nothing counted) or 0 (the
   * attempt now counts as a failure until `recordSuccess` says otherwise).
   */
  reserve(account: string, address: string): Promise<number>
  /** Records a failed attempt. */
  recordFailure(account: string, address: string): Promise<void>
  /**
   * After a successful sign-in: forgets the account's failures from this address and gives back
   * the slots that `reserve` took on the address and account counters, so that successful
   * sign-ins behind one school NAT do not add up to a block.
   */
  recordSuccess(account: string, address: string): Promise<void>
  /** Lifts every lock of an account (an admin's unlock); address blocks stay. */
  unlock(account: string): Promise<void>
}

interface Counter {
  count: number
  windowStart: number
}

/** The key of an account's counter from one address. */
function pairKey(account: string, address: string): string {
  return `${account}|${address}`
}

/** In-process throttle for a single server. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly pairs = new Map<string, Counter>()
  private readonly accounts = new Map<string, Counter>()
  private readonly addresses = new Map<string, Counter>()

  constructor(
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfter(account: string, address: string): Promise<number> {
    return this.waitFor(account.toLowerCase(), address)
  }

  private waitFor(account: string, address: string): number {
    const pair = pairKey(account, address)
    const addressWait = this.blockedFor(this.addresses, address, this.policy.maxFailuresPerAddress)
    return Math.max(
      this.blockedFor(this.pairs, pair, this.policy.maxFailuresPerAccount),
      this.blockedFor(this.accounts, account, everywhereLimit(this.policy)),
      // A blocked address still lets an account try that has not failed from it.
      addressWait > 0 && this.countOf(this.pairs, pair) === 0 ? 0 : addressWait,
    )
  }

  async reserve(account: string, address: string): Promise<number> {
    const key = account.toLowerCase()
    // Synchronous between check and count: no other attempt can interleave.
    const wait = this.waitFor(key, address)
    if (wait > 0) return wait
    this.countFailure(key, address)
    return 0
  }

  async recordFailure(account: string, address: string): Promise<void> {
    this.countFailure(account.toLowerCase(), address)
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    const key = account.toLowerCase()
    this.pairs.delete(pairKey(key, address))
    this.giveBack(this.accounts, key)
    this.giveBack(this.addresses, address)
  }

  async unlock(account: string): Promise<void> {
    const key = account.toLowerCase()
    this.accounts.delete(key)
    const prefix = pairKey(key, '')
    for (const pair of [...this.pairs.keys()]) if (pair.startsWith(prefix)) this.pairs.delete(pair)
  }

  private countFailure(account: string, address: string): void {
    this.bump(this.pairs, pairKey(account, address))
    this.bump(this.accounts, account)
    this.bump(this.addresses, address)
  }

  private giveBack(counters: Map<string, Counter>, key: string): void {
    const counter = counters.get(key)
    if (counter && counter.count > 0) counter.count -= 1
  }

  /** Failures counted in the current window (0 once it has passed). */
  private countOf(counters: Map<string, Counter>, key: string): number {
    const counter = counters.get(key)
    if (!counter || this.now() - counter.windowStart >= this.policy.windowMs) return 0
    return counter.count
  }

  private blockedFor(counters: Map<string, Counter>, key: string, max: number): number {
    const counter = counters.get(key)
    if (!counter) return 0
    const elapsed = this.now() - counter.windowStart
    if (elapsed >= this.policy.windowMs) {
      counters.delete(key)
      return 0
    }
    return counter.count >= max ? this.policy.windowMs - elapsed : 0
  }

  private bump(counters: Map<string, Counter>, key: string): void {
    const now = this.now()
    const counter = counters.get(key)
    if (!counter || now - counter.windowStart >= this.policy.windowMs) {
      counters.set(key, { count: 1, windowStart: now })
      if (counters.size > 100_000) this.prune(counters, now)
      return
    }
    counter.count += 1
  }

  private prune(counters: Map<string, Counter>, now: number): void {
    for (const [key, counter] of counters) {
      if (now - counter.windowStart >= this.policy.windowMs) counters.delete(key)
    }
  }
}
