import type Database from 'better-sqlite3'
import type { QueryMethod, QueryResult, SqlExecutor } from '../../server/db/appDb.ts'

/**
 * A minimal SQLite executor over one better-sqlite3 connection, for tests comparing engines
 * (the production SQLite executor replaces it). Transactions run one at a time.
 */
export function createSqliteTestExecutor(connection: Database.Database): SqlExecutor {
  let queue: Promise<unknown> = Promise.resolve()
  const query = async (
    sql: string,
    params: unknown[],
    method: QueryMethod,
  ): Promise<QueryResult> => {
    const statement = connection.prepare(sql)
    if (method === 'run' || !statement.reader) {
      statement.run(...params)
      return { rows: [] }
    }
    statement.raw(true)
    if (method === 'get') return { rows: statement.get(...params) as unknown[] | undefined }
    return { rows: statement.all(...params) }
  }
  return {
    query,
    transaction<T>(work: (query: SqlExecutor['query']) => Promise<T>): Promise<T> {
      const run = async () => {
        connection.exec('begin')
        try {
          const result = await work(query)
          connection.exec('commit')
          return result
        } catch (error) {
          connection.exec('rollback')
          throw error
        }
      }
      const result = queue.then(run, run)
      queue = result.catch(() => undefined)
      return result
    },
    async close() {
      connection.close()
    },
  }
}
