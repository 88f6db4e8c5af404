import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Engine, kyselyOver, type SqlExecutor } from '../../server/db/executor.ts'
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
    return { engine, executor, kdb: kyselyOver(executor), close: () => postgres.drop() }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-engine-'))
  const handle = openSqlite(dir)
  const executor = new SqliteExecutor(handle.connection)
  return {
    engine,
    executor,
    kdb: kyselyOver(executor),
    async close() {
      await executor.close()
      closeSqlite(handle)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The creation time of the rows {@link seedTeachers} writes. */
export const SEED_TIME = 1_750_000_000_000

/**
 * Writes the two schools 第一中学 (`s1`) and 第二中学 (`s2`) and teachers given as
 * `[id, displayName, schoolId]` (the id is also the username).
 */
export async function seedTeachers(
  kdb: AppKysely,
  teachers: ReadonlyArray<readonly [id: string, displayName: string, schoolId: 's1' | 's2']>,
): Promise<void> {
  await kdb
    .insertInto('schools')
    .values([
      { id: 's1', name: '第一中学', createdAt: SEED_TIME },
      { id: 's2', name: '第二中学', createdAt: SEED_TIME },
    ])
    .execute()
  await kdb
    .insertInto('users')
    .values(
      teachers.map(([id, displayName, schoolId]) => ({
        id,
        username: id,
        displayName,
        schoolId,
        role: 'teacher' as const,
        passwordHash: 'x',
        createdAt: SEED_TIME,
        updatedAt: SEED_TIME,
      })),
    )
    .execute()
}
