import fs from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { closeSqlite, openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { WalCheckpointer } from '../../server/db/WalCheckpointer.ts'
import { createLogger } from '../../server/logger.ts'
import { makeDataDir } from '../helpers/testServer.ts'

describe('WalCheckpointer', () => {
  let handle: SqliteHandle | undefined
  let checkpointer: WalCheckpointer | undefined
  afterEach(async () => {
    await checkpointer?.stop()
    if (handle) closeSqlite(handle)
  })

  it('copies committed pages into the database file from its own thread while commits go on', async () => {
    handle = openSqlite(makeDataDir(), { backgroundCheckpoints: true })
    const { connection, file } = handle
    connection.exec('create table blobs (id integer primary key, data blob)')
    const insert = connection.prepare('insert into blobs (data) values (?)')
    const sizeBefore = fs.statSync(file).size
    checkpointer = new WalCheckpointer(file, createLogger('silent'), 20)
    // 200 commits of 8 KiB: well under the main connection's backstop, so only the thread
    // checkpoints them.
    for (let index = 0; index < 200; index++) {
      insert.run(Buffer.alloc(8192, index % 251))
      if (index % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const running = checkpointer
    // The file grows during a checkpoint; the thread reports the pages once it is done.
    await vi.waitFor(() => {
      expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 200 * 8192)
      expect(running.checkpointedPages).toBeGreaterThanOrEqual(400)
    }, 10_000)
    const count = connection.prepare('select count(*) as n from blobs').get() as { n: number }
    expect(count.n).toBe(200)
    await checkpointer.stop()
    checkpointer = undefined
  })

  it('leaves checkpointing to the main connection when no thread is asked for', () => {
    handle = openSqlite(makeDataDir())
    const [row] = handle.connection.pragma('wal_autocheckpoint') as Array<{
      wal_autocheckpoint: number
    }>
    expect(row?.wal_autocheckpoint).toBe(8192)
    closeSqlite(handle)
    handle = openSqlite(makeDataDir(), { backgroundCheckpoints: true })
    const [backstop] = handle.connection.pragma('wal_autocheckpoint') as Array<{
      wal_autocheckpoint: number
    }>
    expect(backstop?.wal_autocheckpoint).toBe(4 * 8192)
  })
})
