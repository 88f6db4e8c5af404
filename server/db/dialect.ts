import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely'
import type { JsonText } from './database.ts'
import { type AppKysely, engineOf } from './kysely.ts'

/**
 * Where SQLite and PostgreSQL differ and the app needs it: typed helpers that emit each
 * engine's own SQL through Kysely's `sql` — chosen by the engine of the Kysely database they are
 * given, never by rewriting SQL text. Everything else is plain Kysely and compiles natively on
 * both (`nulls first/last` included: write NULL ordering explicitly where it matters, the
 * engines' defaults differ). Numbers: `count`, `sum` and bigint columns come back as JS numbers
 * on both engines (the PostgreSQL executor parses int8/numeric per query), so type aggregates
 * as `number` (`eb.fn.countAll<number>()`).
 */

/** The characters LIKE treats specially, escaped with a backslash (see {@link likeInsensitive}). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/**
 * `expr LIKE pattern`, case-insensitive on both engines, with `\` as the escape character
 * (use {@link escapeLike} for user text). SQLite's LIKE folds ASCII letters only; PostgreSQL's
 * ILIKE folds every letter its locale knows: results agree for ASCII and for CJK, which has no
 * case, but may differ for other cased scripts (É/é, Cyrillic).
 */
export function likeInsensitive(
  db: AppKysely,
  expr: Expression<string | null>,
  pattern: string,
): RawBuilder<SqlBool> {
  return engineOf(db) === 'postgres'
    ? sql<SqlBool>`${expr} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${expr} like ${pattern} escape '\\'`
}

/** Whether `expr` contains `text`, case-insensitively (see {@link likeInsensitive}). */
export function containsInsensitive(
  db: AppKysely,
  expr: Expression<string | null>,
  text: string,
): RawBuilder<SqlBool> {
  return likeInsensitive(db, expr, `%${escapeLike(text)}%`)
}

/** Minutes east of UTC as a SQL literal (an integer, so the same text in select and group by). */
function offsetMs(utcOffsetMinutes: number): RawBuilder<number> {
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 24 * 60)
    throw new Error(`bad UTC offset ${utcOffsetMinutes}`)
  return sql.lit(utcOffsetMinutes * 60_000)
}

/**
 * The calendar day of an epoch-ms timestamp as `YYYY-MM-DD`, at a fixed offset from UTC
 * (480 for China Standard Time). The offset is inlined, so grouping by the same call matches
 * the selected expression on PostgreSQL.
 */
export function dayOf(
  db: AppKysely,
  epochMs: Expression<number>,
  utcOffsetMinutes = 0,
): RawBuilder<string> {
  const offset = offsetMs(utcOffsetMinutes)
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char(to_timestamp((${epochMs} + ${offset}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`date((${epochMs} + ${offset}) / 1000, 'unixepoch')`
}

/** The Monday (ISO week start) of an epoch-ms timestamp's week as `YYYY-MM-DD` (see {@link dayOf}). */
export function weekOf(
  db: AppKysely,
  epochMs: Expression<number>,
  utcOffsetMinutes = 0,
): RawBuilder<string> {
  const offset = offsetMs(utcOffsetMinutes)
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char(date_trunc('week', to_timestamp((${epochMs} + ${offset}) / 1000.0) at time zone 'UTC'), 'YYYY-MM-DD')`
    : sql<string>`date((${epochMs} + ${offset}) / 1000, 'unixepoch', 'weekday 0', '-6 days')`
}

/**
 * The values of a group joined by `separator` in the order of `orderBy` (`group_concat` on
 * SQLite, `string_agg` on PostgreSQL); null for a group without non-null values.
 */
export function stringAgg(
  db: AppKysely,
  value: Expression<string | null>,
  separator: string,
  orderBy: Expression<unknown>,
): RawBuilder<string | null> {
  return engineOf(db) === 'postgres'
    ? sql<string | null>`string_agg(${value}, ${separator} order by ${orderBy})`
    : sql<string | null>`group_concat(${value}, ${separator} order by ${orderBy})`
}

/** The number of items of a JSON array column (stored as text on both engines). */
export function jsonArrayLength(
  db: AppKysely,
  json: Expression<JsonText<readonly unknown[]>>,
): RawBuilder<number> {
  return engineOf(db) === 'postgres'
    ? sql<number>`json_array_length(${json}::json)`
    : sql<number>`json_array_length(${json})`
}

/** Codes of a violated unique or primary key: SQLite's and PostgreSQL's. */
const UNIQUE_VIOLATION_CODES = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  '23505',
])

/**
 * Whether a statement failed on a unique or primary key, on either engine (the errors carry
 * the driver's code).
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    UNIQUE_VIOLATION_CODES.has(error.code)
  )
}
