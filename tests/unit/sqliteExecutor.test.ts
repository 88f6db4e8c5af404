import { afterEach, describe, expect, it } from 'vitest'
import { inTransaction, kyselyOver } from '../../server/db/executor.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import { closeSqlite, openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { makeDataDir } from '../helpers/testServer.ts'

const handles: SqliteHandle[] = []

function open() {
  const handle = openSqlite(makeDataDir())
  handles.push(handle)
  const executor = new SqliteExecutor(handle.connection)
  return { handle, executor, db: kyselyOver(executor) }
}

/** Inserts a school named after its id. */
async function insertSchool(db: AppKysely, id: string, createdAt: number): Promise<void> {
  await db.insertInto('schools').values({ id, name: id, createdAt }).execute()
}

/** The ids of the schools, in order. */
async function schoolIds(db: AppKysely): Promise<string[]> {
  const rows = await db.selectFrom('schools').select('id').orderBy('id').execute()
  return rows.map((row) => row.id)
}

afterEach(() => {
  for (const handle of handles.splice(0)) closeSqlite(handle)
})

describe('SqliteExecutor', () => {
  it('returns rows as objects, counts the changes of a write, and binds booleans and blobs', async () => {
    const { executor } = open()
    await executor.native(
      'INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?), (?, ?, ?)',
      ['s1', 'One', 1, 's2', 'Two', 2],
    )
    const rows = await executor.native('SELECT name, id FROM schools ORDER BY id', [])
    expect(rows).toEqual({
      rows: [
        { name: 'One', id: 's1' },
        { name: 'Two', id: 's2' },
      ],
    })
    const update = await executor.native('UPDATE schools SET name = ? WHERE id = ?', ['Uno', 's1'])
    expect(update).toEqual({ rows: [], changes: 1 })
    const bound = await executor.native('SELECT ? AS yes, ? AS no, ? AS data', [
      true,
      false,
      Uint8Array.from([1, 2, 3]),
    ])
    expect(bound.rows).toEqual([{ yes: 1, no: 0, data: Buffer.from([1, 2, 3]) }])
  })

  it('runs a query issued outside an open transaction only after it commits', async () => {
    const { executor, db } = open()
    const order: string[] = []
    let begun = (): void => {}
    const inside = new Promise<void>((resolve) => {
      begun = resolve
    })
    const transaction = inTransaction(executor, async (tx) => {
      await insertSchool(tx, 's1', 1)
      begun()
      await new Promise((resolve) => setTimeout(resolve, 20))
      await insertSchool(tx, 's2', 2)
      order.push('commit')
    })
    await inside
    // Issued from another async context (like a concurrent request) while the transaction is open.
    const outside = db
      .selectFrom('schools')
      .selectAll()
      .execute()
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
        await insertSchool(tx, `s${index}`, index)
      }
      await tx.selectFrom('schools').selectAll().execute()
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
        await insertSchool(tx, name, 1)
        order.push(`${name} ends`)
      })
    await Promise.all([transaction('a'), transaction('b')])
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends'])
  })

  it('rolls back when the work throws, and keeps serving afterwards', async () => {
    const { executor, db } = open()
    await expect(
      inTransaction(executor, async (tx) => {
        await insertSchool(tx, 's1', 1)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await schoolIds(db)).toEqual([])
    await insertSchool(db, 's2', 2)
    expect(await schoolIds(db)).toEqual(['s2'])
  })

  it('runs a nested transaction as a savepoint instead of deadlocking', async () => {
    const { executor, db } = open()
    await inTransaction(executor, async (tx) => {
      await insertSchool(tx, 's1', 1)
      await expect(
        inTransaction(executor, async (inner) => {
          await insertSchool(inner, 's2', 2)
          throw new Error('inner fails')
        }),
      ).rejects.toThrow('inner fails')
      await inTransaction(executor, async (inner) => {
        await insertSchool(inner, 's3', 3)
      })
      // The outer database, used from inside the transaction, runs inside it too.
      expect((await schoolIds(db)).length).toBe(2)
    })
    expect(await schoolIds(db)).toEqual(['s1', 's3'])
  })
})
