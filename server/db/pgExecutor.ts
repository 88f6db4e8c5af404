import pg from 'pg'
import type { NativeQuery, NativeResult, SqlExecutor } from './executor.ts'
import { openPostgres, type PostgresHandle, type PostgresOptions } from './pg/postgres.ts'

const { builtins } = pg.types

/**
 * Result parsers of the executor's queries (not global): int8 (`count(*)`, `sum`, bigint
 * columns) and numeric (`avg`) as JS numbers like SQLite's integers and reals; booleans
 * (`x is null`, `exists`) as 0/1 like SQLite; bytea stays a Buffer.
 */
const APP_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === builtins.INT8) return (value: string) => Number(value)
      if (oid === builtins.NUMERIC) return (value: string) => Number.parseFloat(value)
      if (oid === builtins.BOOL) return (value: string) => (value === 't' ? 1 : 0)
    }
    return pg.types.getTypeParser(oid, format ?? 'text')
  }) as pg.CustomTypesConfig['getTypeParser'],
}

/** A parameter as PostgreSQL's integer-backed columns expect it (SQLite has no booleans). */
function parameterOf(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return null
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  return value
}

function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'code' in error && 'severity' in error
}

/** Commands whose row count is the number of rows they changed. */
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/**
 * Runs a statement written for PostgreSQL as is (Kysely's PostgreSQL compiler wrote it): rows
 * as objects, values parsed like SQLite's (APP_TYPES); errors are PostgreSQL's own.
 */
async function runNativeOn(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): Promise<NativeResult> {
  const result = await client.query<Record<string, unknown>>({
    text: sql,
    values: params.map(parameterOf),
    types: APP_TYPES,
  })
  if (WRITE_COMMANDS.has(result.command) && result.fields.length === 0)
    return { rows: result.rows, changes: result.rowCount ?? 0 }
  return { rows: result.rows }
}

/** Isolation of the executor's transactions. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable'

/** Settings of {@link createPgExecutor}. */
export interface PgExecutorOptions {
  /**
   * Isolation of `transaction()` (PostgreSQL's default, read committed, unless given). SQLite
   * runs one writer at a time, so its transactions are serializable; stricter levels here make
   * PostgreSQL abort conflicting transactions (SQLSTATE 40001) instead.
   */
  isolation?: IsolationLevel
}

/**
 * Runs SQL on PostgreSQL through a pool: the statements Kysely's PostgreSQL compiler wrote, as
 * they are, with values parsed like SQLite's (numbers, 0/1 booleans, Buffers).
 */
export function createPgExecutor(pool: pg.Pool, options: PgExecutorOptions = {}): SqlExecutor {
  const begin = options.isolation ? `begin isolation level ${options.isolation}` : 'begin'
  return {
    engine: 'postgres',
    native: (sql, params) => runNativeOn(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect()
      let broken: unknown
      try {
        await client.query(begin)
        let failed: unknown
        /** Runs a statement unless an earlier one failed; remembers a failure. */
        const guarded = async <R>(statement: () => Promise<R>): Promise<R> => {
          if (failed !== undefined)
            throw new Error(
              'an earlier statement of this transaction failed; PostgreSQL has aborted the ' +
                'transaction (SQLite would go on): let the error roll it back',
              { cause: failed },
            )
          try {
            return await statement()
          } catch (error) {
            // Refused SQL never reached the server: the transaction is still usable.
            if (isDatabaseError(error)) failed = error
            throw error
          }
        }
        const native: NativeQuery = (sql, params) => guarded(() => runNativeOn(client, sql, params))
        let result: Awaited<ReturnType<typeof work>>
        try {
          result = await work(native)
        } catch (error) {
          await client.query('rollback').catch((rollbackError: unknown) => {
            broken = rollbackError
          })
          throw error
        }
        if (failed !== undefined) {
          // The work swallowed a failed statement: PostgreSQL turns COMMIT into ROLLBACK.
          await client.query('rollback')
          throw new Error('a statement of the transaction failed; it was rolled back', {
            cause: failed,
          })
        }
        await client.query('commit')
        return result
      } catch (error) {
        if (broken === undefined && isDatabaseError(error) && error.code === '57P01') broken = error
        throw error
      } finally {
        client.release(broken instanceof Error ? broken : undefined)
      }
    },
    close: () => pool.end(),
  }
}

/** An app database on PostgreSQL: the migrated connection and the executor over its pool. */
export interface PostgresApp {
  handle: PostgresHandle
  executor: SqlExecutor
}

/** Opens the pool, applies the PostgreSQL migrations, and returns the app's executor. */
export async function openPostgresApp(
  url: string,
  options: Omit<PostgresOptions, 'url'> & PgExecutorOptions = {},
): Promise<PostgresApp> {
  const handle = await openPostgres({ ...options, url })
  return { handle, executor: createPgExecutor(handle.pool, options) }
}
