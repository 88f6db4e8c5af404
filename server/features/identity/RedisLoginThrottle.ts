import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import {
  DEFAULT_THROTTLE,
  everywhereLimit,
  type LoginThrottle,
  type ThrottlePolicy,
} from './LoginThrottle.ts'

/** A Redis glob pattern matching `text` literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`)
}

/** How long a throttle command may wait for Redis before the sign-in is refused, by default. */
export const DEFAULT_THROTTLE_TIMEOUT_MS = 2_000

/**
 * Redis could not answer (down, reconnecting, too slow): the sign-in must be refused, never let
 * through unthrottled; the login route should answer 503 "sign-in temporarily unavailable".
 */
export class ThrottleUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ThrottleUnavailableError'
  }
}

/** A Lua script and its SHA-1, for EVALSHA with a fallback to EVAL. */
interface Script {
  readonly lua: string
  readonly sha: string
}

/**
 * Shared by every script. KEYS[1] is the counter of the account from this address, KEYS[2] the
 * address counter, KEYS[3] the account counter over every address; ARGV[1], ARGV[2] and ARGV[3]
 * their maxima, ARGV[4] the window in milliseconds. A counter's expiry is set when it is
 * created, so its window starts at the first failure and PTTL is the time left.
 */
const LUA_HELPERS = `
local function count(key)
  return tonumber(redis.call('GET', key) or '0') or 0
end
local function wait(key, max)
  if count(key) < max then return 0 end
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('PEXPIRE', key, ARGV[4])
    return tonumber(ARGV[4])
  end
  if ttl < 0 then return 0 end
  return ttl
end
local function bump(key)
  redis.call('INCR', key)
  if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ARGV[4]) end
end
local function giveBack(key)
  if count(key) > 0 then redis.call('DECR', key) end
end
local function waitAll()
  local addressWait = wait(KEYS[2], tonumber(ARGV[2]))
  -- A blocked address still lets an account try that has not failed from it.
  if addressWait > 0 and count(KEYS[1]) == 0 then addressWait = 0 end
  return math.max(
    wait(KEYS[1], tonumber(ARGV[1])),
    wait(KEYS[3], tonumber(ARGV[3])),
    addressWait
  )
end
`

function script(body: string): Script {
  const lua = `${LUA_HELPERS}\n${body}`
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

/** Returns the wait in ms (0 = allowed now). */
const RETRY_AFTER = script('return waitAll()')

/** Returns the wait in ms and counts nothing, or counts the attempt on every counter and returns 0. */
const RESERVE = script(`
local waitMs = waitAll()
if waitMs > 0 then return waitMs end
bump(KEYS[1])
bump(KEYS[2])
bump(KEYS[3])
return 0
`)

/** Counts a failure on every counter. */
const RECORD_FAILURE = script(`
bump(KEYS[1])
bump(KEYS[2])
bump(KEYS[3])
return 0
`)

/**
 * Deletes the counter of the account from this address; gives back one slot of the address and
 * account counters (never below 0, never creating a key).
 */
const RECORD_SUCCESS = script(`
redis.call('DEL', KEYS[1])
giveBack(KEYS[2])
giveBack(KEYS[3])
return 0
`)

/** Connection states in which a command would only wait in the offline queue: fail at once. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end'])

/**
 * The login throttle shared by every server instance through Redis: same semantics as
 * `MemoryLoginThrottle`, with counters `${prefix}throttle:pair:<account>|<address>`,
 * `${prefix}throttle:account:<account>` and `${prefix}throttle:address:<address>` that expire
 * with their window. Every operation is one Lua
 * script, so `reserve` checks and counts atomically across instances. When Redis cannot answer,
 * every method rejects with `ThrottleUnavailableError` (fail closed).
 */
export class RedisLoginThrottle implements LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly commandTimeoutMs: number = DEFAULT_THROTTLE_TIMEOUT_MS,
  ) {}

  /** The Redis key of an account's failure counter. */
  accountKey(account: string): string {
    return `${this.prefix}throttle:account:${account.toLowerCase()}`
  }

  /** The Redis key of the failure counter of an account from one client address. */
  pairKey(account: string, address: string): string {
    return `${this.prefix}throttle:pair:${account.toLowerCase()}|${address}`
  }

  /** The Redis key of a client address's failure counter. */
  addressKey(address: string): string {
    return `${this.prefix}throttle:address:${address}`
  }

  async retryAfter(account: string, address: string): Promise<number> {
    return this.run(RETRY_AFTER, this.keysOf(account, address))
  }

  async reserve(account: string, address: string): Promise<number> {
    return this.run(RESERVE, this.keysOf(account, address))
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await this.run(RECORD_FAILURE, this.keysOf(account, address))
  }

  async recordSuccess(account: string, address: string): Promise<void> {
    await this.run(RECORD_SUCCESS, this.keysOf(account, address))
  }

  async unlock(account: string): Promise<void> {
    const pattern = `${escapeGlob(this.pairKey(account, ''))}*`
    await this.withTimeout(async () => {
      let cursor = '0'
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
        if (keys.length > 0) await this.redis.del(...keys)
        cursor = next
      } while (cursor !== '0')
      await this.redis.del(this.accountKey(account))
    })
  }

  /** The keys every script takes, in the order LUA_HELPERS documents. */
  private keysOf(account: string, address: string): string[] {
    return [this.pairKey(account, address), this.addressKey(address), this.accountKey(account)]
  }

  /** Runs a script with the policy as arguments, within the command timeout. */
  private async run(code: Script, keys: string[]): Promise<number> {
    const args = [
      this.policy.maxFailuresPerAccount,
      this.policy.maxFailuresPerAddress,
      everywhereLimit(this.policy),
      this.policy.windowMs,
    ]
    const result = await this.withTimeout(() => this.evaluate(code, keys, args))
    if (typeof result !== 'number') {
      throw new ThrottleUnavailableError(`login throttle: unexpected reply ${String(result)}`)
    }
    return result
  }

  /** Awaits Redis work within the command timeout; any failure is a ThrottleUnavailableError. */
  private async withTimeout<T>(work: () => Promise<T>): Promise<T> {
    if (DOWN_STATES.has(this.redis.status)) {
      throw new ThrottleUnavailableError(
        `login throttle unavailable: Redis is ${this.redis.status}`,
      )
    }
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ThrottleUnavailableError(
              `login throttle unavailable: Redis did not answer within ${this.commandTimeoutMs} ms`,
            ),
          ),
        this.commandTimeoutMs,
      )
    })
    try {
      return await Promise.race([work(), timeout])
    } catch (error) {
      if (error instanceof ThrottleUnavailableError) throw error
      throw new ThrottleUnavailableError('login throttle unavailable: Redis command failed', {
        cause: error,
      })
    } finally {
      clearTimeout(timer)
    }
  }

  /** EVALSHA, loading the script with EVAL when Redis does not know it yet. */
  private async evaluate(code: Script, keys: string[], args: number[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(code.sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return await this.redis.eval(code.lua, keys.length, ...keys, ...args)
    }
  }
}
