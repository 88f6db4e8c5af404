/**
 * Creates the bench account and its API token in a fresh Jibei database, the way the test
 * helpers do, before the server starts; prints `{"token": …}`. The database is the SQLite file
 * of a data folder, or a PostgreSQL schema (created and migrated here when new). Run from the
 * repository root:
 *
 *   node --import tsx bench/src/servers/createJibeiAccount.ts <dataDir>
 *   node --import tsx bench/src/servers/createJibeiAccount.ts --postgres <url> <schema>
 */
import { kyselyOver } from '../../../server/db/executor.ts'
import { openPostgresApp } from '../../../server/db/pgExecutor.ts'
import { openSqlite } from '../../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../../server/db/sqliteExecutor.ts'
import { createTester } from '../../../tests/helpers/fixtures.ts'

const usage = 'usage: createJibeiAccount.ts <dataDir> | --postgres <url> <schema>'

/** Creates the account in the SQLite file of `dataDir`; returns its token. */
async function inSqlite(dataDir: string): Promise<string> {
  const sqlite = openSqlite(dataDir)
  try {
    return (await createTester(kyselyOver(new SqliteExecutor(sqlite.connection)), 'bench')).token
  } finally {
    sqlite.connection.close()
  }
}

/** Creates the account in PostgreSQL schema `schemaName` (migrated first); returns its token. */
async function inPostgres(url: string, schemaName: string): Promise<string> {
  const { executor } = await openPostgresApp(url, { schemaName, maxConnections: 1 })
  try {
    return (await createTester(kyselyOver(executor), 'bench')).token
  } finally {
    await executor.close()
  }
}

const [first, url, schemaName] = process.argv.slice(2)
if (!first) throw new Error(usage)
let token: string
if (first === '--postgres') {
  if (!url || !schemaName) throw new Error(usage)
  token = await inPostgres(url, schemaName)
} else {
  token = await inSqlite(first)
}
process.stdout.write(`${JSON.stringify({ token })}\n`)
