import pg from 'pg'
import { TEST_ENGINE, TEST_SCHEMA_PREFIX } from './testEngine.ts'

/** Drops every schema test servers created on DATABASE_URL (none on SQLite). */
async function dropTestSchemas(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (TEST_ENGINE !== 'postgres' || !url) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(
      'select nspname as name from pg_namespace where starts_with(nspname, $1)',
      [TEST_SCHEMA_PREFIX],
    )
    for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`)
  } finally {
    await client.end()
  }
}

/** Vitest global set-up of the integration suite: no test schema outlives a run. */
export async function setup(): Promise<() => Promise<void>> {
  await dropTestSchemas()
  return dropTestSchemas
}
