import type Database from 'better-sqlite3'
import type { NativeQuery, QueryMethod, QueryResult, SqlExecutor } from '../../server/db/appDb.ts'

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
  const native: NativeQuery = async (sql, params) => {
    const statement = connection.prepare(sql)
    if (!statement.reader) return { rows: [], changes: statement.run(...params).changes }
    return { rows: statement.all(...params) as Record<string, unknown>[] }
  }
  return {
    engine: 'sqlite',
    query,
    native,
    transaction<T>(
      work: (query: SqlExecutor['query'], native: NativeQuery) => Promise<T>,
    ): Promise<T> {
      const run = async () => {
        connection.exec('begin')
        try {
          const result = await work(query, native)
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
