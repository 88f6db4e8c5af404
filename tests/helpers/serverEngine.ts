import { randomBytes } from 'node:crypto'

/**
 * The database engine of the in-process test servers: SQLite by default, PostgreSQL when
 * `JIBEI_TEST_ENGINE=postgres` (then `DATABASE_URL` must name the database). `npm run
 * test:integration:pg` runs the integration suite this way.
 */
export type ServerEngine = 'sqlite' | 'postgres'

function chosenEngine(): ServerEngine {
  const wanted = process.env.JIBEI_TEST_ENGINE?.trim() || 'sqlite'
  if (wanted !== 'sqlite' && wanted !== 'postgres')
    throw new Error(`JIBEI_TEST_ENGINE must be sqlite or postgres, not ${wanted}`)
  if (wanted === 'postgres' && !process.env.DATABASE_URL)
    throw new Error('JIBEI_TEST_ENGINE=postgres needs DATABASE_URL')
  return wanted
}

/** The engine the test servers of this run use. */
export const TEST_SERVER_ENGINE: ServerEngine = chosenEngine()

/** Prefix of the PostgreSQL schemas test servers create. */
export const TEST_SCHEMA_PREFIX = 'jibei_it_'

/** Names this run (set by the integration suite's global set-up; its workers inherit it). */
export const RUN_TAG_VARIABLE = 'JIBEI_TEST_RUN_TAG'

/**
 * The prefix of this run's schemas: the global set-up drops them at the end, and leaves alone
 * those of another run going on at the same time on the same database.
 */
export function runSchemaPrefix(tag = process.env[RUN_TAG_VARIABLE] ?? 'untagged'): string {
  return `${TEST_SCHEMA_PREFIX}${tag}_`
}

/** A fresh schema name for one test server's data (kept across its restarts). */
export function newTestSchemaName(): string {
  return `${runSchemaPrefix()}${randomBytes(6).toString('hex')}`
}
