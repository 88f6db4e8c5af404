import type { ServerConfig } from '../config.ts'
import type { LibrarySearch } from '../features/library/index.ts'
import { LibrarySearchIndex, PostgresLibrarySearch } from '../features/library/index.ts'
import type { Logger } from '../logger.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { PostgresDocumentStore } from '../storage/PostgresDocumentStore.ts'
import { SqliteDocumentStore } from '../storage/SqliteDocumentStore.ts'
import { kyselyOver, type SqlExecutor } from './executor.ts'
import type { AppKysely } from './kysely.ts'
import { openPostgresApp } from './pgExecutor.ts'
import { openSqlite, type SqliteDb } from './sqlite.ts'
import { SqliteExecutor } from './sqliteExecutor.ts'
import { WalCheckpointer } from './WalCheckpointer.ts'

/** Advisory lock key held while one instance seeds an empty PostgreSQL database. */
const SEED_LOCK_KEY = 7305942002

/** The storage engines the server runs on, chosen by `DATABASE_URL`. */
export interface Engines {
  engine: 'sqlite' | 'postgres'
  /** Where the data is, for the start-up log line (no password). */
  location: string
  /** The metadata database through Kysely: native SQL on both engines, over `executor`. */
  kdb: AppKysely
  executor: SqlExecutor
  store: DocumentStore
  librarySearch: LibrarySearch
  /** The SQLite file through synchronous Drizzle (tests inspect it), or null on PostgreSQL. */
  sqlite: SqliteDb | null
  /** Whether the database answers a query now. */
  isHealthy(): Promise<boolean>
  /** Runs start-up work (seeding) that only one instance may do at a time. */
  exclusively<T>(work: () => Promise<T>): Promise<T>
  /** Closes the database (pending work must have settled). */
  close(): Promise<void>
}

/** A connection URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}

/** SQLite in `dataDir` (the default). */
function openSqliteEngines(dataDir: string, log: Logger): Engines {
  const handle = openSqlite(dataDir, { backgroundCheckpoints: true })
  const checkpointer = new WalCheckpointer(handle.file, log)
  const executor = new SqliteExecutor(handle.connection)
  const store = new SqliteDocumentStore(handle)
  return {
    engine: 'sqlite',
    location: handle.file,
    kdb: kyselyOver(executor),
    executor,
    store,
    librarySearch: LibrarySearchIndex.ensure(handle.connection),
    sqlite: handle.db,
    isHealthy: async () => handle.connection.open,
    exclusively: (work) => work(),
    close: async () => {
      await executor.close()
      await checkpointer.stop()
      await store.close()
    },
  }
}

/** PostgreSQL at `url` (migrated now; several instances may start together). */
async function openPostgresEngines(url: string, schemaName?: string): Promise<Engines> {
  const { handle, executor } = await openPostgresApp(url, schemaName ? { schemaName } : {})
  try {
    const librarySearch = await PostgresLibrarySearch.ensure(handle.pool)
    return {
      engine: 'postgres',
      location: `${redactUrl(url)} (schema ${handle.schemaName})`,
      kdb: kyselyOver(executor),
      executor,
      store: new PostgresDocumentStore(handle),
      librarySearch,
      sqlite: null,
      isHealthy: async () => {
        try {
          await handle.pool.query('select 1')
          return true
        } catch {
          return false
        }
      },
      exclusively: async (work) => {
        const client = await handle.pool.connect()
        try {
          await client.query('select pg_advisory_lock($1)', [SEED_LOCK_KEY])
          return await work()
        } finally {
          await client.query('select pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => null)
          client.release()
        }
      },
      // The store and the executor share the pool: ending it once closes both.
      close: () => executor.close(),
    }
  } catch (error) {
    await executor.close().catch(() => undefined)
    throw error
  }
}

/** Opens and migrates the database the configuration names: PostgreSQL if set, else SQLite. */
export async function openEngines(config: ServerConfig, log: Logger): Promise<Engines> {
  if (config.databaseUrl) return openPostgresEngines(config.databaseUrl, config.databaseSchema)
  return openSqliteEngines(config.dataDir, log)
}
