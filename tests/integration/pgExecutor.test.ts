import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { and, asc, count, desc, eq, inArray, isNull, like, min, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppDb, createAppDb, inTransaction, type SqlExecutor } from '../../server/db/appDb.ts'
import { ConstraintError, openPostgresApp, type PostgresApp } from '../../server/db/pgExecutor.ts'
import { SqliteOnlySqlError } from '../../server/db/pgTranslate.ts'
import {
  auditLog,
  documents,
  groupMembers,
  groups,
  libraryEntries,
  libraryReviews,
  librarySettings,
  libraryVersions,
  schools,
  sessionAttendance,
  users,
} from '../../server/db/schema.ts'
import { closeSqlite, openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { createTestPostgres, DATABASE_URL, type TestPostgres } from '../helpers/postgres.ts'
import { createSqliteTestExecutor } from '../helpers/sqliteTestExecutor.ts'

const T0 = 1_750_000_000_000

/** The driver's error under Drizzle's "Failed query" wrapper. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined
    if (cause instanceof Error) return cause
    if (error instanceof Error) return error
  }
  throw new Error('expected a failure')
}

/** The same rows on both engines. */
async function seed(db: AppDb): Promise<void> {
  await db.insert(schools).values([
    { id: 's1', name: '第一中学', createdAt: T0 },
    { id: 's2', name: 'Second School', createdAt: T0 + 1 },
  ])
  await db.insert(users).values([
    {
      id: 'u1',
      username: 'wang',
      displayName: '王老师',
      schoolId: 's1',
      role: 'teacher',
      passwordHash: 'h1',
      createdAt: T0,
      updatedAt: T0,
    },
    {
      id: 'u2',
      username: 'li',
      displayName: 'Li',
      schoolId: 's2',
      role: 'school_admin',
      language: 'en',
      passwordHash: 'h2',
      disabled: true,
      createdAt: T0 + 5,
      updatedAt: T0 + 5,
    },
    {
      id: 'u3',
      username: 'zhao',
      displayName: 'Zhao',
      schoolId: 's1',
      role: 'alliance_admin',
      passwordHash: 'h3',
      createdAt: T0 + 9,
      updatedAt: T0 + 9,
    },
  ])
  await db
    .insert(groups)
    .values({ id: 'g1', name: '数学组', subject: '数学', grade: '七年级', createdAt: T0 })
  await db.insert(groupMembers).values([
    { groupId: 'g1', userId: 'u1', role: 'lead', createdAt: T0 },
    { groupId: 'g1', userId: 'u2', role: 'member', createdAt: T0 + 1 },
  ])
  const base = { schoolId: 's1', kind: 'lesson_plan', visibility: 'group' } as const
  await db.insert(documents).values([
    {
      ...base,
      id: 'd1',
      ownerId: 'u1',
      groupId: 'g1',
      title: 'Fractions 50% off',
      createdAt: T0,
      updatedAt: T0 + 30,
    },
    {
      ...base,
      id: 'd2',
      ownerId: 'u1',
      title: 'fractions, part 2',
      createdAt: T0,
      updatedAt: T0 + 20,
    },
    {
      ...base,
      id: 'd3',
      ownerId: 'u3',
      title: '分数的意义',
      subject: '数学',
      createdAt: T0,
      updatedAt: T0 + 40,
      deletedAt: T0 + 50,
    },
    {
      ...base,
      id: 'd4',
      ownerId: 'u3',
      groupId: 'g1',
      title: 'Decimals_1',
      createdAt: T0,
      updatedAt: T0 + 10,
      adaptedFromEntryId: 'e1',
      adaptedFromVersion: 1,
    },
  ])
  await db.insert(libraryEntries).values({
    id: 'e1',
    sourceDocumentId: 'd1',
    publisherId: 'u1',
    schoolId: 's1',
    title: 'Fractions',
    subject: '数学',
    grade: '七年级',
    textbookEdition: '人教版',
    unit: '1',
    lesson: '1',
    keywords: ['分数', 'fractions'],
    authors: [{ name: '王老师', school: '第一中学' }],
    licence: 'CC-BY',
    status: 'published',
    latestVersion: 1,
    createdAt: T0,
    updatedAt: T0,
  })
  await db.insert(libraryVersions).values({
    entryId: 'e1',
    version: 1,
    state: Buffer.from([0, 1, 2, 255, 0, 127]),
    json: { type: 'doc', content: [{ type: 'paragraph', text: '引号 "x" \'y\' ?' }] },
    text: 'text with ? and $1',
    publishedBy: 'u1',
    publishedAt: T0,
  })
  await db.insert(libraryReviews).values([
    { entryId: 'e1', userId: 'u2', stars: 4, comment: 'ok', createdAt: T0, updatedAt: T0 },
    { entryId: 'e1', userId: 'u3', stars: 5, comment: 'good?', createdAt: T0, updatedAt: T0 },
  ])
}

const ratingOf = sql<
  number | null
>`(select avg(${libraryReviews.stars}) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const reviewCountOf = sql<number>`(select count(*) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const adaptationsOf = sql<number>`(select count(*) from ${documents} where ${documents.adaptedFromEntryId} = ${libraryEntries.id} and ${documents.deletedAt} is null)`

describe.skipIf(!DATABASE_URL)('AppDb on PostgreSQL answers like on SQLite', () => {
  let dir: string
  let sqlite: SqliteHandle
  let sqliteExecutor: SqlExecutor
  let sqliteReader: SqlExecutor
  let testPg: TestPostgres
  let app: PostgresApp
  const engines: Array<{ name: string; executor: () => SqlExecutor; outside: () => SqlExecutor }> =
    []

  /** Runs `query` on both engines and expects the same answer; returns it. */
  async function same<T>(query: (db: AppDb) => Promise<T>): Promise<T> {
    const onSqlite = await query(createAppDb(sqliteExecutor))
    const onPostgres = await query(createAppDb(app.executor))
    expect(onPostgres).toEqual(onSqlite)
    return onSqlite
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-pgexec-'))
    sqlite = openSqlite(dir)
    sqliteExecutor = createSqliteTestExecutor(sqlite.connection)
    sqliteReader = createSqliteTestExecutor(new Database(sqlite.file))
    testPg = await createTestPostgres(DATABASE_URL as string)
    // Opens the migrated schema again through the app's entry point.
    app = await openPostgresApp(DATABASE_URL as string, { schemaName: testPg.schemaName })
    engines.push(
      { name: 'sqlite', executor: () => sqliteExecutor, outside: () => sqliteReader },
      { name: 'postgres', executor: () => app.executor, outside: () => app.executor },
    )
    await seed(createAppDb(sqliteExecutor))
    await seed(createAppDb(app.executor))
  })

  afterAll(async () => {
    await sqliteReader?.close()
    if (sqlite) closeSqlite(sqlite)
    await app?.executor.close()
    await testPg?.drop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('selects with joins, filters, order, limit and offset', async () => {
    const rows = await same((db) =>
      db
        .select({
          id: documents.id,
          title: documents.title,
          owner: users.displayName,
          group: groups.name,
          deletedAt: documents.deletedAt,
        })
        .from(documents)
        .innerJoin(users, eq(users.id, documents.ownerId))
        .leftJoin(groups, eq(groups.id, documents.groupId))
        .where(inArray(documents.ownerId, ['u1', 'u3']))
        .orderBy(desc(documents.updatedAt))
        .limit(3)
        .offset(1),
    )
    expect(rows.map((row) => row.id)).toEqual(['d1', 'd2', 'd4'])
    expect(rows[1]?.group).toBeNull()
  })

  it('sorts NULLs as SQLite does, ascending and descending', async () => {
    const ascending = await same((db) =>
      db.select({ id: documents.id }).from(documents).orderBy(asc(documents.groupId), documents.id),
    )
    expect(ascending.map((row) => row.id)).toEqual(['d2', 'd3', 'd1', 'd4'])
    await same((db) =>
      db
        .select({ id: documents.id })
        .from(documents)
        .orderBy(desc(documents.deletedAt), desc(documents.id)),
    )
  })

  it('answers undefined from get() when there is no row', async () => {
    const none = await same((db) => db.select().from(users).where(eq(users.id, 'nobody')).get())
    expect(none).toBeUndefined()
    const one = await same((db) => db.select().from(users).where(eq(users.id, 'u2')).get())
    expect(one?.disabled).toBe(true)
  })

  it('maps boolean columns both ways', async () => {
    const enabled = await same((db) =>
      db.select({ id: users.id }).from(users).where(eq(users.disabled, false)).orderBy(users.id),
    )
    expect(enabled.map((row) => row.id)).toEqual(['u1', 'u3'])
    await same((db) =>
      db
        .update(users)
        .set({ disabled: false, updatedAt: T0 + 100 })
        .where(eq(users.id, 'u2')),
    )
    const all = await same((db) =>
      db
        .select({ id: users.id, disabled: users.disabled, language: users.language })
        .from(users)
        .orderBy(users.id),
    )
    expect(all.every((row) => row.disabled === false)).toBe(true)
  })

  it('round-trips JSON columns and blobs', async () => {
    const version = await same((db) =>
      db.select().from(libraryVersions).where(eq(libraryVersions.entryId, 'e1')).get(),
    )
    expect(Buffer.isBuffer(version?.state)).toBe(true)
    expect([...(version?.state ?? [])]).toEqual([0, 1, 2, 255, 0, 127])
    expect(version?.text).toBe('text with ? and $1')
    const entry = await same((db) =>
      db
        .select({ keywords: libraryEntries.keywords, authors: libraryEntries.authors })
        .from(libraryEntries)
        .get(),
    )
    expect(entry?.keywords).toEqual(['分数', 'fractions'])
  })

  it('computes count and avg with the same types', async () => {
    const listed = await same((db) =>
      db
        .select({
          id: libraryEntries.id,
          schoolName: schools.name,
          rating: ratingOf,
          reviewCount: reviewCountOf,
          adaptations: adaptationsOf,
          halfViews: sql<number>`(${libraryEntries.latestVersion} + 2) / 2`,
        })
        .from(libraryEntries)
        .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
        .where(and(eq(libraryEntries.status, 'published'), sql`coalesce(${ratingOf}, 0) >= ${4}`))
        .orderBy(desc(sql`coalesce(${ratingOf}, 0)`), desc(libraryEntries.updatedAt))
        .limit(50)
        .offset(0),
    )
    expect(listed).toEqual([
      {
        id: 'e1',
        schoolName: '第一中学',
        rating: 4.5,
        reviewCount: 2,
        adaptations: 1,
        halfViews: 1,
      },
    ])
    const counted = await same(async (db) => ({
      n: (await db.select({ n: count() }).from(documents).get())?.n,
      perOwner: await db
        .select({
          ownerId: documents.ownerId,
          n: sql<number>`count(*)`,
          first: min(documents.updatedAt),
        })
        .from(documents)
        .groupBy(documents.ownerId)
        .orderBy(documents.ownerId),
    }))
    expect(counted.n).toBe(4)
    expect(counted.perOwner).toEqual([
      { ownerId: 'u1', n: 2, first: T0 + 20 },
      { ownerId: 'u3', n: 2, first: T0 + 10 },
    ])
  })

  it('matches like patterns as SQLite does (case, wildcards, explicit escape)', async () => {
    const titles = (pattern: string) => (db: AppDb) =>
      db
        .select({ id: documents.id })
        .from(documents)
        .where(like(documents.title, pattern))
        .orderBy(documents.id)
    expect(await same(titles('%FRACTIONS%'))).toEqual([{ id: 'd1' }, { id: 'd2' }])
    expect(await same(titles('%分数%'))).toEqual([{ id: 'd3' }])
    // No escape character unless one is named: a backslash is an ordinary character.
    expect(await same(titles('%50\\%%'))).toEqual([])
    const escaped = await same((db) =>
      db
        .select({ id: documents.id })
        .from(documents)
        .where(sql`${documents.title} like ${'%50\\% off'} escape '\\'`),
    )
    expect(escaped).toEqual([{ id: 'd1' }])
    const underscore = await same((db) =>
      db
        .select({ id: documents.id })
        .from(documents)
        .where(sql`${documents.title} like ${'%s\\_1'} escape '\\'`),
    )
    expect(underscore).toEqual([{ id: 'd4' }])
    const upper = await same((db) =>
      db
        .select({ t: sql<string>`upper(${documents.title})` })
        .from(documents)
        .where(eq(documents.id, 'd2'))
        .get(),
    )
    expect(upper?.t).toBe('FRACTIONS, PART 2')
  })

  it('upserts with onConflictDoUpdate and setWhere', async () => {
    const upsert = (stars: number, at: number) => (db: AppDb) =>
      db
        .insert(libraryReviews)
        .values({
          entryId: 'e1',
          userId: 'u2',
          stars,
          comment: `now ${stars}`,
          createdAt: at,
          updatedAt: at,
        })
        .onConflictDoUpdate({
          target: [libraryReviews.entryId, libraryReviews.userId],
          set: {
            stars: sql`excluded.stars`,
            comment: sql`excluded.comment`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`excluded.updated_at > ${libraryReviews.updatedAt}`,
        })
        .returning({ stars: libraryReviews.stars, updatedAt: libraryReviews.updatedAt })
    expect(await same(upsert(2, T0 + 10))).toEqual([{ stars: 2, updatedAt: T0 + 10 }])
    // Older: the where clause keeps the row, nothing is returned.
    expect(await same(upsert(3, T0 + 5))).toEqual([])
    const settings = (requireReview: boolean) => (db: AppDb) =>
      db
        .insert(librarySettings)
        .values({ id: 1, requireReview, reviewerIds: ['u3'], updatedAt: T0 })
        .onConflictDoUpdate({
          target: librarySettings.id,
          set: { requireReview, reviewerIds: ['u1', 'u3'] },
        })
        .returning()
    expect(await same(settings(false))).toEqual([
      { id: 1, requireReview: false, reviewerIds: ['u3'], updatedBy: null, updatedAt: T0 },
    ])
    expect((await same(settings(true)))[0]?.requireReview).toBe(true)
    await same((db) =>
      db
        .update(libraryEntries)
        .set({ viewCount: sql`${libraryEntries.viewCount} + 1` })
        .where(eq(libraryEntries.id, 'e1')),
    )
    expect(
      await same((db) => db.select({ v: libraryEntries.viewCount }).from(libraryEntries).get()),
    ).toEqual({ v: 1 })
  })

  it('fills AUTOINCREMENT ids and returns them', async () => {
    const inserted = await same((db) =>
      db
        .insert(auditLog)
        .values([
          { at: T0, action: 'sign_in', actorId: 'u1', details: { ip: '::1', ok: true } },
          { at: T0 + 1, action: 'sign_out' },
        ])
        .returning({ id: auditLog.id, details: auditLog.details }),
    )
    expect(inserted).toEqual([
      { id: 1, details: { ip: '::1', ok: true } },
      { id: 2, details: null },
    ])
    await same(async (db) => {
      await db
        .insert(sessionAttendance)
        .values({ sessionId: 'x', userId: 'u1', joinedAt: T0 })
        .catch(() => undefined)
      return db.select().from(sessionAttendance)
    })
  })

  it('deletes with returning, and cascades', async () => {
    const deleted = await same((db) =>
      db.delete(groups).where(eq(groups.id, 'g1')).returning({ id: groups.id }),
    )
    expect(deleted).toEqual([{ id: 'g1' }])
    const after = await same(async (db) => ({
      members: await db.select().from(groupMembers),
      grouped: await db
        .select({ id: documents.id })
        .from(documents)
        .where(isNull(documents.groupId))
        .orderBy(documents.id),
    }))
    expect(after.members).toEqual([])
    expect(after.grouped.map((row) => row.id)).toEqual(['d1', 'd2', 'd3', 'd4'])
  })

  it('reports constraint failures with SQLite messages', async () => {
    for (const engine of engines) {
      const db = createAppDb(engine.executor())
      const unique = await failureOf(
        db.insert(schools).values({ id: 's9', name: '第一中学', createdAt: T0 }),
      )
      expect(unique.message).toMatch(/^UNIQUE constraint failed: schools\.name$/)
      expect('code' in unique && unique.code).toBe('SQLITE_CONSTRAINT_UNIQUE')
      const primary = await failureOf(
        db.insert(schools).values({ id: 's1', name: 'dup', createdAt: T0 }),
      )
      expect(primary.message).toMatch(/^UNIQUE constraint failed: schools\.id$/)
      expect('code' in primary && primary.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY')
      const foreign = await failureOf(
        db
          .insert(groupMembers)
          .values({ groupId: 'nope', userId: 'u1', role: 'member', createdAt: T0 }),
      )
      expect(foreign.message).toBe('FOREIGN KEY constraint failed')
    }
    expect(
      await failureOf(
        createAppDb(app.executor).insert(schools).values({ id: 's1', name: 'x', createdAt: T0 }),
      ),
    ).toBeInstanceOf(ConstraintError)
  })

  it('commits a transaction and rolls one back; others do not see uncommitted rows', async () => {
    for (const engine of engines) {
      const outside = createAppDb(engine.outside())
      const seen = await inTransaction(engine.executor(), async (tx) => {
        await tx.insert(schools).values({ id: 'tx1', name: 'Committed', createdAt: T0 })
        const inside = await tx.select().from(schools).where(eq(schools.id, 'tx1')).get()
        const fromOutside = await outside.select().from(schools).where(eq(schools.id, 'tx1')).get()
        return { inside: inside?.name, fromOutside }
      })
      expect({ engine: engine.name, ...seen }).toEqual({
        engine: engine.name,
        inside: 'Committed',
        fromOutside: undefined,
      })
      await expect(
        inTransaction(engine.executor(), async (tx) => {
          await tx.insert(schools).values({ id: 'tx2', name: 'Rolled back', createdAt: T0 })
          throw new Error('abort')
        }),
      ).rejects.toThrow('abort')
    }
    const ids = await same((db) =>
      db
        .select({ id: schools.id })
        .from(schools)
        .where(inArray(schools.id, ['tx1', 'tx2'])),
    )
    expect(ids).toEqual([{ id: 'tx1' }])
  })

  it('runs concurrent transactions on separate connections', async () => {
    const db = createAppDb(app.executor)
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        inTransaction(app.executor, async (tx) => {
          await tx
            .insert(schools)
            .values({ id: `c${index}`, name: `Concurrent ${index}`, createdAt: T0 })
          await new Promise((resolve) => setTimeout(resolve, 20))
          if (index % 2 === 1) throw new Error('odd')
          return index
        }).catch(() => -1),
      ),
    )
    const rows = await db
      .select({ id: schools.id })
      .from(schools)
      .where(like(schools.name, 'Concurrent %'))
      .orderBy(schools.id)
    expect(rows.map((row) => row.id)).toEqual(['c0', 'c2', 'c4', 'c6'])
  })

  it('refuses SQL it cannot translate faithfully, and transaction control through the pool', async () => {
    const db = createAppDb(app.executor)
    expect(
      await failureOf(db.all(sql`select group_concat(${schools.name}) from ${schools}`)),
    ).toBeInstanceOf(SqliteOnlySqlError)
    expect(await failureOf(db.transaction(async () => undefined))).toBeInstanceOf(
      SqliteOnlySqlError,
    )
  })

  it('stops a transaction whose statement failed instead of committing the rest', async () => {
    const stopped = await failureOf(
      inTransaction(app.executor, async (tx) => {
        await tx
          .insert(schools)
          .values({ id: 'dup1', name: 'Second School', createdAt: T0 })
          .catch(() => undefined)
        await tx.insert(schools).values({ id: 'dup2', name: 'After failure', createdAt: T0 })
      }),
    )
    expect(stopped.message).toMatch(/earlier statement of this transaction failed/)
    await expect(
      inTransaction(app.executor, async (tx) => {
        await tx
          .insert(schools)
          .values({ id: 'dup3', name: 'Second School', createdAt: T0 })
          .catch(() => undefined)
      }),
    ).rejects.toThrow(/a statement of the transaction failed; it was rolled back/)
    const row = await createAppDb(app.executor)
      .select()
      .from(schools)
      .where(eq(schools.id, 'dup2'))
      .get()
    expect(row).toBeUndefined()
  })
})
