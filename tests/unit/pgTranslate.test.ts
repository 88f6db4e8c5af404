import { describe, expect, it } from 'vitest'
import { SqliteOnlySqlError, translateSqliteToPostgres } from '../../server/db/pgTranslate.ts'

/** Rewrites of Drizzle's SQLite-dialect SQL for PostgreSQL. */
describe('translateSqliteToPostgres', () => {
  const t = (sql: string, params: unknown[] = [], identity = new Map<string, string>()) =>
    translateSqliteToPostgres(sql, params, identity)

  it('numbers placeholders, never inside literals, identifiers or comments', () => {
    expect(
      t(`select '?', "a?""b", ? /* ? */ from "t" where "x" = ? -- ?\n and y = 'it''s ?'`, [1, 2]),
    ).toEqual({
      text: `select '?', "a?""b", $1   from "t" where "x" = $2  \n and y = 'it''s ?'`,
      values: [1, 2],
    })
  })

  it('checks the parameter count', () => {
    expect(() => t('select ?', [])).toThrow(/1 placeholders but 0 parameters/)
  })

  it('gives order by terms SQLite NULL placement', () => {
    expect(
      t('select 1 from "t" order by "t"."a" desc, coalesce(("b"), 0), "c" asc limit ?', [5]).text,
    ).toBe(
      'select 1 from "t" order by "t"."a" desc nulls last, coalesce(("b"), 0) nulls first, "c" asc nulls first limit $1',
    )
    expect(t('select 1 order by "a" nulls last').text).toBe('select 1 order by "a" nulls last')
  })

  it('makes like case-insensitive without an escape character unless one is named', () => {
    expect(t('select 1 where "t"."a" like ?', ['%x%']).text).toBe(
      `select 1 where "t"."a" ilike $1 escape ''`,
    )
    expect(t(`select 1 where "a" not like ? escape '\\'`, ['x']).text).toBe(
      `select 1 where "a" not ilike $1 escape '\\'`,
    )
    expect(() => t(`select 1 where "a" like '%' || ?`, ['x'])).toThrow(SqliteOnlySqlError)
  })

  it('inserts default for null identity values and unqualifies conflict targets', () => {
    const identity = new Map([['audit_log', 'id']])
    expect(
      t(
        'insert into "audit_log" ("id", "at", "ip") values (null, ?, null), (?, ?, null) on conflict ("audit_log"."id") do nothing',
        [1, 7, 2],
        identity,
      ).text,
    ).toBe(
      'insert into "audit_log" ("id", "at", "ip") values (default, $1, null), ($2, $3, null) on conflict ("id") do nothing',
    )
  })

  it('turns a negative limit into limit all and ifnull into coalesce', () => {
    expect(t('select ifnull("a", 0) from "t" limit ? offset ?', [-1, 10])).toEqual({
      text: 'select coalesce("a", 0) from "t" limit all offset $1',
      values: [10],
    })
  })

  it('refuses SQLite-only SQL', () => {
    for (const sql of [
      'begin',
      'commit',
      'insert or ignore into "t" values (1)',
      'select group_concat("a") from "t"',
      'select max("a", "b") from "t"',
      'select 1 from "t" where "a" glob ?',
      'select 1 from "t" order by "a" collate nocase',
      'select rowid from "t"',
      'select ?1',
      'select :name',
    ])
      expect(() => t(sql, sql.includes('?') && !sql.includes('?1') ? ['x'] : [])).toThrow(
        SqliteOnlySqlError,
      )
    expect(t('select max("a") from "t"').text).toBe('select max("a") from "t"')
  })
})
