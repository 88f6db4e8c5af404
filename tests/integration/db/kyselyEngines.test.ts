import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseJson, toJsonText } from '../../../server/db/database.ts'
import {
  containsInsensitive,
  dayOf,
  isUniqueViolation,
  jsonArrayLength,
  likeInsensitive,
  stringAgg,
  weekOf,
} from '../../../server/db/dialect.ts'
import { inTransaction } from '../../../server/db/executor.ts'
import { openTestEngine, TEST_ENGINES, type TestEngine } from '../../helpers/testEngines.ts'

const T0 = 1_750_000_000_000
/** China Standard Time, minutes east of UTC. */
const CST = 480

/** Epoch ms of a UTC date and time. */
function utc(year: number, month: number, day: number, hour: number, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute)
}

/** The error a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe.each(TEST_ENGINES)('Kysely on %s', (engineName) => {
  let engine: TestEngine

  beforeAll(async () => {
    engine = await openTestEngine(engineName)
    const { kdb } = engine
    await kdb
      .insertInto('schools')
      .values(
        ['Alpha School', '第一中学', 'alpha 二中', '100% Pure', 'under_score', 'Beta'].map(
          (name, index) => ({ id: `s${index}`, name, createdAt: T0 + index }),
        ),
      )
      .execute()
    await kdb
      .insertInto('users')
      .values({
        id: 'u1',
        username: 'teacher',
        displayName: '张老师',
        schoolId: 's1',
        role: 'teacher',
        passwordHash: 'x',
        createdAt: T0,
        updatedAt: T0,
      })
      .execute()
    // Sunday 4 Jan 2026 16:30 UTC is Monday 5 Jan 00:30 in China; the others follow.
    const entries: Array<[number, string]> = [
      [utc(2026, 1, 4, 16, 30), 'sign_in'],
      [utc(2026, 1, 4, 17, 0), 'sign_out'],
      [utc(2026, 1, 5, 1, 0), 'task_created'],
      [utc(2026, 1, 11, 12, 0), 'sign_in'],
    ]
    await kdb
      .insertInto('auditLog')
      .values(
        entries.map(([at, action]) => ({
          at,
          action,
          details: toJsonText({ engine: engineName }),
        })),
      )
      .execute()
  })

  afterAll(async () => {
    await engine?.close()
  })

  it('returns numbers for integers, counts and booleans, text for JSON', async () => {
    const { kdb } = engine
    const user = await kdb
      .selectFrom('users')
      .select(['disabled', 'createdAt', 'language'])
      .where('id', '=', 'u1')
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ disabled: 0, createdAt: T0, language: 'zh-CN' })
    const counted = await kdb
      .selectFrom('schools')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('createdAt').as('sum')])
      .executeTakeFirstOrThrow()
    expect(counted).toEqual({ n: 6, sum: 6 * T0 + 15 })
    const entry = await kdb.selectFrom('auditLog').select('details').executeTakeFirstOrThrow()
    expect(typeof entry.details).toBe('string')
    expect(entry.details && parseJson(entry.details)).toEqual({ engine: engineName })
  })

  it('writes and reads JSON columns and booleans alike on both engines', async () => {
    const { kdb } = engine
    await kdb
      .insertInto('librarySettings')
      .values({ id: 1, requireReview: 1, reviewerIds: toJsonText(['u1', 'u2']), updatedAt: T0 })
      .execute()
    const read = await kdb
      .selectFrom('librarySettings')
      .select((eb) => [
        'requireReview',
        'reviewerIds',
        jsonArrayLength(kdb, eb.ref('reviewerIds')).as('n'),
      ])
      .executeTakeFirstOrThrow()
    expect({ ...read, reviewerIds: parseJson(read.reviewerIds) }).toEqual({
      requireReview: 1,
      reviewerIds: ['u1', 'u2'],
      n: 2,
    })
    await kdb
      .updateTable('librarySettings')
      .set({ requireReview: 0, reviewerIds: toJsonText(['u3']) })
      .execute()
    const back = await kdb
      .selectFrom('librarySettings')
      .select(['requireReview', 'reviewerIds'])
      .executeTakeFirstOrThrow()
    expect({ ...back, reviewerIds: parseJson(back.reviewerIds) }).toEqual({
      requireReview: 0,
      reviewerIds: ['u3'],
    })
  })

  it('matches case-insensitively with LIKE, for ASCII and CJK, escaping % and _', async () => {
    const { kdb } = engine
    const matching = async (text: string) =>
      (
        await kdb
          .selectFrom('schools')
          .select('name')
          .where((eb) => containsInsensitive(kdb, eb.ref('name'), text))
          .orderBy('id')
          .execute()
      ).map((row) => row.name)
    expect(await matching('ALPHA')).toEqual(['Alpha School', 'alpha 二中'])
    expect(await matching('school')).toEqual(['Alpha School'])
    expect(await matching('一中')).toEqual(['第一中学'])
    expect(await matching('二中')).toEqual(['alpha 二中'])
    expect(await matching('%')).toEqual(['100% Pure'])
    expect(await matching('_')).toEqual(['under_score'])
    const prefixed = await kdb
      .selectFrom('schools')
      .select('name')
      .where((eb) => likeInsensitive(kdb, eb.ref('name'), 'b%'))
      .execute()
    expect(prefixed.map((row) => row.name)).toEqual(['Beta'])
  })

  it('buckets epoch-ms timestamps by day and week at an offset, and joins strings per group', async () => {
    const { kdb } = engine
    const byDay = await kdb
      .selectFrom('auditLog')
      .select((eb) => [
        dayOf(kdb, eb.ref('at'), CST).as('day'),
        eb.fn.countAll<number>().as('n'),
        stringAgg(kdb, eb.ref('action'), ',', eb.ref('id')).as('actions'),
      ])
      .groupBy((eb) => dayOf(kdb, eb.ref('at'), CST))
      .orderBy('day')
      .execute()
    expect(byDay).toEqual([
      { day: '2026-01-05', n: 3, actions: 'sign_in,sign_out,task_created' },
      { day: '2026-01-11', n: 1, actions: 'sign_in' },
    ])
    const byUtcDay = await kdb
      .selectFrom('auditLog')
      .select((eb) => dayOf(kdb, eb.ref('at')).as('day'))
      .orderBy('id')
      .execute()
    expect(byUtcDay.map((row) => row.day)).toEqual([
      '2026-01-04',
      '2026-01-04',
      '2026-01-05',
      '2026-01-11',
    ])
    const byWeek = await kdb
      .selectFrom('auditLog')
      .select((eb) => [
        weekOf(kdb, eb.ref('at'), CST).as('week'),
        eb.fn.countAll<number>().as('n'),
        stringAgg(kdb, eb.ref('action'), ' ', eb.ref('at')).as('actions'),
      ])
      .groupBy((eb) => weekOf(kdb, eb.ref('at'), CST))
      .orderBy('week')
      .execute()
    // In China the first entry is on Monday 5 Jan; the last on Sunday 11 Jan (same week).
    expect(byWeek).toEqual([
      { week: '2026-01-05', n: 4, actions: 'sign_in sign_out task_created sign_in' },
    ])
    const byUtcWeek = await kdb
      .selectFrom('auditLog')
      .select((eb) => [weekOf(kdb, eb.ref('at')).as('week'), eb.fn.countAll<number>().as('n')])
      .groupBy((eb) => weekOf(kdb, eb.ref('at')))
      .orderBy('week')
      .execute()
    expect(byUtcWeek).toEqual([
      { week: '2025-12-29', n: 2 },
      { week: '2026-01-05', n: 2 },
    ])
  })

  it('orders NULLs where it is told to', async () => {
    const { kdb } = engine
    const rows = await kdb
      .selectFrom('auditLog')
      .select(['id', 'actorId'])
      .orderBy('actorId', (order) => order.asc().nullsLast())
      .orderBy('id')
      .execute()
    expect(rows.every((row) => row.actorId === null)).toBe(true)
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4])
  })

  it('runs the statements of a transaction on its connection, committed together', async () => {
    const { executor, kdb } = engine
    const seen = await inTransaction(executor, async (ktx) => {
      await ktx
        .insertInto('schools')
        .values({ id: 'c1', name: 'committed 1', createdAt: T0 })
        .execute()
      await ktx
        .insertInto('schools')
        .values({ id: 'c2', name: 'committed 2', createdAt: T0 })
        .execute()
      // The transaction sees its own uncommitted rows.
      const own = await ktx
        .selectFrom('schools')
        .select('id')
        .where('id', 'in', ['c1', 'c2'])
        .execute()
      return own.length
    })
    expect(seen).toBe(2)
    const after = await kdb
      .selectFrom('schools')
      .select('id')
      .where('id', 'in', ['c1', 'c2'])
      .orderBy('id')
      .execute()
    expect(after).toEqual([{ id: 'c1' }, { id: 'c2' }])
  })

  it('keeps Kysely statements from outside out of an open transaction', async () => {
    const { executor, kdb } = engine
    let release = (): void => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let inserted = (): void => {}
    const insertedYet = new Promise<void>((resolve) => {
      inserted = resolve
    })
    const transaction = inTransaction(executor, async (ktx) => {
      await ktx.insertInto('schools').values({ id: 'w1', name: 'not yet', createdAt: T0 }).execute()
      inserted()
      await gate
    })
    await insertedYet
    let released = false
    const outside = kdb
      .selectFrom('schools')
      .select('id')
      .where('id', '=', 'w1')
      .execute()
      .then((rows) => ({ rows: rows.length, released }))
    if (engineName === 'postgres') {
      // Another pooled connection: it runs now and does not see the uncommitted row.
      expect(await outside).toEqual({ rows: 0, released: false })
      released = true
      release()
    } else {
      // The one SQLite connection: the statement waits until the transaction has ended.
      await new Promise((resolve) => setTimeout(resolve, 50))
      released = true
      release()
      expect(await outside).toEqual({ rows: 1, released: true })
    }
    await transaction
  })

  it('rolls a transaction back entirely when its work throws', async () => {
    const { executor, kdb } = engine
    const failure = await failureOf(
      inTransaction(executor, async (ktx) => {
        await ktx
          .insertInto('schools')
          .values({ id: 'r1', name: 'rolled back 1', createdAt: T0 })
          .execute()
        await ktx
          .insertInto('schools')
          .values({ id: 'r2', name: 'rolled back 2', createdAt: T0 })
          .execute()
        await ktx
          .updateTable('users')
          .set({ displayName: 'changed' })
          .where('id', '=', 'u1')
          .execute()
        throw new Error('abandon')
      }),
    )
    expect(failure).toEqual(new Error('abandon'))
    const left = await kdb
      .selectFrom('schools')
      .select('id')
      .where('id', 'in', ['r1', 'r2'])
      .execute()
    expect(left).toEqual([])
    const user = await kdb
      .selectFrom('users')
      .select('displayName')
      .where('id', '=', 'u1')
      .executeTakeFirstOrThrow()
    expect(user.displayName).toBe('张老师')
  })

  it('rolls back when a Kysely statement of the transaction fails', async () => {
    const { executor, kdb } = engine
    const failure = await failureOf(
      inTransaction(executor, async (ktx) => {
        await ktx
          .insertInto('schools')
          .values({ id: 'f1', name: 'before the failure', createdAt: T0 })
          .execute()
        await ktx.insertInto('schools').values({ id: 'f2', name: 'Beta', createdAt: T0 }).execute()
      }),
    )
    expect(isUniqueViolation(failure)).toBe(true)
    expect(await kdb.selectFrom('schools').select('id').where('id', '=', 'f1').execute()).toEqual(
      [],
    )
  })

  it('refuses transactions opened by Kysely itself', async () => {
    const failure = await failureOf(engine.kdb.transaction().execute(async () => undefined))
    expect(String(failure)).toMatch(/inTransaction/)
  })

  it('counts the rows a write changed', async () => {
    const { kdb } = engine
    const result = await kdb
      .updateTable('schools')
      .set({ createdAt: T0 })
      .where('id', 'in', ['s0', 's1'])
      .executeTakeFirstOrThrow()
    expect(result.numUpdatedRows).toBe(2n)
    const deleted = await kdb
      .deleteFrom('schools')
      .where('id', '=', 'nothing')
      .executeTakeFirstOrThrow()
    expect(deleted.numDeletedRows).toBe(0n)
  })

  it('tells unique violations apart', async () => {
    const { kdb } = engine
    const duplicateName = await failureOf(
      kdb.insertInto('schools').values({ id: 'dup', name: 'Beta', createdAt: T0 }).execute(),
    )
    const duplicateKey = await failureOf(
      kdb.insertInto('schools').values({ id: 's0', name: 'new name', createdAt: T0 }).execute(),
    )
    expect(isUniqueViolation(duplicateName)).toBe(true)
    expect(isUniqueViolation(duplicateKey)).toBe(true)
    const duplicateUsername = await failureOf(
      kdb
        .insertInto('users')
        .values({
          id: 'u2',
          username: 'teacher',
          displayName: 'x',
          schoolId: 's1',
          role: 'teacher',
          passwordHash: 'x',
          createdAt: T0,
          updatedAt: T0,
        })
        .execute(),
    )
    expect(isUniqueViolation(duplicateUsername)).toBe(true)
    const foreignKey = await failureOf(
      kdb
        .insertInto('groupMembers')
        .values({ groupId: 'none', userId: 'u1', role: 'member', createdAt: T0 })
        .execute(),
    )
    expect(foreignKey).toBeInstanceOf(Error)
    expect(isUniqueViolation(foreignKey)).toBe(false)
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false)
    expect(isUniqueViolation(null)).toBe(false)
  })

  it('keeps the audit log details as JSON', async () => {
    const rows = await engine.kdb.selectFrom('auditLog').select('details').orderBy('id').execute()
    expect(rows.map((row) => row.details && parseJson(row.details))).toEqual(
      Array(4).fill({ engine: engineName }),
    )
  })

  it('runs concurrent transactions without mixing their statements', async () => {
    const { executor, kdb } = engine
    const writer = (id: string) =>
      inTransaction(executor, async (ktx) => {
        await ktx
          .insertInto('schools')
          .values({ id, name: `parallel ${id}`, createdAt: T0 })
          .execute()
        await new Promise((resolve) => setTimeout(resolve, 20))
        const own = await ktx.selectFrom('schools').select('id').where('id', 'like', 'p%').execute()
        return own.map((row) => row.id)
      })
    const [first, second] = await Promise.all([writer('p1'), writer('p2')])
    // Neither saw the other's uncommitted row (SQLite runs them one after the other).
    expect(first?.includes('p1')).toBe(true)
    expect(second?.includes('p2')).toBe(true)
    expect(first?.includes('p2') && second?.includes('p1')).toBe(false)
    const rows = await kdb
      .selectFrom('schools')
      .select('id')
      .where('id', 'in', ['p1', 'p2'])
      .execute()
    expect(rows).toHaveLength(2)
  })
})
