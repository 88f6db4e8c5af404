import type { ExpressionBuilder } from 'kysely'
import type { ContributorsResponse } from '../../../shared/history/versionApi.ts'
import { type Database, parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentRow } from '../../db/schema.ts'
import { badRequest } from '../../domainError.ts'
import type { LibraryQuery, LibrarySearchQuery } from './schema.ts'
import { QueryTooLongError } from './search/cjkTokens.ts'
import type { LibrarySearch, LibrarySearchEntry, LibrarySearchHit } from './search/LibrarySearch.ts'

/** What the entry expressions can refer to: an entry row, and its school when joined. */
type EntryScope = ExpressionBuilder<Database, 'libraryEntries'>

/** The entry's average rating (null without ratings). */
function ratingOf(eb: EntryScope) {
  return eb
    .selectFrom('libraryReviews')
    .select((sub) => sub.fn.avg<number>('libraryReviews.stars').as('rating'))
    .whereRef('libraryReviews.entryId', '=', 'libraryEntries.id')
}

/** The entry's number of ratings. */
function reviewCountOf(eb: EntryScope) {
  return eb
    .selectFrom('libraryReviews')
    .select((sub) => sub.fn.countAll<number>().as('reviewCount'))
    .whereRef('libraryReviews.entryId', '=', 'libraryEntries.id')
}

/** The number of live plans adapted from the entry. */
function adaptationsOf(eb: EntryScope) {
  return eb
    .selectFrom('documents')
    .select((sub) => sub.fn.countAll<number>().as('adaptations'))
    .whereRef('documents.adaptedFromEntryId', '=', 'libraryEntries.id')
    .where('documents.deletedAt', 'is', null)
}

/** The average rating, 0 without ratings (what the rating filter and order compare). */
function ratingOrZero(eb: EntryScope) {
  return eb.fn.coalesce(ratingOf(eb), eb.lit(0))
}

/** Entries with their school, selecting the columns of an entry as listed. */
function selectEntries(db: AppKysely) {
  return db
    .selectFrom('libraryEntries')
    .innerJoin('schools', 'schools.id', 'libraryEntries.schoolId')
    .select((eb) => [
      'libraryEntries.id',
      'libraryEntries.title',
      'libraryEntries.subject',
      'libraryEntries.grade',
      'libraryEntries.textbookEdition',
      'libraryEntries.unit',
      'libraryEntries.lesson',
      'libraryEntries.keywords',
      'libraryEntries.authors',
      'libraryEntries.licence',
      'libraryEntries.schoolId',
      'schools.name as schoolName',
      'libraryEntries.latestVersion',
      'libraryEntries.viewCount',
      'libraryEntries.createdAt',
      'libraryEntries.updatedAt',
      ratingOf(eb).as('rating'),
      reviewCountOf(eb).as('reviewCount'),
      adaptationsOf(eb).as('adaptations'),
    ])
}

/** A selected entry row as the API lists it: JSON columns parsed, counts as numbers. */
function listedEntry<
  R extends {
    keywords: Database['libraryEntries']['keywords']
    authors: Database['libraryEntries']['authors']
    rating: number | null
    reviewCount: number | null
    adaptations: number | null
  },
>(row: R) {
  return {
    ...row,
    keywords: parseJson(row.keywords),
    authors: parseJson(row.authors),
    rating: row.rating,
    reviewCount: row.reviewCount ?? 0,
    adaptations: row.adaptations ?? 0,
  }
}

/** The library filters of a list or search query (what narrows the published entries). */
type LibraryFilters = Omit<LibraryQuery, 'sort' | 'limit' | 'offset'>

/** The conditions of the filters on an entry (published, then each filter given). */
function filtersOf(eb: EntryScope, query: LibraryFilters) {
  const conditions = [eb('libraryEntries.status', '=', 'published')]
  if (query.subject) conditions.push(eb('libraryEntries.subject', '=', query.subject))
  if (query.grade) conditions.push(eb('libraryEntries.grade', '=', query.grade))
  if (query.textbookEdition)
    conditions.push(eb('libraryEntries.textbookEdition', '=', query.textbookEdition))
  if (query.unit) conditions.push(eb('libraryEntries.unit', '=', query.unit))
  if (query.schoolId) conditions.push(eb('libraryEntries.schoolId', '=', query.schoolId))
  if (query.minRating) conditions.push(eb(ratingOrZero(eb), '>=', query.minRating))
  return eb.and(conditions)
}

