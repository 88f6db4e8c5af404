/** Limits on failed sign-ins. */
export interface ThrottlePolicy {
  /** Failures per account inside the window before the account is locked for a while. */
  maxFailuresPerAccount: number
  /** Failures per client address inside the window before the address is blocked for a while. */
  maxFailuresPerAddress: number
  /** Length of the counting window and of the block, in milliseconds. */
  windowMs: number
}

/** Default: 5 failures per account or 20 per address in 15 minutes. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
  windowMs: 15 * 60_000,
}

/** Counts failed sign-ins per account and per address. A Redis version follows for scale-out. */
export interface LoginThrottle {
  /** Milliseconds until another attempt is allowed for this account or address (0 = now). */
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
   * Forgets the account's failures after a successful sign-in; with `address`, also gives back
   * the address's slot that `reserve` took, so that successful sign-ins behind one school NAT do
   * not add up to a block.
   */
  recordSuccess(account: string, address?: string): Promise<void>
}

interface Counter {
  count: number
  windowStart: number
}

/** In-process throttle for a single server. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly accounts = new Map<string, Counter>()
  private readonly addresses = new Map<string, Counter>()

  constructor(
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfter(account: string, address: string): Promise<number> {
    return this.waitFor(account, address)
  }

  private waitFor(account: string, address: string): number {
    return Math.max(
      this.blockedFor(this.accounts, account.toLowerCase(), this.policy.maxFailuresPerAccount),
      this.blockedFor(this.addresses, address, this.policy.maxFailuresPerAddress),
    )
  }

  async reserve(account: string, address: string): Promise<number> {
    // Synchronous between check and count: no other attempt can interleave.
    const wait = this.waitFor(account, address)
    if (wait > 0) return wait
    this.bump(this.accounts, account.toLowerCase())
    this.bump(this.addresses, address)
    return 0
  }

  async recordFailure(account: string, address: string): Promise<void> {
    this.bump(this.accounts, account.toLowerCase())
    this.bump(this.addresses, address)
  }

  async recordSuccess(account: string, address?: string): Promise<void> {
    this.accounts.delete(account.toLowerCase())
    const counter = address === undefined ? undefined : this.addresses.get(address)
    if (counter && counter.count > 0) counter.count -= 1
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
