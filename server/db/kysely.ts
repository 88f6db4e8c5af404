import {
  CamelCasePlugin,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import type { Database } from './database.ts'
import type { Engine, NativeQuery } from './executor.ts'

/**
 * Kysely over the app's {@link SqlExecutor}: the query layer of converted features.
 *
 * Queries are written once against the typed {@link Database} and compiled by Kysely's own
 * SQLite or PostgreSQL query compiler, so each engine receives its native SQL — nothing is
 * translated. Kysely opens no connection of its own: its driver hands every compiled statement
 * to the executor's `native` path (the pool on PostgreSQL, the one better-sqlite3 handle and its
 * transaction queue on SQLite), and inside `inTransaction` to the transaction's `native`, on the
 * same connection as the Drizzle statements of that transaction. Transactions are therefore
 * opened by the executor, never by Kysely: `kdb.transaction()` and friends are refused.
 */
export type AppKysely = Kysely<Database>

/** Which engine each Kysely database runs on (for the helpers of dialect.ts). */
const engines = new WeakMap<Kysely<Database>, Engine>()

/** The engine a Kysely database made by {@link createAppKysely} runs on. */
export function engineOf(db: AppKysely): Engine {
  const engine = engines.get(db)
  if (!engine) throw new Error('this Kysely database was not made by createAppKysely')
  return engine
}

const REFUSED_TRANSACTION =
  'Kysely does not open transactions here: run the work in inTransaction(executor, (ktx) => …) ' +
  'so that its Drizzle and Kysely statements share one transaction'

/** One "connection" that runs statements through a native function. */
class NativeConnection implements DatabaseConnection {
  constructor(private readonly run: NativeQuery) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.run(compiled.sql, compiled.parameters)
    // Kysely's drivers type rows by the query that was compiled; the driver cannot check them.
    const rows = result.rows as R[]
    return result.changes === undefined
      ? { rows }
      : { rows, numAffectedRows: BigInt(result.changes) }
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries is not supported by the executor dialect')
  }
}

/** Kysely's driver: every connection is the native function; transactions are refused. */
class NativeDriver implements Driver {
  private readonly connection: NativeConnection

  constructor(run: NativeQuery) {
    this.connection = new NativeConnection(run)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection
  }

  async beginTransaction(): Promise<void> {
    throw new Error(REFUSED_TRANSACTION)
  }

  async commitTransaction(): Promise<void> {
    throw new Error(REFUSED_TRANSACTION)
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error(REFUSED_TRANSACTION)
  }

  async releaseConnection(): Promise<void> {}

  /** The executor owns the connections and closes them. */
  async destroy(): Promise<void> {}
}

/** A Kysely dialect: the engine's adapter, compiler and introspector over a native function. */
class ExecutorDialect implements Dialect {
  constructor(
    private readonly engine: Engine,
    private readonly run: NativeQuery,
  ) {}

  createDriver(): Driver {
    return new NativeDriver(this.run)
  }

  createQueryCompiler(): QueryCompiler {
    return this.engine === 'postgres' ? new PostgresQueryCompiler() : new SqliteQueryCompiler()
  }

  createAdapter(): DialectAdapter {
    return this.engine === 'postgres' ? new PostgresAdapter() : new SqliteAdapter()
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.engine === 'postgres' ? new PostgresIntrospector(db) : new SqliteIntrospector(db)
  }
}

/** A Kysely database whose statements run through `run` (an executor's or a transaction's). */
export function createAppKysely(engine: Engine, run: NativeQuery): AppKysely {
  const db = new Kysely<Database>({
    dialect: new ExecutorDialect(engine, run),
    plugins: [new CamelCasePlugin()],
  })
  engines.set(db, engine)
  return db
}
