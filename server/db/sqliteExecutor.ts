import { AsyncLocalStorage } from 'node:async_hooks'
import type Database from 'better-sqlite3'
import type { NativeQuery, NativeResult, SqlExecutor } from './executor.ts'

/** One open transaction: statements of its async context run inside it. */
interface OpenTransaction {
  open: boolean
  /** Depth of nested `transaction` calls (savepoints). */
  depth: number
}

/** Prepared statements kept (the oldest is dropped first). */
const STATEMENT_CACHE_SIZE = 500

function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

/**
 * An {@link SqlExecutor} over the better-sqlite3 connection (opened by `openSqlite`).
 *
 * better-sqlite3 is synchronous but transaction work is asynchronous: a transaction holds an
 * async mutex from `BEGIN IMMEDIATE` to `COMMIT`/`ROLLBACK`, and every statement issued outside
 * it waits for the mutex, so nothing else ever runs inside an open transaction. Statements and
 * nested `transaction` calls issued from within the transaction's own async context (tracked with
 * AsyncLocalStorage) run inside it directly; a nested transaction is a SAVEPOINT, rolled back to
 * alone when its work throws.
 *
 * The synchronous document store shares the connection without the mutex: a store write made
 * while a metadata transaction is open would join it (and roll back with it). Queries inside a
 * transaction resolve in microtasks, so this only happens when `work` awaits something else
 * (I/O, timers): keep transaction work to its queries.
 */
export class SqliteExecutor implements SqlExecutor {
  readonly engine = 'sqlite'
  private readonly statements = new Map<string, Database.Statement>()
  private readonly current = new AsyncLocalStorage<OpenTransaction>()
  /** Resolves when the last queued transaction has finished. */
  private tail: Promise<void> = Promise.resolve()
  private savepoints = 0

  constructor(private readonly connection: Database.Database) {}

  readonly native: NativeQuery = async (sql, params) => {
    const inside = this.current.getStore()
    if (!inside?.open) await this.idle()
    return this.executeNative(sql, params)
  }

  async transaction<T>(work: (native: NativeQuery) => Promise<T>): Promise<T> {
    const inside = this.current.getStore()
    if (inside?.open) return this.savepoint(inside, work)
    const previous = this.tail
    let release = (): void => {}
    this.tail = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    const state: OpenTransaction = { open: true, depth: 0 }
    try {
      this.connection.exec('BEGIN IMMEDIATE')
      let result: T
      try {
        result = await this.current.run(state, () => work(this.insideNative))
      } catch (error) {
        state.open = false
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK')
        throw error
      }
      state.open = false
      try {
        this.connection.exec('COMMIT')
      } catch (error) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK')
        throw error
      }
      return result
    } finally {
      state.open = false
      release()
    }
  }

  async close(): Promise<void> {
    await this.idle()
    this.statements.clear()
  }

  /** Waits until no transaction is open or queued. */
  private async idle(): Promise<void> {
    let seen: Promise<void> | undefined
    while (seen !== this.tail) {
      seen = this.tail
      await seen
    }
  }

  /** A statement of the open transaction (refused once it ended). */
  private readonly insideNative: NativeQuery = (sql, params) => {
    const inside = this.current.getStore()
    if (!inside?.open) {
      return Promise.reject(new Error('query of a transaction that has already ended'))
    }
    return Promise.resolve(this.executeNative(sql, params))
  }

  private async savepoint<T>(
    state: OpenTransaction,
    work: (native: NativeQuery) => Promise<T>,
  ): Promise<T> {
    this.savepoints += 1
    const name = `sp_${this.savepoints}`
    this.connection.exec(`SAVEPOINT ${name}`)
    state.depth += 1
    try {
      const result = await work(this.insideNative)
      this.connection.exec(`RELEASE ${name}`)
      return result
    } catch (error) {
      if (state.open) {
        this.connection.exec(`ROLLBACK TO ${name}`)
        this.connection.exec(`RELEASE ${name}`)
      }
      throw error
    } finally {
      state.depth -= 1
    }
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.connection.prepare(sql)
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value
        if (oldest !== undefined) this.statements.delete(oldest)
      }
      this.statements.set(sql, statement)
    }
    return statement
  }

  /** A native statement: rows as objects (column names as keys), or the count of changes. */
  private executeNative(sql: string, params: readonly unknown[]): NativeResult {
    const statement = this.prepared(sql)
    const values = params.map(bindable)
    if (!statement.reader) return { rows: [], changes: statement.run(values).changes }
    return { rows: statement.all(values) as Record<string, unknown>[] }
  }
}
