import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_THROTTLE,
  type LoginThrottle,
  MemoryLoginThrottle,
  RedisLoginThrottle,
  type ThrottlePolicy,
} from '../../../server/features/identity/index.ts'
import { DEMO_PASSWORD } from '../../../server/seed/seedDemo.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { login } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** The attacker's address and a teacher's, as a trusted proxy reports them. */
const ATTACKER = '198.51.100.66'
const SCHOOL = '203.0.113.10'

const REDIS_URL = process.env.REDIS_URL || undefined

/** Both implementations, in step: in memory, and through Redis when REDIS_URL is set. */
const IMPLEMENTATIONS: Array<{
  name: string
  skip: boolean
  make: (policy: ThrottlePolicy) => LoginThrottle
}> = [
  { name: 'in memory', skip: false, make: (policy) => new MemoryLoginThrottle(policy) },
  {
    name: 'in Redis',
    skip: REDIS_URL === undefined,
    make: (policy) => {
      redis ??= new Redis(REDIS_URL ?? '', { maxRetriesPerRequest: null })
      return new RedisLoginThrottle(redis, `jibei-test-${randomBytes(6).toString('hex')}:`, policy)
    },
  },
]
let redis: Redis | undefined

describe.each(IMPLEMENTATIONS)(
  'issue 17 item 6e: sign-in lockout per account and address ($name)',
  ({ skip, make }) => {
    let server: TestServer | undefined
    afterEach(async () => {
      await server?.close()
      server = undefined
    })
    afterAll(async () => {
      await redis?.quit()
      redis = undefined
    })

    /** Without REDIS_URL the Redis runs are skipped (and say so). */
    const test = skip ? it.skip : it

    const start = async (policy: ThrottlePolicy = DEFAULT_THROTTLE): Promise<TestServer> => {
      server = await startTestServer({ seedDemo: true, trustProxy: true, throttle: make(policy) })
      return server
    }

    /** One sign-in attempt from `address`; returns the HTTP status. */
    const attempt = async (
      target: TestServer,
      username: string,
      password: string,
      address: string,
    ) => (await login(target, username, password, { 'x-forwarded-for': address })).status

    test('five wrong passwords from one address do not lock the teacher out of another address', async () => {
      const target = await start()
      for (let i = 0; i < DEFAULT_THROTTLE.maxFailuresPerAccount; i++) {
        expect(await attempt(target, 'demo-lead', `guess-${i}`, ATTACKER)).toBe(401)
      }
      // The attacker's address is locked for this account, the right password included.
      expect(await attempt(target, 'demo-lead', DEMO_PASSWORD, ATTACKER)).toBe(429)
      expect(await attempt(target, 'demo-lead', 'guess-again', ATTACKER)).toBe(429)
      // The teacher, from her school, signs in.
      expect(await attempt(target, 'demo-lead', DEMO_PASSWORD, SCHOOL)).toBe(200)
    })

    test('failures of one account from many addresses lock it everywhere, past a much higher limit', async () => {
      const target = await start({ ...DEFAULT_THROTTLE, maxFailuresPerAccountEverywhere: 10 })
      for (let i = 0; i < 10; i++) {
        expect(
          await attempt(target, 'demo-teacher-b', 'guess', `192.0.2.${Math.floor(i / 5)}`),
        ).toBe(401)
      }
      expect(await attempt(target, 'demo-teacher-b', DEMO_PASSWORD, SCHOOL)).toBe(429)
    })

    test('lets the right password through a block of the address alone, one try per account', async () => {
      const target = await start({ ...DEFAULT_THROTTLE, maxFailuresPerAddress: 3 })
      for (const username of ['nobody-1', 'nobody-2', 'nobody-3']) {
        expect(await attempt(target, username, 'guess', SCHOOL)).toBe(401)
      }
      // The address is over its limit, but demo-admin has not failed from it: the right password passes.
      expect(await attempt(target, 'demo-admin', DEMO_PASSWORD, SCHOOL)).toBe(200)
      // A guesser gets one try per account from the blocked address, then waits.
      expect(await attempt(target, 'demo-observer', 'guess', SCHOOL)).toBe(401)
      expect(await attempt(target, 'demo-observer', DEMO_PASSWORD, SCHOOL)).toBe(429)
      // Other addresses are not concerned.
      expect(await attempt(target, 'demo-observer', DEMO_PASSWORD, ATTACKER)).toBe(200)
    })

    test('an alliance admin unlocks an account; a teacher may not', async () => {
      const target = await start()
      const api = new DemoCaller(target)
      const teacherId = await api.userId('demo-teacher-a')
      for (let i = 0; i < DEFAULT_THROTTLE.maxFailuresPerAccount; i++) {
        await attempt(target, 'demo-teacher-a', `guess-${i}`, SCHOOL)
      }
      expect(await attempt(target, 'demo-teacher-a', DEMO_PASSWORD, SCHOOL)).toBe(429)
      const refused = await api.call('demo-teacher-b', 'POST', `/api/users/${teacherId}/unlock`)
      expect(refused.status).toBe(403)
      const unlocked = await api.call('demo-admin', 'POST', `/api/users/${teacherId}/unlock`)
      expect(unlocked.status).toBe(200)
      expect(await attempt(target, 'demo-teacher-a', DEMO_PASSWORD, SCHOOL)).toBe(200)
      const audited = await target.kdb
        .selectFrom('auditLog')
        .select('targetId')
        .where('action', '=', 'login_unlocked')
        .execute()
      expect(audited).toEqual([{ targetId: teacherId }])
      const unknown = await api.call('demo-admin', 'POST', '/api/users/no-such-user/unlock')
      expect(unknown.status).toBe(404)
    })
  },
)
