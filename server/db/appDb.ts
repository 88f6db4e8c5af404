import { drizzle, type RemoteCallback, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy'
import { type AppKysely, createAppKysely } from './kysely.ts'
import * as schema from './schema.ts'

/**
 * The app's metadata database (users, groups, documents' metadata, library, …) as the
 * unconverted code sees it: Drizzle's SQLite dialect with asynchronous execution. The same
 * typed queries run on the embedded SQLite file or, for several instances, on PostgreSQL — an
 * {@link SqlExecutor} runs the generated SQL on the engine underneath (translated on
 * PostgreSQL, see pgTranslate.ts). Converted features use {@link AppKysely} instead, which
 * runs natively on both engines over the same executor (see kysely.ts).
 */
export type AppDb = SqliteRemoteDatabase<typeof schema>

/** The database engine under an executor. */
export type Engine = 'sqlite' | 'postgres'

/** How a query's rows are wanted (Drizzle's proxy methods). */
export type QueryMethod = 'run' | 'all' | 'values' | 'get'

/** What a statement returned, in the shape Drizzle's proxy driver reads. */
export interface QueryResult {
  rows: unknown[] | undefined
}

/** What a native statement returned: rows as objects keyed by column name. */
export interface NativeResult {
  rows: Record<string, unknown>[]
  /** Rows inserted, updated or deleted by a write without `returning`; undefined otherwise. */
  changes?: number
}

/** Runs one statement written in the engine's own SQL (no translation). */
export type NativeQuery = (sql: string, params: readonly unknown[]) => Promise<NativeResult>

/** Runs SQL on one engine: Drizzle's SQLite dialect (`query`) and the engine's own (`native`). */
export interface SqlExecutor {
  /** The engine the statements run on (what `native` SQL must be written for). */
  readonly engine: Engine
  /**
   * Runs one statement of Drizzle's SQLite dialect. `all`/`values`: `rows` is the list of rows,
   * each an array of column values in select order. `get`: `rows` is the first row's array, or
   * undefined when there is none (not an empty array). `run`: `rows` is empty.
   */
  query(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult>
  /**
   * Runs one statement in the engine's own SQL, untranslated (Kysely compiles it for the
   * engine). Values come back as the `query` path returns them: integers and `count`/`sum` as
   * numbers, booleans as 0/1, blobs as Buffers; constraint errors are the driver's own (see
   * `isUniqueViolation` in dialect.ts).
   */
  native: NativeQuery
  /**
   * Runs `work` in one transaction on one connection; statements of other callers wait or run
   * elsewhere, never inside it. `work` gets both paths bound to the transaction. Commits when
   * `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (query: SqlExecutor['query'], native: NativeQuery) => Promise<T>): Promise<T>
  /** Closes the underlying connections. */
  close(): Promise<void>
}

/** The statement paths of an executor, or of one of its transactions. */
export type ExecutorPaths = Pick<SqlExecutor, 'engine' | 'query' | 'native'>

/** The paths of each AppDb, and the Kysely database over them once asked for ({@link kyselyOf}). */
const kyselyTwins = new WeakMap<AppDb, { paths: ExecutorPaths; kdb?: AppKysely }>()

/** A typed database over an executor (or a transaction's paths). */
export function createAppDb(executor: ExecutorPaths): AppDb {
  // Drizzle types the proxy's rows as `any[]`; `get` legitimately answers undefined rows.
  const callback = ((sql: string, params: unknown[], method: QueryMethod) =>
    executor.query(sql, params, method)) as RemoteCallback
  const db = drizzle(callback, { schema })
  kyselyTwins.set(db, { paths: executor })
  return db
}

/**
 * The Kysely database on the same executor — or the same transaction — as `db`. A bridge for
 * unconverted code that holds only an AppDb and calls a converted feature (e.g. `notify`);
 * it goes away once every feature takes an {@link AppKysely}.
 */
export function kyselyOf(db: AppDb): AppKysely {
  const twin = kyselyTwins.get(db)
  if (!twin) throw new Error('this AppDb was not made by createAppDb')
  twin.kdb ??= createAppKysely(twin.paths.engine, twin.paths.native)
  return twin.kdb
}

/**
 * Runs `work` in one transaction with both databases bound to it: `tx` (Drizzle, translated)
 * and `ktx` (Kysely, native). Statements of both run on the transaction's connection and
 * commit or roll back together.
 */
export function inTransaction<T>(
  executor: SqlExecutor,
  work: (tx: AppDb, ktx: AppKysely) => Promise<T>,
): Promise<T> {
  return executor.transaction((query, native) => {
    const tx = createAppDb({ engine: executor.engine, query, native })
    return work(tx, kyselyOf(tx))
  })
}

/** The Kysely database over an executor's native path (or a transaction's). */
export function kyselyOver(executor: Pick<SqlExecutor, 'engine' | 'native'>): AppKysely {
  return createAppKysely(executor.engine, executor.native)
}
