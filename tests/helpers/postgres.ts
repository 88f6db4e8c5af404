import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { closePostgres, openPostgres, type PostgresHandle } from '../../server/db/pg/postgres.ts'

/** The PostgreSQL URL tests may use, or undefined when none is configured (tests skip). */
export const DATABASE_URL = process.env.DATABASE_URL || undefined

/** A migrated PostgreSQL database in a schema of its own, dropped by `drop()`. */
export interface TestPostgres {
  handle: PostgresHandle
  schemaName: string
  /** Another connection pool on the same schema (a second server instance). */
  openAnother(): Promise<PostgresHandle>
  drop(): Promise<void>
}

/** Creates a fresh schema on DATABASE_URL and migrates it. */
export async function createTestPostgres(url: string): Promise<TestPostgres> {
  const schemaName = `jibei_test_${randomBytes(6).toString('hex')}`
  const handle = await openPostgres({ url, schemaName })
  const others: PostgresHandle[] = []
  return {
    handle,
    schemaName,
    async openAnother() {
      const other = await openPostgres({ url, schemaName })
      others.push(other)
      return other
    },
    async drop() {
      for (const other of others) await closePostgres(other).catch(() => undefined)
      await closePostgres(handle).catch(() => undefined)
      await dropSchema(url, schemaName)
    },
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schemaName: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`drop schema if exists ${schemaName} cascade`)
  } finally {
    await client.end()
  }
}
