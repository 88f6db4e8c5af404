import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  type AppDb,
  createAppDb,
  type Engine,
  kyselyOf,
  type SqlExecutor,
} from '../../server/db/appDb.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import { createPgExecutor } from '../../server/db/pgExecutor.ts'
import { closeSqlite, openSqlite } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { createTestPostgres, DATABASE_URL } from './postgres.ts'

/** The engines the database-layer tests run on: SQLite always, PostgreSQL with DATABASE_URL. */
export const TEST_ENGINES: readonly Engine[] = DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

/** A fresh, migrated app database on one engine, through the app's own executor. */
export interface TestEngine {
  engine: Engine
  executor: SqlExecutor
  db: AppDb
  kdb: AppKysely
  /** Closes it and removes its data (temporary folder or PostgreSQL schema). */
  close(): Promise<void>
}

/** Opens an empty app database on `engine` (a temporary SQLite file or a new PostgreSQL schema). */
export async function openTestEngine(engine: Engine): Promise<TestEngine> {
  if (engine === 'postgres') {
    if (!DATABASE_URL) throw new Error('PostgreSQL tests need DATABASE_URL')
    const postgres = await createTestPostgres(DATABASE_URL)
    const executor = createPgExecutor(postgres.handle.pool)
    const db = createAppDb(executor)
    return { engine, executor, db, kdb: kyselyOf(db), close: () => postgres.drop() }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-engine-'))
  const handle = openSqlite(dir)
  const executor = new SqliteExecutor(handle.connection)
  const db = createAppDb(executor)
  return {
    engine,
    executor,
    db,
    kdb: kyselyOf(db),
    async close() {
      await executor.close()
      closeSqlite(handle)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
