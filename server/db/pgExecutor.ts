import { getTableName, is } from 'drizzle-orm'
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import pg from 'pg'
import type { NativeQuery, NativeResult, QueryMethod, QueryResult, SqlExecutor } from './appDb.ts'
import { openPostgres, type PostgresHandle, type PostgresOptions } from './pg/postgres.ts'
import * as pgSchema from './pg/schema.ts'
import { type IdentityColumns, translateSqliteToPostgres } from './pgTranslate.ts'

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

/** Identity columns of the PostgreSQL app schema (SQLite AUTOINCREMENT ids). */
function identityColumnsOf(schema: Record<string, unknown>): IdentityColumns {
  const identity = new Map<string, string>()
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue
    for (const column of getTableConfig(value).columns) {
      if (/serial$/.test(column.getSQLType()) || column.generatedIdentity !== undefined)
        identity.set(getTableName(value), column.name)
    }
  }
  return identity
}

const IDENTITY_COLUMNS = identityColumnsOf(pgSchema)

/** A parameter as PostgreSQL's integer-backed columns expect it (SQLite has no booleans). */
function parameterOf(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return null
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  return value
}

/** A PostgreSQL constraint failure worded like SQLite's, with SQLite's error code. */
export class ConstraintError extends Error {
  /** `SQLITE_CONSTRAINT_UNIQUE`, `…_PRIMARYKEY`, `…_FOREIGNKEY`, `…_NOTNULL` or `…_CHECK`. */
  readonly code: string
  /** Wraps the PostgreSQL error. */
  constructor(message: string, code: string, cause: unknown) {
    super(message, { cause })
    this.name = 'ConstraintError'
    this.code = code
  }
}

function isDatabaseError(error: unknown): error is pg.DatabaseError {
  return error instanceof Error && 'code' in error && 'severity' in error
}

/** PostgreSQL constraint errors → SQLite's messages and codes (code that matches on them). */
function sqliteStyleError(error: unknown): unknown {
  if (!isDatabaseError(error)) return error
  const table = error.table ?? '?'
  const keyColumns = /^Key \((.+?)\)=/.exec(error.detail ?? '')?.[1]
  const columns = keyColumns
    ? keyColumns
        .split(', ')
        .map((column) => `${table}.${column.replaceAll('"', '')}`)
        .join(', ')
    : table
  switch (error.code) {
    case '23505': {
      const primary = error.constraint?.endsWith('_pkey') || error.constraint?.endsWith('_pk')
      return primary
        ? new ConstraintError(
            `UNIQUE constraint failed: ${columns}`,
            'SQLITE_CONSTRAINT_PRIMARYKEY',
            error,
          )
        : new ConstraintError(
            `UNIQUE constraint failed: ${columns}`,
            'SQLITE_CONSTRAINT_UNIQUE',
            error,
          )
    }
    case '23503':
      return new ConstraintError(
        'FOREIGN KEY constraint failed',
        'SQLITE_CONSTRAINT_FOREIGNKEY',
        error,
      )
    case '23502':
      return new ConstraintError(
        `NOT NULL constraint failed: ${table}.${error.column ?? '?'}`,
        'SQLITE_CONSTRAINT_NOTNULL',
        error,
      )
    case '23514':
      return new ConstraintError(
        `CHECK constraint failed: ${error.constraint ?? '?'}`,
        'SQLITE_CONSTRAINT_CHECK',
        error,
      )
    default:
      return error
  }
}

async function runOn(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: unknown[],
  method: QueryMethod,
): Promise<QueryResult> {
  const translated = translateSqliteToPostgres(sql, params.map(parameterOf), IDENTITY_COLUMNS)
  let result: pg.QueryArrayResult
  try {
    result = await client.query({
      text: translated.text,
      values: translated.values,
      rowMode: 'array',
      types: APP_TYPES,
    })
  } catch (error) {
    throw sqliteStyleError(error)
  }
  if (method === 'run') return { rows: [] }
  if (method === 'get') return { rows: result.rows[0] }
  return { rows: result.rows }
}

/** Commands whose row count is the number of rows they changed. */
const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/**
 * Runs a statement written for PostgreSQL as is (Kysely's PostgreSQL compiler wrote it): rows
 * as objects, values parsed like the translated path's; errors are PostgreSQL's own.
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
 * Runs SQL on PostgreSQL through a pool. The SQL of Drizzle's SQLite dialect (AppDb, `query`)
 * is translated (see pgTranslate.ts), its rows come back as arrays with SQLite's value types and
 * its constraint errors read like SQLite's; native SQL (Kysely, `native`) runs as written.
 */
export function createPgExecutor(pool: pg.Pool, options: PgExecutorOptions = {}): SqlExecutor {
  const begin = options.isolation ? `begin isolation level ${options.isolation}` : 'begin'
  return {
    engine: 'postgres',
    query: (sql, params, method) => runOn(pool, sql, params, method),
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
            if (isDatabaseError(error) || error instanceof ConstraintError) failed = error
            throw error
          }
        }
        const query: SqlExecutor['query'] = (sql, params, method) =>
          guarded(() => runOn(client, sql, params, method))
        const native: NativeQuery = (sql, params) => guarded(() => runNativeOn(client, sql, params))
        let result: Awaited<ReturnType<typeof work>>
        try {
          result = await work(query, native)
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