/** A page of published entries matching the filters, in the requested order. */
export async function listEntries(db: AppKysely, query: LibraryQuery) {
  const rows = await selectEntries(db)
    .where((eb) => filtersOf(eb, query))
    .$if(query.sort === 'rating', (q) => q.orderBy((eb) => ratingOrZero(eb), 'desc'))
    .$if(query.sort === 'adapted', (q) => q.orderBy((eb) => adaptationsOf(eb), 'desc'))
    .orderBy('libraryEntries.updatedAt', 'desc')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .execute()
  return rows.map(listedEntry)
}

/** The ids of the published entries matching the filters (the candidates of a search). */
async function matchingEntryIds(db: AppKysely, filters: LibraryFilters): Promise<string[]> {
  const rows = await db
    .selectFrom('libraryEntries')
    .select('libraryEntries.id')
    .where((eb) => filtersOf(eb, filters))
    .execute()
  return rows.map((row) => row.id)
}

/** The published entries among these ids, as listed (in no particular order). */
async function publishedEntriesIn(db: AppKysely, entryIds: string[]) {
  const rows = await selectEntries(db)
    .where('libraryEntries.status', '=', 'published')
    .where('libraryEntries.id', 'in', entryIds)
    .execute()
  return rows.map(listedEntry)
}

/**
 * Searches the library: the index's hits, best first, each with its entry as listed. Filters
 * narrow the candidates first; without any, the index searches everything. A query beyond the
 * engine's length limit is a 400.
 */
export async function searchEntries(
  db: AppKysely,
  search: LibrarySearch,
  query: LibrarySearchQuery,
) {
  const { q, ...filters } = query
  const filtered = Object.entries(filters).some(
    ([key, value]) => !['sort', 'limit', 'offset'].includes(key) && value !== undefined,
  )
  const candidates = filtered ? await matchingEntryIds(db, filters) : undefined
  let hits: LibrarySearchHit[]
  try {
    hits = await search.search(q, {
      ...(candidates ? { entryIds: candidates } : {}),
      limit: filters.limit ?? 20,
      offset: filters.offset ?? 0,
    })
  } catch (error) {
    if (error instanceof QueryTooLongError) throw badRequest(error.message)
    throw error
  }
  const rows =
    hits.length === 0
      ? []
      : await publishedEntriesIn(
          db,
          hits.map((hit) => hit.entryId),
        )
  const entries = new Map(rows.map((entry) => [entry.id, entry]))
  return hits.flatMap((hit) => {
    const entry = entries.get(hit.entryId)
    return entry
      ? [
          {
            ...entry,
            score: hit.score,
            snippet: hit.snippet,
            titleHighlighted: hit.titleHighlighted,
          },
        ]
      : []
  })
}

/** An entry as listed plus its status and publisher, whatever its status; undefined if none. */
export async function loadEntry(db: AppKysely, entryId: string) {
  const row = await selectEntries(db)
    .select(['libraryEntries.status', 'libraryEntries.publisherId'])
    .where('libraryEntries.id', '=', entryId)
    .executeTakeFirst()
  return row && listedEntry(row)
}

/** An entry as loaded by `loadEntry`. */
export type LoadedEntry = NonNullable<Awaited<ReturnType<typeof loadEntry>>>

/** The entry's versions, newest first. */
export function entryVersions(db: AppKysely, entryId: string) {
  return db
    .selectFrom('libraryVersions')
    .select(['version', 'publishedAt'])
    .where('entryId', '=', entryId)
    .orderBy('version', 'desc')
    .execute()
}

/** One version's content (plan JSON and text) and when it was published; undefined if none. */
export async function versionContent(db: AppKysely, entryId: string, version: number) {
  const row = await db
    .selectFrom('libraryVersions')
    .select(['json', 'text', 'publishedAt'])
    .where('entryId', '=', entryId)
    .where('version', '=', version)
    .executeTakeFirst()
  return row && { json: parseJson(row.json), text: row.text, publishedAt: row.publishedAt }
}

/** One version's Yjs state (what an adaptation starts from); undefined if none. */
export async function versionState(
  db: AppKysely,
  entryId: string,
  version: number,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('libraryVersions')
    .select('state')
    .where('entryId', '=', entryId)
    .where('version', '=', version)
    .executeTakeFirst()
  return row?.state
}

