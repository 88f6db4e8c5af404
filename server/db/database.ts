import type { Column, Table } from 'drizzle-orm'
import type { Generated } from 'kysely'
import type * as schema from './schema.ts'

/**
 * The Kysely view of the app's tables, derived from the Drizzle SQLite schema (schema.ts stays
 * the one source of truth; migrations come from it and its PostgreSQL mirror, pg/appSchema.ts).
 * Keys are the schema's export names and column keys (camelCase); Kysely's CamelCasePlugin
 * maps them to the snake_case SQL names (tests/unit/databaseNaming.test.ts checks every table
 * and column maps exactly). Value types are what the drivers return on BOTH engines, not
 * Drizzle's modes: booleans are integers 0/1, JSON columns are text ({@link JsonText}),
 * epoch-ms integers are numbers, blobs are Buffers. Columns with a SQL default or
 * AUTOINCREMENT are `Generated` (optional on insert); nullable columns are `| null`.
 */

declare const jsonValue: unique symbol

/** A JSON column's stored text, branded with the value it holds (read with {@link parseJson}). */
export type JsonText<T> = string & { readonly [jsonValue]: T }

/** The value a JSON column's text holds. */
export function parseJson<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T
}

/** A value as a JSON column stores it (the same text Drizzle's JSON mode writes). */
export function toJsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>
}

/** What the drivers return for a column of this Drizzle type, null aside. */
type StoredValue<C extends Column> = C['_']['dataType'] extends 'boolean'
  ? number
  : C['_']['dataType'] extends 'json'
    ? JsonText<C['_']['data']>
    : C['_']['data']

/** The value with `null` when the column is nullable. */
type NullableValue<C extends Column> = C['_']['notNull'] extends true
  ? StoredValue<C>
  : StoredValue<C> | null

/** A column as Kysely sees it: generated when the database fills it in. */
type KyselyColumn<C extends Column> = C['_']['hasDefault'] extends true
  ? C['_']['hasRuntimeDefault'] extends true
    ? NullableValue<C>
    : Generated<NullableValue<C>>
  : NullableValue<C>

/** A Drizzle table's row as Kysely sees it. */
type KyselyTable<T extends Table> = {
  [K in keyof T['_']['columns']]: T['_']['columns'][K] extends Column
    ? KyselyColumn<T['_']['columns'][K]>
    : never
}

/** The schema module's exports that are tables. */
type SchemaTables = {
  [K in keyof typeof schema as (typeof schema)[K] extends Table ? K : never]: (typeof schema)[K]
}

/** The app's tables for Kysely, keyed like the Drizzle schema (camelCase). */
export type Database = {
  [K in keyof SchemaTables]: SchemaTables[K] extends Table ? KyselyTable<SchemaTables[K]> : never
}
