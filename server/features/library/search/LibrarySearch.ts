/**
 * The shared library's full-text search as the routes and library commands use it, whatever
 * the engine: SQLite FTS5 ({@link ./LibrarySearchIndex.ts}) or PostgreSQL full-text search
 * ({@link ./PostgresLibrarySearch.ts}). Both index the same CJK bigram and word tokens
 * (cjkTokens.ts), AND the query's terms, rank title matches above body matches and highlight
 * with snippet.ts, so a search answers the same entries on either engine.
 */
import type { AppKysely } from '../../../db/kysely.ts'

/** What the index holds for one library entry. */
export interface LibrarySearchEntry {
  /** The library entry's id. */
  entryId: string
  /** Lesson title. */
  title: string
  /** Search keywords. */
  keywords: string[]
  /** Plain text of the plan (sections and steps), paragraphs separated by newlines. */
  body: string
}

/** Paging and pre-filtering of a search. */
export interface LibrarySearchOptions {
  /** Results per page: 20 by default, at most 100. */
  limit?: number
  /** Results to skip: 0 by default. */
  offset?: number
  /**
   * Only these entries (the ones the caller's SQL filters kept); an empty list finds nothing.
   * Leave it out when the filters keep everything: a list costs about 1 µs per id.
   */
  entryIds?: string[]
}

/** One search result. */
export interface LibrarySearchHit {
  /** The library entry's id. */
  entryId: string
  /** Relevance, higher is better; comparable only among the hits of one engine. */
  score: number
  /** About 80 characters of the body around the first match, HTML-escaped, matches in `<mark>`. */
  snippet: string
  /** The title, HTML-escaped, matches in `<mark>`. */
  titleHighlighted: string
}

/** Default page size. */
export const DEFAULT_SEARCH_LIMIT = 20

/** Largest page size. */
export const MAX_SEARCH_LIMIT = 100

/** A page-size or offset option clamped to [min, max], `fallback` when absent or not finite. */
export function clampInteger(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || !Number.isFinite(value)) return fallback
  return Math.min(max, Math.max(min, Math.trunc(value)))
}

/**
 * The library search index. Each engine's class has a static `ensure(…)` that makes sure its
 * storage exists and returns the index; writes go through the metadata transaction that changes
 * the library tables, so the index never drifts from them.
 */
export interface LibrarySearch {
  /** Indexes an entry through `tx` (a transaction's Kysely), replacing what was indexed before. */
  upsertIn(tx: AppKysely, entry: LibrarySearchEntry): Promise<void>
  /** Drops an entry from the index through `tx` (a transaction's Kysely); whether it was there. */
  removeIn(tx: AppKysely, entryId: string): Promise<boolean>
  /**
   * Entries matching every term of the query, best first, with highlighted title and snippet.
   * An empty query (no letter or digit) finds nothing; rejects with QueryTooLongError beyond
   * 200 characters.
   */
  search(query: string, options?: LibrarySearchOptions): Promise<LibrarySearchHit[]>
  /** Number of indexed entries (0 on a new database: time to index the library). */
  count(): Promise<number>
}
