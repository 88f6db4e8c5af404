import { fileURLToPath } from 'node:url'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import * as schema from './schema.ts'

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url))

/** The Drizzle database over node-postgres, with the PostgreSQL schema. */
export type PostgresDb = NodePgDatabase<typeof schema>

/** An open, migrated PostgreSQL database and its pool. */
export interface PostgresHandle {
  db: PostgresDb
  pool: pg.Pool
  /** The schema (namespace) the tables live in; `public` unless one was given. */
  schemaName: string
}

/** How to connect. */
export interface PostgresOptions {
  /** A `postgres://` URL (DATABASE_URL). */
  url: string
  /** Put the tables in this schema (created if needed) instead of `public`; used by tests. */
  schemaName?: string
  /** Most connections this process opens. */
  maxConnections?: number
}

/** Connects to PostgreSQL and applies pending migrations (safe when several instances start). */
export async function openPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const schemaName = options.schemaName ?? 'public'
  if (!/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`bad schema name ${schemaName}`)
  if (schemaName !== 'public') {
    const setup = new pg.Client({ connectionString: options.url })
    await setup.connect()
    try {
      // "if not exists" is not safe against a concurrent create: instances starting together
      // take the migration lock first.
      await setup.query('select pg_advisory_lock(7305942001)')
      await setup.query(`create schema if not exists ${schemaName}`)
    } finally {
      await setup.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schemaName === 'public' ? {} : { options: `-c search_path=${schemaName}` }),
  })
  const db = drizzle(pool, { schema })
  const client = await pool.connect()
  try {
    // One migrator at a time across instances starting together.
    await client.query('select pg_advisory_lock(7305942001)')
    await migrate(drizzle(client, { schema }), {
      migrationsFolder: MIGRATIONS_FOLDER,
      migrationsSchema: schemaName === 'public' ? 'drizzle' : schemaName,
    })
  } finally {
    await client.query('select pg_advisory_unlock(7305942001)').catch(() => undefined)
    client.release()
  }
  return { db, pool, schemaName }
}

/** Closes the pool; pending queries must have settled. */
export async function closePostgres(handle: PostgresHandle): Promise<void> {
  await handle.pool.end()
}