/** The ratings of an entry with their reviewers and schools, newest first. */
export function entryRatings(db: AppKysely, entryId: string) {
  return db
    .selectFrom('libraryReviews')
    .innerJoin('users', 'users.id', 'libraryReviews.userId')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select([
      'libraryReviews.userId',
      'users.displayName as reviewer',
      'schools.name as school',
      'libraryReviews.stars',
      'libraryReviews.comment',
      'libraryReviews.updatedAt',
    ])
    .where('libraryReviews.entryId', '=', entryId)
    .orderBy('libraryReviews.updatedAt', 'desc')
    .execute()
}

/** The entry a plan was published as, if any: its id and newest version. */
export function entryOfPlan(db: AppKysely, documentId: string) {
  return db
    .selectFrom('libraryEntries')
    .select(['id', 'latestVersion'])
    .where('sourceDocumentId', '=', documentId)
    .executeTakeFirst()
}

/**
 * Authors for attribution: the plan's real contributors (who wrote its content, most first)
 * when authorship was recorded; else, for plans written before that, the owner, then the
 * group's lead and members, with their schools.
 */
export async function authorsOf(
  db: AppKysely,
  doc: DocumentRow,
  contributors: ContributorsResponse,
): Promise<Array<{ name: string; school: string }>> {
  const written = contributors.contributors.filter((contributor) => contributor.characters > 0)
  if (written.length > 0) {
    return written.map(({ person }) => ({ name: person.displayName, school: person.schoolName }))
  }
  const ids = [doc.ownerId]
  if (doc.groupId) {
    const members = await db
      .selectFrom('groupMembers')
      .select('userId')
      .where('groupId', '=', doc.groupId)
      .where('role', 'in', ['lead', 'member'])
      .execute()
    for (const member of members) if (!ids.includes(member.userId)) ids.push(member.userId)
  }
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id', 'users.displayName as name', 'schools.name as school'])
    .where('users.id', 'in', ids)
    .execute()
  return ids.flatMap((id) =>
    rows.filter((row) => row.id === id).map(({ name, school }) => ({ name, school })),
  )
}

/** What the search index holds for each published entry: its latest version's text. */
export async function searchEntriesOfLibrary(db: AppKysely): Promise<LibrarySearchEntry[]> {
  const rows = await db
    .selectFrom('libraryEntries')
    .innerJoin('libraryVersions', (join) =>
      join
        .onRef('libraryVersions.entryId', '=', 'libraryEntries.id')
        .onRef('libraryVersions.version', '=', 'libraryEntries.latestVersion'),
    )
    .select([
      'libraryEntries.id as entryId',
      'libraryEntries.title',
      'libraryEntries.keywords',
      'libraryVersions.text as body',
    ])
    .where('libraryEntries.status', '=', 'published')
    .execute()
  return rows.map((row) => ({ ...row, keywords: parseJson(row.keywords) }))
}

// ---- Provenance (二次备课) ----

/** Which schools adapted a library entry, and how often (shown on the entry page). */
export function adaptationsBySchool(db: AppKysely, entryId: string) {
  return db
    .selectFrom('documents')
    .innerJoin('schools', 'schools.id', 'documents.schoolId')
    .select((eb) => ['schools.name as schoolName', eb.fn.countAll<number>().as('count')])
    .where('documents.adaptedFromEntryId', '=', entryId)
    .where('documents.deletedAt', 'is', null)
    .groupBy('schools.name')
    .orderBy('schools.name')
    .execute()
}

/** Where an adapted plan came from: its library entry, the version taken and the newest one. */
export async function provenanceOf(db: AppKysely, entryId: string, adaptedVersion: number) {
  const entry = await db
    .selectFrom('libraryEntries')
    .innerJoin('schools', 'schools.id', 'libraryEntries.schoolId')
    .select([
      'libraryEntries.id as entryId',
      'libraryEntries.title',
      'schools.name as schoolName',
      'libraryEntries.authors',
      'libraryEntries.licence',
      'libraryEntries.latestVersion',
      'libraryEntries.status',
    ])
    .where('libraryEntries.id', '=', entryId)
    .executeTakeFirst()
  if (!entry) return null
  return {
    ...entry,
    authors: parseJson(entry.authors),
    adaptedVersion,
    newerVersionAvailable: entry.status === 'published' && entry.latestVersion > adaptedVersion,
  }
}
