import { type AppKysely, createAppKysely } from './kysely.ts'

/**
 * The app's metadata database (users, groups, documents' metadata, library, …) under Kysely:
 * an {@link SqlExecutor} runs the SQL that Kysely's SQLite or PostgreSQL compiler wrote for the
 * engine underneath — the embedded SQLite file, or PostgreSQL for several instances. Nothing is
 * translated; transactions are the executor's ({@link inTransaction}).
 */

/** The database engine under an executor. */
export type Engine = 'sqlite' | 'postgres'

/** What a statement returned: rows as objects keyed by column name. */
export interface NativeResult {
  rows: Record<string, unknown>[]
  /** Rows inserted, updated or deleted by a write without `returning`; undefined otherwise. */
  changes?: number
}

/** Runs one statement written in the engine's own SQL. */
export type NativeQuery = (sql: string, params: readonly unknown[]) => Promise<NativeResult>

/** Runs SQL on one engine. */
export interface SqlExecutor {
  /** The engine the statements run on (what `native` SQL must be written for). */
  readonly engine: Engine
  /**
   * Runs one statement in the engine's own SQL (Kysely compiles it for the engine). Values come
   * back alike on both engines: integers and `count`/`sum` as numbers, booleans as 0/1, blobs as
   * Buffers; constraint errors are the driver's own (see `isUniqueViolation` in dialect.ts).
   */
  native: NativeQuery
  /**
   * Runs `work` in one transaction on one connection; statements of other callers wait or run
   * elsewhere, never inside it. `work` gets the statement path bound to the transaction.
   * Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (native: NativeQuery) => Promise<T>): Promise<T>
  /** Closes the underlying connections. */
  close(): Promise<void>
}

/** The Kysely database over an executor's statement path (or a transaction's). */
export function kyselyOver(executor: Pick<SqlExecutor, 'engine' | 'native'>): AppKysely {
  return createAppKysely(executor.engine, executor.native)
}

/**
 * Runs `work` in one transaction with `ktx`, a Kysely database bound to it: its statements run
 * on the transaction's connection and commit or roll back together.
 */
export function inTransaction<T>(
  executor: SqlExecutor,
  work: (ktx: AppKysely) => Promise<T>,
): Promise<T> {
  return executor.transaction((native) => work(createAppKysely(executor.engine, native)))
}
