import { and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import type { AppDb } from '../../db/appDb.ts'
import {
  type DocumentRow,
  documents,
  groupMembers,
  libraryEntries,
  libraryReviews,
  libraryVersions,
  schools,
  users,
} from '../../db/schema.ts'
import { badRequest } from '../../domainError.ts'
import type { LibraryQuery, LibrarySearchQuery } from './schema.ts'
import { QueryTooLongError } from './search/cjkTokens.ts'
import type { LibrarySearch, LibrarySearchEntry, LibrarySearchHit } from './search/LibrarySearch.ts'

const ratingOf = sql<
  number | null
>`(select avg(${libraryReviews.stars}) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const reviewCountOf = sql<number>`(select count(*) from ${libraryReviews} where ${libraryReviews.entryId} = ${libraryEntries.id})`
const adaptationsOf = sql<number>`(select count(*) from ${documents} where ${documents.adaptedFromEntryId} = ${libraryEntries.id} and ${documents.deletedAt} is null)`

const entryColumns = {
  id: libraryEntries.id,
  title: libraryEntries.title,
  subject: libraryEntries.subject,
  grade: libraryEntries.grade,
  textbookEdition: libraryEntries.textbookEdition,
  unit: libraryEntries.unit,
  lesson: libraryEntries.lesson,
  keywords: libraryEntries.keywords,
  authors: libraryEntries.authors,
  licence: libraryEntries.licence,
  schoolId: libraryEntries.schoolId,
  schoolName: schools.name,
  latestVersion: libraryEntries.latestVersion,
  viewCount: libraryEntries.viewCount,
  createdAt: libraryEntries.createdAt,
  updatedAt: libraryEntries.updatedAt,
  rating: ratingOf,
  reviewCount: reviewCountOf,
  adaptations: adaptationsOf,
}

/** The library filters of a list or search query (what narrows the published entries). */
type LibraryFilters = Omit<LibraryQuery, 'sort' | 'limit' | 'offset'>

function filtersOf(query: LibraryFilters): SQL | undefined {
  const conditions: Array<SQL | undefined> = [eq(libraryEntries.status, 'published')]
  if (query.subject) conditions.push(eq(libraryEntries.subject, query.subject))
  if (query.grade) conditions.push(eq(libraryEntries.grade, query.grade))
  if (query.textbookEdition)
    conditions.push(eq(libraryEntries.textbookEdition, query.textbookEdition))
  if (query.unit) conditions.push(eq(libraryEntries.unit, query.unit))
  if (query.schoolId) conditions.push(eq(libraryEntries.schoolId, query.schoolId))
  if (query.minRating) conditions.push(sql`coalesce(${ratingOf}, 0) >= ${query.minRating}`)
  return and(...conditions)
}

/** A page of published entries matching the filters, in the requested order. */
export function listEntries(db: AppDb, query: LibraryQuery) {
  const order =
    query.sort === 'rating'
      ? [desc(sql`coalesce(${ratingOf}, 0)`), desc(libraryEntries.updatedAt)]
      : query.sort === 'adapted'
        ? [desc(adaptationsOf), desc(libraryEntries.updatedAt)]
        : [desc(libraryEntries.updatedAt)]
  return db
    .select(entryColumns)
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(filtersOf(query))
    .orderBy(...order)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .all()
}

/** The ids of the published entries matching the filters (the candidates of a search). */
async function matchingEntryIds(db: AppDb, filters: LibraryFilters): Promise<string[]> {
  const rows = await db
    .select({ id: libraryEntries.id })
    .from(libraryEntries)
    .where(filtersOf(filters))
    .all()
  return rows.map((row) => row.id)
}

/** The published entries among these ids, as listed (in no particular order). */
function publishedEntriesIn(db: AppDb, entryIds: string[]) {
  return db
    .select(entryColumns)
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(and(eq(libraryEntries.status, 'published'), inArray(libraryEntries.id, entryIds)))
    .all()
}

/**
 * Searches the library: the index's hits, best first, each with its entry as listed. Filters
 * narrow the candidates first; without any, the index searches everything. A query beyond the
 * engine's length limit is a 400.
 */
export async function searchEntries(db: AppDb, search: LibrarySearch, query: LibrarySearchQuery) {
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
export function loadEntry(db: AppDb, entryId: string) {
  return db
    .select({
      ...entryColumns,
      status: libraryEntries.status,
      publisherId: libraryEntries.publisherId,
    })
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(eq(libraryEntries.id, entryId))
    .get()
}

/** An entry as loaded by `loadEntry`. */
export type LoadedEntry = NonNullable<Awaited<ReturnType<typeof loadEntry>>>

/** The entry's versions, newest first. */
export function entryVersions(db: AppDb, entryId: string) {
  return db
    .select({ version: libraryVersions.version, publishedAt: libraryVersions.publishedAt })
    .from(libraryVersions)
    .where(eq(libraryVersions.entryId, entryId))
    .orderBy(desc(libraryVersions.version))
    .all()
}

/** One version's content (plan JSON and text) and when it was published; undefined if none. */
export function versionContent(db: AppDb, entryId: string, version: number) {
  return db
    .select({
      json: libraryVersions.json,
      text: libraryVersions.text,
      publishedAt: libraryVersions.publishedAt,
    })
    .from(libraryVersions)
    .where(and(eq(libraryVersions.entryId, entryId), eq(libraryVersions.version, version)))
    .get()
}

/** One version's Yjs state (what an adaptation starts from); undefined if none. */
export async function versionState(
  db: AppDb,
  entryId: string,
  version: number,
): Promise<Uint8Array | undefined> {
  const row = await db
    .select({ state: libraryVersions.state })
    .from(libraryVersions)
    .where(and(eq(libraryVersions.entryId, entryId), eq(libraryVersions.version, version)))
    .get()
  return row?.state
}

/** The ratings of an entry with their reviewers and schools, newest first. */
export function entryRatings(db: AppDb, entryId: string) {
  return db
    .select({
      userId: libraryReviews.userId,
      reviewer: users.displayName,
      school: schools.name,
      stars: libraryReviews.stars,
      comment: libraryReviews.comment,
      updatedAt: libraryReviews.updatedAt,
    })
    .from(libraryReviews)
    .innerJoin(users, eq(users.id, libraryReviews.userId))
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(libraryReviews.entryId, entryId))
    .orderBy(desc(libraryReviews.updatedAt))
    .all()
}

/** The entry a plan was published as, if any: its id and newest version. */
export function entryOfPlan(db: AppDb, documentId: string) {
  return db
    .select({ id: libraryEntries.id, latestVersion: libraryEntries.latestVersion })
    .from(libraryEntries)
    .where(eq(libraryEntries.sourceDocumentId, documentId))
    .get()
}

/** Authors for attribution: the owner, then the group's lead and members, with their schools. */
export async function authorsOf(
  db: AppDb,
  doc: DocumentRow,
): Promise<Array<{ name: string; school: string }>> {
  const ids = [doc.ownerId]
  if (doc.groupId) {
    const members = await db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(
        and(eq(groupMembers.groupId, doc.groupId), inArray(groupMembers.role, ['lead', 'member'])),
      )
      .all()
    for (const member of members) if (!ids.includes(member.userId)) ids.push(member.userId)
  }
  const rows = await db
    .select({ id: users.id, name: users.displayName, school: schools.name })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(inArray(users.id, ids))
    .all()
  return ids.flatMap((id) =>
    rows.filter((row) => row.id === id).map(({ name, school }) => ({ name, school })),
  )
}

/** What the search index holds for each published entry: its latest version's text. */
export function searchEntriesOfLibrary(db: AppDb): Promise<LibrarySearchEntry[]> {
  return db
    .select({
      entryId: libraryEntries.id,
      title: libraryEntries.title,
      keywords: libraryEntries.keywords,
      body: libraryVersions.text,
    })
    .from(libraryEntries)
    .innerJoin(
      libraryVersions,
      and(
        eq(libraryVersions.entryId, libraryEntries.id),
        eq(libraryVersions.version, libraryEntries.latestVersion),
      ),
    )
    .where(eq(libraryEntries.status, 'published'))
    .all()
}

// ---- Provenance (二次备课) ----

/** Which schools adapted a library entry, and how often (shown on the entry page). */
export function adaptationsBySchool(db: AppDb, entryId: string) {
  return db
    .select({ schoolName: schools.name, count: sql<number>`count(*)` })
    .from(documents)
    .innerJoin(schools, eq(schools.id, documents.schoolId))
    .where(and(eq(documents.adaptedFromEntryId, entryId), isNull(documents.deletedAt)))
    .groupBy(schools.name)
    .orderBy(schools.name)
    .all()
}

/** Where an adapted plan came from: its library entry, the version taken and the newest one. */
export async function provenanceOf(db: AppDb, entryId: string, adaptedVersion: number) {
  const entry = await db
    .select({
      entryId: libraryEntries.id,
      title: libraryEntries.title,
      schoolName: schools.name,
      authors: libraryEntries.authors,
      licence: libraryEntries.licence,
      latestVersion: libraryEntries.latestVersion,
      status: libraryEntries.status,
    })
    .from(libraryEntries)
    .innerJoin(schools, eq(schools.id, libraryEntries.schoolId))
    .where(eq(libraryEntries.id, entryId))
    .get()
  if (!entry) return null
  return {
    ...entry,
    adaptedVersion,
    newerVersionAvailable: entry.status === 'published' && entry.latestVersion > adaptedVersion,
  }
}
