import { getTableColumns, getTableName, is } from 'drizzle-orm'
import { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { CamelCasePlugin, type Generated } from 'kysely'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Database, JsonText } from '../../server/db/database.ts'
import { parseJson, toJsonText } from '../../server/db/database.ts'
import * as schema from '../../server/db/schema.ts'

/** Kysely's own name conversions (the plugin keeps them protected). */
class Names extends CamelCasePlugin {
  toSql(name: string): string {
    return this.snakeCase(name)
  }
  toKey(name: string): string {
    return this.camelCase(name)
  }
}

const names = new Names()
const tables = Object.entries(schema).flatMap(([key, value]) =>
  is(value, SQLiteTable) ? [{ key, table: value }] : [],
)

describe('the Kysely Database type derived from the Drizzle schema', () => {
  it('covers every table of the schema', () => {
    expect(tables.length).toBeGreaterThan(20)
  })

  it('maps every table key to its SQL name and back with the CamelCasePlugin', () => {
    for (const { key, table } of tables) {
      expect({ key, sql: names.toSql(key) }).toEqual({ key, sql: getTableName(table) })
      expect(names.toKey(getTableName(table))).toBe(key)
    }
  })

  it('maps every column key to its SQL name and back with the CamelCasePlugin', () => {
    for (const { key: tableKey, table } of tables) {
      for (const [key, column] of Object.entries(getTableColumns(table))) {
        const where = `${tableKey}.${key}`
        expect({ where, sql: names.toSql(key) }).toEqual({ where, sql: column.name })
        expect({ where, key: names.toKey(column.name) }).toEqual({ where, key })
      }
    }
  })

  it('has no JavaScript-side defaults, which Kysely would not apply', () => {
    for (const { key: tableKey, table } of tables) {
      for (const [key, column] of Object.entries(getTableColumns(table))) {
        expect({ column: `${tableKey}.${key}`, runtime: column.defaultFn ?? null }).toEqual({
          column: `${tableKey}.${key}`,
          runtime: null,
        })
      }
    }
  })

  it('types columns as the drivers return them on both engines', () => {
    expectTypeOf<Database['users']['disabled']>().toEqualTypeOf<Generated<number>>()
    expectTypeOf<Database['users']['role']>().toEqualTypeOf<
      'teacher' | 'school_admin' | 'alliance_admin'
    >()
    expectTypeOf<Database['libraryEntries']['keywords']>().toEqualTypeOf<JsonText<string[]>>()
    expectTypeOf<Database['auditLog']['details']>().toEqualTypeOf<JsonText<
      Record<string, unknown>
    > | null>()
    expectTypeOf<Database['documents']['deletedAt']>().toEqualTypeOf<number | null>()
    expectTypeOf<Database['documents']['status']>().toEqualTypeOf<
      Generated<'draft' | 'discussion' | 'final' | 'archived'>
    >()
    expectTypeOf<Database['documentUpdates']['seq']>().toEqualTypeOf<Generated<number>>()
    expectTypeOf<Database['documentUpdates']['data']>().toEqualTypeOf<Buffer>()
    expectTypeOf<Database['notifications']['readAt']>().toEqualTypeOf<number | null>()
  })

  it('reads and writes JSON text as Drizzle does', () => {
    const text = toJsonText(['一元一次方程', 'x'])
    expect(text).toBe(JSON.stringify(['一元一次方程', 'x']))
    expect(parseJson(text)).toEqual(['一元一次方程', 'x'])
  })
})
