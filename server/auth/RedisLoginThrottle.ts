import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { DEFAULT_THROTTLE, type LoginThrottle, type ThrottlePolicy } from './LoginThrottle.ts'

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
 * Shared by every script. KEYS[1] is the account counter, KEYS[2] the address counter; ARGV[1]
 * and ARGV[2] their maxima, ARGV[3] the window in milliseconds. A counter's expiry is set when it
 * is created, so its window starts at the first failure and PTTL is the time left.
 */
const LUA_HELPERS = `
local function wait(key, max)
  local count = tonumber(redis.call('GET', key) or '0') or 0
  if count < max then return 0 end
  local ttl = redis.call('PTTL', key)
  if ttl == -1 then
    redis.call('PEXPIRE', key, ARGV[3])
    return tonumber(ARGV[3])
  end
  if ttl < 0 then return 0 end
  return ttl
end
local function bump(key)
  redis.call('INCR', key)
  if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ARGV[3]) end
end
local function waitBoth()
  return math.max(wait(KEYS[1], tonumber(ARGV[1])), wait(KEYS[2], tonumber(ARGV[2])))
end
`

function script(body: string): Script {
  const lua = `${LUA_HELPERS}\n${body}`
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

/** Returns the wait in ms (0 = allowed now). */
const RETRY_AFTER = script('return waitBoth()')

/** Returns the wait in ms and counts nothing, or counts the attempt on both counters and returns 0. */
const RESERVE = script(`
local waitMs = waitBoth()
if waitMs > 0 then return waitMs end
bump(KEYS[1])
bump(KEYS[2])
return 0
`)

/** Counts a failure on both counters. */
const RECORD_FAILURE = script(`
bump(KEYS[1])
bump(KEYS[2])
return 0
`)

/** Deletes the account counter; with KEYS[2], gives back one address slot (never below 0, never creating the key). */
const RECORD_SUCCESS = script(`
redis.call('DEL', KEYS[1])
if #KEYS > 1 then
  local count = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
  if count > 0 then redis.call('DECR', KEYS[2]) end
end
return 0
`)

/** Connection states in which a command would only wait in the offline queue: fail at once. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end'])

/**
 * The login throttle shared by every server instance through Redis: same semantics as
 * `MemoryLoginThrottle`, with counters `${prefix}throttle:account:<account>` and
 * `${prefix}throttle:address:<address>` that expire with their window. Every operation is one Lua
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

  /** The Redis key of a client address's failure counter. */
  addressKey(address: string): string {
    return `${this.prefix}throttle:address:${address}`
  }

  async retryAfter(account: string, address: string): Promise<number> {
    return this.run(RETRY_AFTER, [this.accountKey(account), this.addressKey(address)])
  }

  async reserve(account: string, address: string): Promise<number> {
    return this.run(RESERVE, [this.accountKey(account), this.addressKey(address)])
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await this.run(RECORD_FAILURE, [this.accountKey(account), this.addressKey(address)])
  }

  async recordSuccess(account: string, address?: string): Promise<void> {
    const keys = [this.accountKey(account)]
    if (address !== undefined) keys.push(this.addressKey(address))
    await this.run(RECORD_SUCCESS, keys)
  }

  /** Runs a script with the policy as arguments, within the command timeout. */
  private async run(code: Script, keys: string[]): Promise<number> {
    if (DOWN_STATES.has(this.redis.status)) {
      throw new ThrottleUnavailableError(
        `login throttle unavailable: Redis is ${this.redis.status}`,
      )
    }
    const args = [
      this.policy.maxFailuresPerAccount,
      this.policy.maxFailuresPerAddress,
      this.policy.windowMs,
    ]
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
      const result = await Promise.race([this.evaluate(code, keys, args), timeout])
      if (typeof result !== 'number') {
        throw new ThrottleUnavailableError(`login throttle: unexpected reply ${String(result)}`)
      }
      return result
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
