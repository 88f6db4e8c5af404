import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { RUN_TAG_VARIABLE, runSchemaPrefix, TEST_SERVER_ENGINE } from './serverEngine.ts'

/** Drops the schemas whose names start with `prefix` on DATABASE_URL (none on SQLite). */
async function dropTestSchemas(prefix: string): Promise<void> {
  const url = process.env.DATABASE_URL
  if (TEST_SERVER_ENGINE !== 'postgres' || !url) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      'select nspname as name from pg_namespace where starts_with(nspname, $1)',
      [prefix],
    )
    for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`)
  } finally {
    await client.end()
  }
}

/**
 * Vitest global set-up of the integration suite: tags this run (the workers inherit the
 * variable, and name their schemas with it) and drops the run's schemas when it ends.
 */
export async function setup(): Promise<() => Promise<void>> {
  const tag = randomBytes(4).toString('hex')
  process.env[RUN_TAG_VARIABLE] = tag
  return () => dropTestSchemas(runSchemaPrefix(tag))
}
