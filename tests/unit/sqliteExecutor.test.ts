import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppDb, inTransaction } from '../../server/db/appDb.ts'
import { schools } from '../../server/db/schema.ts'
import { closeSqlite, openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { makeDataDir } from '../helpers/testServer.ts'

const handles: SqliteHandle[] = []

function open() {
  const handle = openSqlite(makeDataDir())
  handles.push(handle)
  const executor = new SqliteExecutor(handle.connection)
  return { handle, executor, db: createAppDb(executor) }
}

afterEach(() => {
  for (const handle of handles.splice(0)) closeSqlite(handle)
})

describe('SqliteExecutor', () => {
  it('returns rows as arrays in select order, and typed rows through AppDb', async () => {
    const { executor, db } = open()
    await db.insert(schools).values([
      { id: 's1', name: 'One', createdAt: 1 },
      { id: 's2', name: 'Two', createdAt: 2 },
    ])
    const raw = await executor.query('SELECT name, id FROM schools ORDER BY id', [], 'all')
    expect(raw.rows).toEqual([
      ['One', 's1'],
      ['Two', 's2'],
    ])
    const typed = await db.select().from(schools).orderBy(schools.id)
    expect(typed.map((school) => school.name)).toEqual(['One', 'Two'])
    const run = await executor.query(
      'UPDATE schools SET name = ? WHERE id = ?',
      ['Uno', 's1'],
      'run',
    )
    expect(run.rows).toEqual([])
    expect((await db.select().from(schools).where(eq(schools.id, 's1')).get())?.name).toBe('Uno')
  })

  it('answers undefined rows for a get that finds nothing, and binds booleans', async () => {
    const { executor, db } = open()
    const none = await executor.query('SELECT id FROM schools WHERE id = ?', ['missing'], 'get')
    expect(none.rows).toBeUndefined()
    expect(await db.select().from(schools).where(eq(schools.id, 'missing')).get()).toBeUndefined()
    const bound = await executor.query('SELECT ? AS yes, ? AS no', [true, false], 'get')
    expect(bound.rows).toEqual([1, 0])
    const blob = await executor.query('SELECT ? AS data', [Uint8Array.from([1, 2, 3])], 'get')
    expect(blob.rows).toEqual([Buffer.from([1, 2, 3])])
  })

  it('runs a query issued outside an open transaction only after it commits', async () => {
    const { executor, db } = open()
    const order: string[] = []
    let begun = (): void => {}
    const inside = new Promise<void>((resolve) => {
      begun = resolve
    })
    const transaction = inTransaction(executor, async (tx) => {
      await tx.insert(schools).values({ id: 's1', name: 'One', createdAt: 1 })
      begun()
      await new Promise((resolve) => setTimeout(resolve, 20))
      await tx.insert(schools).values({ id: 's2', name: 'Two', createdAt: 2 })
      order.push('commit')
    })
    await inside
    // Issued from another async context (like a concurrent request) while the transaction is open.
    const outside = db
      .select()
      .from(schools)
      .then((rows) => {
        order.push('outside')
        return rows.length
      })
    await transaction
    expect(await outside).toBe(2)
    expect(order).toEqual(['commit', 'outside'])
  })

  it('runs a transaction that only queries without letting I/O callbacks in', async () => {
    const { executor } = open()
    const order: string[] = []
    setImmediate(() => order.push('immediate'))
    await inTransaction(executor, async (tx) => {
      for (let index = 0; index < 20; index += 1) {
        await tx.insert(schools).values({ id: `s${index}`, name: `S${index}`, createdAt: index })
      }
      await tx.select().from(schools)
      order.push('commit')
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['commit', 'immediate'])
  })

  it('queues transactions one after the other', async () => {
    const { executor } = open()
    const order: string[] = []
    const transaction = (name: string) =>
      inTransaction(executor, async (tx) => {
        order.push(`${name} begins`)
        await new Promise((resolve) => setTimeout(resolve, 10))
        await tx.insert(schools).values({ id: name, name, createdAt: 1 })
        order.push(`${name} ends`)
      })
    await Promise.all([transaction('a'), transaction('b')])
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends'])
  })

  it('rolls back when the work throws, and keeps serving afterwards', async () => {
    const { executor, db } = open()
    await expect(
      inTransaction(executor, async (tx) => {
        await tx.insert(schools).values({ id: 's1', name: 'One', createdAt: 1 })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.select().from(schools)).toEqual([])
    await db.insert(schools).values({ id: 's2', name: 'Two', createdAt: 2 })
    expect((await db.select().from(schools)).map((school) => school.id)).toEqual(['s2'])
  })

  it('runs a nested transaction as a savepoint instead of deadlocking', async () => {
    const { executor, db } = open()
    await inTransaction(executor, async (tx) => {
      await tx.insert(schools).values({ id: 's1', name: 'One', createdAt: 1 })
      await expect(
        inTransaction(executor, async (inner) => {
          await inner.insert(schools).values({ id: 's2', name: 'Two', createdAt: 2 })
          throw new Error('inner fails')
        }),
      ).rejects.toThrow('inner fails')
      await inTransaction(executor, async (inner) => {
        await inner.insert(schools).values({ id: 's3', name: 'Three', createdAt: 3 })
      })
      // The outer database, used from inside the transaction, runs inside it too.
      expect((await db.select().from(schools)).length).toBe(2)
    })
    const ids = (await db.select().from(schools).orderBy(schools.id)).map((school) => school.id)
    expect(ids).toEqual(['s1', 's3'])
  })
})
