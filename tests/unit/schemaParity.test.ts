import { getTableName, is, SQL } from 'drizzle-orm'
import { PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core'
import { SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as pgSchema from '../../server/db/pg/schema.ts'
import * as sqliteSchema from '../../server/db/schema.ts'

/** The SQLite and PostgreSQL schemas declare the same tables, keys, indexes and references. */

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>

const sqliteTables = new Map<string, SQLiteTable>()
for (const value of Object.values(sqliteSchema)) {
  if (is(value, SQLiteTable)) sqliteTables.set(getTableName(value), value)
}
const pgTables = new Map<string, PgTable>()
for (const value of Object.values(pgSchema)) {
  if (is(value, PgTable)) pgTables.set(getTableName(value), value)
}

/**
 * Tables only the PostgreSQL schema declares: the library search index, which SQLite keeps in
 * FTS5 tables created by LibrarySearchIndex.ensure() instead (PostgresLibrarySearch.ts).
 */
const PG_ONLY_TABLES = new Set(['library_search'])

/** SQLite storage type → the PostgreSQL types that keep its values. */
const TYPE_MAP: Record<string, string[]> = {
  integer: ['integer', 'bigint', 'serial', 'bigserial'],
  text: ['text'],
  blob: ['bytea'],
}

/** A column default as a comparable value: SQLite booleans are stored 0/1. */
function defaultOf(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (is(value, SQL)) return 'sql'
  return value
}

function columnsOf(config: Config) {
  return config.columns
    .map((column) => ({
      name: column.name,
      notNull: column.notNull,
      primary: column.primary,
      unique: column.isUnique,
      default: defaultOf(column.default),
      hasDefaultFn: column.defaultFn !== undefined,
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

function primaryKeysOf(config: Config) {
  return config.primaryKeys.map((key) => key.columns.map((column) => column.name))
}

function indexesOf(config: Config) {
  return config.indexes
    .map((index) => ({
      name: index.config.name,
      unique: index.config.unique,
      columns: index.config.columns.map((column) =>
        'name' in column && typeof column.name === 'string' ? column.name : 'expression',
      ),
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
}

function foreignKeysOf(config: Config) {
  return config.foreignKeys
    .map((key) => {
      const reference = key.reference()
      return {
        columns: reference.columns.map((column) => column.name),
        foreignTable: getTableName(reference.foreignTable),
        foreignColumns: reference.foreignColumns.map((column) => column.name),
        onDelete: key.onDelete ?? 'no action',
        onUpdate: key.onUpdate ?? 'no action',
      }
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()))
}

function uniqueConstraintsOf(config: Config) {
  return config.uniqueConstraints.map((unique) => ({
    name: unique.name,
    columns: unique.columns.map((column) => column.name),
  }))
}

describe('PostgreSQL schema mirrors the SQLite schema', () => {
  it('declares the same tables', () => {
    const shared = [...pgTables.keys()].filter((name) => !PG_ONLY_TABLES.has(name))
    expect(shared.sort()).toEqual([...sqliteTables.keys()].sort())
    for (const name of PG_ONLY_TABLES) expect(pgTables.has(name), name).toBe(true)
    expect(sqliteTables.size).toBeGreaterThan(20)
  })

  for (const [name, sqliteTable] of sqliteTables) {
    describe(name, () => {
      const sqlite = sqliteTableConfig(sqliteTable)
      const pgTable = pgTables.get(name)
      const pg = pgTable ? pgTableConfig(pgTable) : undefined

      it('has the same columns, keys and defaults', () => {
        expect(pg && columnsOf(pg)).toEqual(columnsOf(sqlite))
        expect(pg && primaryKeysOf(pg)).toEqual(primaryKeysOf(sqlite))
        expect(pg && uniqueConstraintsOf(pg)).toEqual(uniqueConstraintsOf(sqlite))
      })

      it('has the same indexes and foreign keys', () => {
        expect(pg && indexesOf(pg)).toEqual(indexesOf(sqlite))
        expect(pg && foreignKeysOf(pg)).toEqual(foreignKeysOf(sqlite))
      })

      it('stores every column in a type that keeps SQLite values', () => {
        for (const column of sqlite.columns) {
          const mirror = pg?.columns.find((candidate) => candidate.name === column.name)
          const sqliteType = column.getSQLType()
          const pgType = mirror?.getSQLType()
          expect({ column: column.name, ok: TYPE_MAP[sqliteType]?.includes(pgType ?? '') }).toEqual(
            { column: column.name, ok: true },
          )
          // Epoch milliseconds overflow a 32-bit integer.
          if (/(^|_)at$/.test(column.name))
            expect({ column: column.name, pgType }).toEqual({
              column: column.name,
              pgType: 'bigint',
            })
          // AUTOINCREMENT ids come from a sequence on PostgreSQL.
          const autoIncrement = 'autoIncrement' in column && column.autoIncrement === true
          expect({ column: column.name, serial: /serial$/.test(pgType ?? '') }).toEqual({
            column: column.name,
            serial: autoIncrement,
          })
        }
      })
    })
  }
})
