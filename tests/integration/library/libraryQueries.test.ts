import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toJsonText } from '../../../server/db/database.ts'
import { countView, rateEntry } from '../../../server/features/library/commands.ts'
import {
  adaptationsBySchool,
  entryRatings,
  listEntries,
  loadEntry,
  provenanceOf,
  searchEntriesOfLibrary,
  versionContent,
  versionState,
} from '../../../server/features/library/queries.ts'
import { saveLibrarySettings } from '../../../server/features/library/submissionCommands.ts'
import {
  listSubmissions,
  loadLibrarySettings,
  loadSubmission,
} from '../../../server/features/library/submissionQueries.ts'
import {
  openTestEngine,
  SEED_TIME,
  seedTeachers,
  TEST_ENGINES,
  type TestEngine,
} from '../../helpers/testEngines.ts'

const T0 = SEED_TIME

describe.each(TEST_ENGINES)('library queries and commands on %s', (engineName) => {
  let engine: TestEngine

  beforeAll(async () => {
    engine = await openTestEngine(engineName)
    const { kdb } = engine
    await seedTeachers(kdb, [
      ['a', '李老师', 's1'],
      ['b', '赵老师', 's2'],
    ])
    await kdb
      .insertInto('documents')
      .values(
        ['p1', 'p2', 'p3'].map((id) => ({
          id,
          ownerId: 'a',
          schoolId: 's1',
          kind: 'lesson_plan' as const,
          title: `plan ${id}`,
          status: 'final' as const,
          visibility: 'school' as const,
          createdAt: T0,
          updatedAt: T0,
        })),
      )
      .execute()
    // e1: rated 4 and 5, newest; e2: unrated, adapted twice (once by a deleted plan); e3: rated 3.
    await kdb
      .insertInto('libraryEntries')
      .values(
        (
          [
            ['e1', 'p1', T0 + 3],
            ['e2', 'p2', T0 + 2],
            ['e3', 'p3', T0 + 1],
          ] as const
        ).map(([id, sourceDocumentId, updatedAt]) => ({
          id,
          sourceDocumentId,
          publisherId: 'a',
          schoolId: 's1',
          title: `entry ${id}`,
          subject: id === 'e3' ? '语文' : '数学',
          grade: '五年级',
          textbookEdition: '人教版',
          unit: '',
          lesson: '',
          keywords: toJsonText([`kw-${id}`]),
          authors: toJsonText([{ name: '李老师', school: '第一中学' }]),
          licence: 'CC BY 4.0',
          status: 'published' as const,
          latestVersion: 1,
          createdAt: T0,
          updatedAt,
        })),
      )
      .execute()
    await kdb
      .insertInto('libraryVersions')
      .values(
        ['e1', 'e2', 'e3'].map((entryId) => ({
          entryId,
          version: 1,
          state: Buffer.from([1, 2, 3]),
          json: toJsonText({ type: 'doc', content: [] }),
          text: `text of ${entryId}`,
          publishedBy: 'a',
          publishedAt: T0,
        })),
      )
      .execute()
    await kdb
      .insertInto('documents')
      .values(
        (
          [
            ['d1', 's1', null],
            ['d2', 's2', null],
            ['d3', 's2', T0],
          ] as const
        ).map(([id, schoolId, deletedAt]) => ({
          id,
          ownerId: schoolId === 's1' ? 'a' : 'b',
          schoolId,
          kind: 'lesson_plan' as const,
          title: `adapted ${id}`,
          visibility: 'private' as const,
          adaptedFromEntryId: 'e2',
          adaptedFromVersion: 1,
          createdAt: T0,
          updatedAt: T0,
          deletedAt,
        })),
      )
      .execute()
    await rateEntry(kdb, 'e1', 'a', { stars: 4, comment: 'good' })
    await rateEntry(kdb, 'e1', 'b', { stars: 5, comment: '' })
    await rateEntry(kdb, 'e3', 'a', { stars: 3, comment: '' })
  })

  afterAll(async () => {
    await engine?.close()
  })

  it('lists entries with parsed JSON, numeric ratings and counts, newest first', async () => {
    const items = await listEntries(engine.kdb, {})
    expect(items.map((item) => item.id)).toEqual(['e1', 'e2', 'e3'])
    expect(items[0]).toMatchObject({
      keywords: ['kw-e1'],
      authors: [{ name: '李老师', school: '第一中学' }],
      schoolName: '第一中学',
      rating: 4.5,
      reviewCount: 2,
      adaptations: 0,
    })
    expect(items[1]).toMatchObject({ rating: null, reviewCount: 0, adaptations: 2 })
  })

  it('sorts by rating (unrated last) and by adaptations, and filters', async () => {
    const byRating = await listEntries(engine.kdb, { sort: 'rating' })
    expect(byRating.map((item) => item.id)).toEqual(['e1', 'e3', 'e2'])
    const byAdapted = await listEntries(engine.kdb, { sort: 'adapted' })
    expect(byAdapted.map((item) => item.id)).toEqual(['e2', 'e1', 'e3'])
    const rated = await listEntries(engine.kdb, { minRating: 3 })
    expect(rated.map((item) => item.id)).toEqual(['e1', 'e3'])
    const chinese = await listEntries(engine.kdb, { subject: '语文' })
    expect(chinese.map((item) => item.id)).toEqual(['e3'])
    const page = await listEntries(engine.kdb, { limit: 1, offset: 1 })
    expect(page.map((item) => item.id)).toEqual(['e2'])
  })

  it('replaces a rating, counts views and reads versions and provenance', async () => {
    await rateEntry(engine.kdb, 'e3', 'a', { stars: 1, comment: 'changed' })
    const ratings = await entryRatings(engine.kdb, 'e3')
    expect(ratings).toEqual([
      expect.objectContaining({ userId: 'a', reviewer: '李老师', stars: 1, comment: 'changed' }),
    ])
    await countView(engine.kdb, 'e3')
    await countView(engine.kdb, 'e3')
    expect((await loadEntry(engine.kdb, 'e3'))?.viewCount).toBe(2)
    expect(await versionContent(engine.kdb, 'e3', 1)).toEqual({
      json: { type: 'doc', content: [] },
      text: 'text of e3',
      publishedAt: T0,
    })
    expect(await versionContent(engine.kdb, 'e3', 2)).toBeUndefined()
    const state = await versionState(engine.kdb, 'e3', 1)
    expect(state && [...state]).toEqual([1, 2, 3])
    expect(await adaptationsBySchool(engine.kdb, 'e2')).toEqual([
      { schoolName: '第一中学', count: 1 },
      { schoolName: '第二中学', count: 1 },
    ])
    expect(await provenanceOf(engine.kdb, 'e2', 1)).toMatchObject({
      entryId: 'e2',
      authors: [{ name: '李老师', school: '第一中学' }],
      newerVersionAvailable: false,
    })
    const indexed = await searchEntriesOfLibrary(engine.kdb)
    expect(indexed.find((entry) => entry.entryId === 'e1')).toEqual({
      entryId: 'e1',
      title: 'entry e1',
      keywords: ['kw-e1'],
      body: 'text of e1',
    })
  })

  it('saves and reads the review setting as a boolean and a list', async () => {
    expect(await loadLibrarySettings(engine.kdb)).toEqual({ requireReview: false, reviewerIds: [] })
    await saveLibrarySettings(engine.kdb, { requireReview: true, reviewerIds: ['b'] }, 'a')
    expect(await loadLibrarySettings(engine.kdb)).toEqual({
      requireReview: true,
      reviewerIds: ['b'],
    })
    await saveLibrarySettings(engine.kdb, { requireReview: false, reviewerIds: [] }, 'a')
    expect(await loadLibrarySettings(engine.kdb)).toEqual({ requireReview: false, reviewerIds: [] })
  })

  it('lists submissions by filter and loads one with its keywords and state', async () => {
    await engine.kdb
      .insertInto('librarySubmissions')
      .values(
        (
          [
            ['sub1', 'a', 'pending', T0 + 1],
            ['sub2', 'b', 'returned', T0 + 2],
          ] as const
        ).map(([id, submittedBy, status, createdAt]) => ({
          id,
          documentId: 'p1',
          submittedBy,
          schoolId: 's1',
          title: 'plan p1',
          keywords: toJsonText(['分数']),
          licence: 'CC BY 4.0',
          state: Buffer.from([9]),
          status,
          createdAt,
        })),
      )
      .execute()
    const all = await listSubmissions(engine.kdb, {})
    expect(all.map((item) => item.id)).toEqual(['sub2', 'sub1'])
    expect(all[0]).toMatchObject({
      keywords: ['分数'],
      submitterName: '赵老师',
      schoolName: '第一中学',
    })
    const pending = await listSubmissions(engine.kdb, { status: 'pending' })
    expect(pending.map((item) => item.id)).toEqual(['sub1'])
    const own = await listSubmissions(engine.kdb, { onlySubmitter: 'b', documentId: 'p1' })
    expect(own.map((item) => item.id)).toEqual(['sub2'])
    const row = await loadSubmission(engine.kdb, 'sub1')
    expect(row).toMatchObject({ keywords: ['分数'], status: 'pending', reviewerId: null })
    expect(row && [...row.state]).toEqual([9])
  })
})
