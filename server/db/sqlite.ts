import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema.ts'

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url))

/** The Drizzle database over better-sqlite3, with the app schema. */
export type SqliteDb = BetterSQLite3Database<typeof schema>

/** An open, migrated SQLite database and its raw connection. */
export interface SqliteHandle {
  db: SqliteDb
  connection: Database.Database
  file: string
}

/**
 * WAL pages after which a commit checkpoints them into the database file (SQLite's default is
 * 1000). A checkpoint syncs both files and blocks this (single) thread: with one commit per
 * keystroke batch, the default meant one every second or so while people type, each a latency
 * spike. 8192 pages (32 MiB) checkpoints about ten times less often and writes a hot page
 * (the log's last leaf, its index, sqlite_sequence) to the database file that much less often.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 8192

/**
 * The automatic checkpoint when a WalCheckpointer thread does the checkpoints: only a backstop
 * (128 MiB of WAL), reached should that thread fall behind.
 */
export const WAL_BACKSTOP_CHECKPOINT_PAGES = 4 * WAL_AUTOCHECKPOINT_PAGES

/** Largest WAL file kept after a checkpoint reset it (bytes). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

/**
 * Opens (creating if needed) `<dataDir>/jibei.db` in WAL mode and applies pending migrations.
 * With `backgroundCheckpoints`, a WalCheckpointer is expected to checkpoint the WAL.
 * `synchronous=NORMAL` in WAL mode keeps every committed transaction across a crash of the
 * process; only a power loss can drop the last transactions.
 */
export function openSqlite(
  dataDir: string,
  options: { backgroundCheckpoints?: boolean } = {},
): SqliteHandle {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'jibei.db')
  const connection = new Database(file)
  // Only takes effect on a new file; lets close() hand the pages of compacted logs back.
  connection.pragma('auto_vacuum = INCREMENTAL')
  connection.pragma('journal_mode = WAL')
  connection.pragma('synchronous = NORMAL')
  const autocheckpoint = options.backgroundCheckpoints
    ? WAL_BACKSTOP_CHECKPOINT_PAGES
    : WAL_AUTOCHECKPOINT_PAGES
  connection.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
  connection.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
  connection.pragma('busy_timeout = 5000')
  connection.pragma('foreign_keys = ON')
  const db = drizzle(connection, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
  return { db, connection, file }
}

/** Checkpoints the WAL into the main file, returns free pages to the OS, and closes. */
export function closeSqlite(handle: SqliteHandle): void {
  if (!handle.connection.open) return
  handle.connection.pragma('incremental_vacuum')
  handle.connection.pragma('wal_checkpoint(TRUNCATE)')
  handle.connection.close()
}
