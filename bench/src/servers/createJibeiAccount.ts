/**
 * Creates the bench account and its API token in a fresh Jibei data folder, the way the test
 * helpers do, before the server starts; prints `{"token": …}`. Run from the repository root:
 *
 *   node --import tsx bench/src/servers/createJibeiAccount.ts <dataDir>
 */
import { createAppDb } from '../../../server/db/appDb.ts'
import { openSqlite } from '../../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../../server/db/sqliteExecutor.ts'
import { createTester } from '../../../tests/helpers/fixtures.ts'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: createJibeiAccount.ts <dataDir>')
const sqlite = openSqlite(dataDir)
const tester = await createTester(createAppDb(new SqliteExecutor(sqlite.connection)), 'bench')
sqlite.connection.close()
process.stdout.write(`${JSON.stringify({ token: tester.token })}\n`)
