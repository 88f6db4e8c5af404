import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/features/identity/index.ts'
import { CloseCode } from '../../shared/closeCodes.ts'
import { scaleSkipReason, startCluster, type TestCluster } from '../helpers/cluster.ts'
import { createTester, ensureDocumentAsync, type Tester } from '../helpers/fixtures.ts'
import { httpRequest, login, openRecordingSocket, signIn } from '../helpers/signIn.ts'
import { within } from '../helpers/within.ts'

const skipReason = scaleSkipReason('tests/scale/sharedAuth.test.ts')
const PASSWORD = 'correct horse battery staple'
/** The default login throttle: 5 failures per account and address in 15 minutes. */
const MAX_FAILURES_PER_ACCOUNT = 5

describe.skipIf(skipReason !== null)(
  'sessions and the login throttle shared by three instances',
  () => {
    let cluster: TestCluster | undefined
    const started = (): TestCluster => {
      if (!cluster) throw new Error('the cluster did not start')
      return cluster
    }

    /** A teacher who signs in with PASSWORD (the hash written through the app's database). */
    const createAccount = async (username: string): Promise<Tester> => {
      const { db } = started()
      const account = await createTester(db, username)
      await db
        .updateTable('users')
        .set({ passwordHash: await hashPassword(PASSWORD) })
        .where('id', '=', account.userId)
        .execute()
      return account
    }

    beforeAll(async () => {
      cluster = await startCluster(3)
    })
    afterAll(async () => {
      await cluster?.close()
    })

    it('a session made on instance 1 works on instance 2; logging out there closes its websocket on instance 1 within 5 s', async () => {
      const cluster = started()
      const account = await createAccount('shared-session')
      await ensureDocumentAsync(cluster.db, account, 'shared-session-plan')
      const [one, two] = [cluster.httpTarget(0), cluster.httpTarget(1)]

      const session = await signIn(one, 'shared-session', PASSWORD)
      const me = await httpRequest(two, 'GET', '/api/me', { cookie: session.cookie })
      expect(me.status).toBe(200)
      expect(me.body).toMatchObject({ user: { id: account.userId } })

      const socket = await openRecordingSocket(
        `${cluster.server(0).collabUrl}/shared-session-plan`,
        { cookie: session.cookie, origin: one.httpUrl },
      )
      const logout = await httpRequest(two, 'POST', '/api/auth/logout', {
        cookie: session.cookie,
        origin: two.httpUrl,
      })
      expect(logout.status).toBe(200)
      const loggedOutAt = Date.now()
      const closed = await within(socket.closed, 5_000, 'closing the websocket on instance 1')
      console.info(`websocket on instance 1 closed ${Date.now() - loggedOutAt} ms after the logout`)
      expect(closed.code).toBe(CloseCode.CredentialsRevoked)

      // The session is gone for every instance.
      for (const index of [0, 1, 2]) {
        const after = await httpRequest(cluster.httpTarget(index), 'GET', '/api/me', {
          cookie: session.cookie,
        })
        expect(after.status).toBe(401)
      }
    })

    it('ten wrong passwords spread round-robin over the three instances lock the account on all of them', async () => {
      const cluster = started()
      await createAccount('guessed-at')
      const statuses: number[] = []
      for (let attempt = 0; attempt < 10; attempt++) {
        const target = cluster.httpTarget(attempt % 3)
        const result = await login(target, 'guessed-at', `wrong password ${attempt}`)
        statuses.push(result.status)
      }
      // One counter for all instances (all from this address): five failures count, the rest are refused.
      expect(statuses).toEqual([
        ...Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, () => 401),
        ...Array.from({ length: 10 - MAX_FAILURES_PER_ACCOUNT }, () => 429),
      ])
      // Refused on every instance, the right password too while the account is locked for this address.
      for (const index of [0, 1, 2]) {
        const result = await login(cluster.httpTarget(index), 'guessed-at', PASSWORD)
        expect(result.status).toBe(429)
        expect(Number(result.headers['retry-after'])).toBeGreaterThan(0)
      }
    })
  },
)
