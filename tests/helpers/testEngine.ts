import { randomBytes } from 'node:crypto'

/**
 * The database engine of the in-process test servers: SQLite by default, PostgreSQL when
 * `JIBEI_TEST_ENGINE=postgres` (then `DATABASE_URL` must name the database). `npm run
 * test:integration:pg` runs the integration suite this way.
 */
export type TestEngine = 'sqlite' | 'postgres'

function chosenEngine(): TestEngine {
  const wanted = process.env.JIBEI_TEST_ENGINE?.trim() || 'sqlite'
  if (wanted !== 'sqlite' && wanted !== 'postgres')
    throw new Error(`JIBEI_TEST_ENGINE must be sqlite or postgres, not ${wanted}`)
  if (wanted === 'postgres' && !process.env.DATABASE_URL)
    throw new Error('JIBEI_TEST_ENGINE=postgres needs DATABASE_URL')
  return wanted
}

/** The engine the test servers of this run use. */
export const TEST_ENGINE: TestEngine = chosenEngine()

/** Prefix of the PostgreSQL schemas test servers create (dropped by the integration set-up). */
export const TEST_SCHEMA_PREFIX = 'jibei_it_'

/** A fresh schema name for one test server's data (kept across its restarts). */
export function newTestSchemaName(): string {
  return `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`
}
