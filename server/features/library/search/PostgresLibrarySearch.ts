/**
 * The shared library's full-text search on PostgreSQL, with the behaviour of the SQLite FTS5
 * index (LibrarySearchIndex.ts): the same CJK bigram and word tokens (cjkTokens.ts) are turned
 * into a `tsvector` with the `simple` configuration (title weighted A, keywords B, body C) in
 * the PostgreSQL-only table `library_search` (server/db/pg/schema.ts, GIN index); a query is
 * the AND of its terms, each a phrase (`<->`) of its tokens, prefixes as FTS5 has them; title
 * and body are stored for snippets, which snippet.ts computes here as for SQLite.
 *
 * Writes run through the metadata transaction's Kysely (`tx`), as PostgreSQL's own SQL through
 * Kysely's `sql` (the table is not in the typed schema). Searches and counts run on the pool
 * itself, since they use PostgreSQL operators (`@@`, `= any($n)`).
 *
 * Limits of PostgreSQL's tsvector: positions stop at 16,383 and a lexeme keeps at most 256 of
 * them, so in a body of more than about 16,000 characters a phrase (a term of several bigrams)
 * may be missed or matched less precisely beyond that point; single bigrams still match.
 */
import { sql } from 'kysely'
import type pg from 'pg'
import type { AppKysely } from '../../../db/kysely.ts'
import { BOUNDARY_TOKEN, hanBigrams, indexTokens, type QueryTerm, queryTerms } from './cjkTokens.ts'
import {
  clampInteger,
  DEFAULT_SEARCH_LIMIT,
  type LibrarySearch,
  type LibrarySearchEntry,
  type LibrarySearchHit,
  type LibrarySearchOptions,
  MAX_SEARCH_LIMIT,
} from './LibrarySearch.ts'
import { highlightAll, queryNeedles, snippetAround } from './snippet.ts'

/**
 * What stands between two Han runs that meet on the same character across a separator (see
 * BOUNDARY_TOKEN in cjkTokens.ts). PostgreSQL's parser drops the private-use character FTS5
 * keeps, so a New Tai Lue vowel sign stands in: the parser keeps it as a word, and no query
 * term ever holds one (cjkTokens.ts treats it as a separator).
 */
export const PG_BOUNDARY_TOKEN = '\u19b0'

/** The token string of text as PostgreSQL's `simple` configuration is to index it. */
export function pgIndexTokens(text: string): string {
  return indexTokens(text).replaceAll(BOUNDARY_TOKEN, PG_BOUNDARY_TOKEN)
}

/** Quotes a token as a tsquery operand; tokens hold no quote or backslash, but one would be escaped. */
function quoteLexeme(token: string): string {
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

/** The tsquery text of one term: a phrase of its tokens, its last token a prefix as in FTS5. */
function termQuery(term: QueryTerm): string {
  const last = term.runs.at(-1)
  const singleHan = last?.kind === 'han' && Array.from(last.text).length === 1
  const tokens = term.runs.flatMap((run) =>
    run.kind === 'han' ? hanBigrams(run.text) : [run.text],
  )
  const operands = tokens.map(quoteLexeme)
  const prefix = term.prefix || singleHan ? ':*' : ''
  return `(${operands.join(' <-> ')}${prefix})`
}

/**
 * The text for `to_tsquery('simple', …)` of what a teacher typed: its terms ANDed, each a
 * phrase of bigrams and words (分数的意义 → '分数' <-> '数的' <-> '的意' <-> '意义'), a lone Han
 * character a prefix ('分':*), the last term's last word a prefix. Null when the query has no
 * term; throws QueryTooLongError beyond 200 characters.
 */
export function pgQueryText(query: string): string | null {
  const terms = queryTerms(query)
  if (terms.length === 0) return null
  return terms.map(termQuery).join(' & ')
}

/**
 * Relevance, higher is better: 10 × title + 5 × keywords + body, each the cover density of the
 * query in that weight class alone, normalized to [0, 1) (ts_rank_cd flag 32). Like the FTS5
 * ranking, a title match outranks any number of body matches: one ts_rank_cd over the whole
 * document would let a body that repeats a word outscore a title that holds it once.
 */
const RANK = `(10 * ts_rank_cd(ts_filter(document, '{a}'), q, 32)
  + 5 * ts_rank_cd(ts_filter(document, '{b}'), q, 32)
  + ts_rank_cd(ts_filter(document, '{c}'), q, 32))`

interface HitRow {
  entry_id: string
  title: string
  body: string
  score: number
}

/** The library search index on PostgreSQL (migrated table `library_search`). */
export class PostgresLibrarySearch implements LibrarySearch {
  private constructor(private readonly pool: pg.Pool) {}

  /**
   * The index over the pool's database, whose migrations (server/db/pg/migrations) created the
   * table; fails when they have not run, or when the database's text parser (it follows the
   * database's character classification, lc_ctype) would not keep the tokens as words.
   */
  static async ensure(pool: pg.Pool): Promise<PostgresLibrarySearch> {
    await pool.query('select 1 from library_search limit 0')
    const probe = `分数 ${PG_BOUNDARY_TOKEN} 数轴 abc 3`
    const parsed = await pool.query<{ lexemes: string }>(
      "select to_tsvector('simple', $1)::text as lexemes",
      [probe],
    )
    const lexemes = parsed.rows[0]?.lexemes ?? ''
    if (lexemes.split(' ').length !== probe.split(' ').length) {
      throw new Error(
        `PostgreSQL's text parser does not keep the library search tokens (${probe} → ${lexemes}); ` +
          'the database needs a UTF-8 encoding and a locale that classifies CJK as letters',
      )
    }
    return new PostgresLibrarySearch(pool)
  }

  /** Indexes an entry through `tx` (a transaction's Kysely on PostgreSQL), replacing what was there. */
  async upsertIn(tx: AppKysely, entry: LibrarySearchEntry): Promise<void> {
    const keywords = entry.keywords.join('\n')
    await sql`insert into library_search (entry_id, title, keywords, body, document)
      values (${entry.entryId}, ${entry.title}, ${keywords}, ${entry.body},
              setweight(to_tsvector('simple', ${pgIndexTokens(entry.title)}), 'A')
              || setweight(to_tsvector('simple', ${pgIndexTokens(keywords)}), 'B')
              || setweight(to_tsvector('simple', ${pgIndexTokens(entry.body)}), 'C'))
      on conflict (entry_id) do update set title = excluded.title,
        keywords = excluded.keywords, body = excluded.body, document = excluded.document`.execute(
      tx,
    )
  }

  /** Drops an entry from the index through `tx`; whether it was there. */
  async removeIn(tx: AppKysely, entryId: string): Promise<boolean> {
    const removed = await sql<{ entryId: string }>`delete from library_search
      where entry_id = ${entryId} returning entry_id`.execute(tx)
    return removed.rows.length > 0
  }

  /** Number of indexed entries. */
  async count(): Promise<number> {
    const result = await this.pool.query<{ count: number }>(
      'select count(*)::int as count from library_search',
    )
    return result.rows[0]?.count ?? 0
  }

  /**
   * Entries matching every term of the query, best first (ties by entry id), with highlighted
   * title and snippet; an empty query finds nothing; rejects with QueryTooLongError beyond 200
   * characters.
   */
  async search(query: string, options: LibrarySearchOptions = {}): Promise<LibrarySearchHit[]> {
    const text = pgQueryText(query)
    if (text === null) return []
    const limit = clampInteger(options.limit, DEFAULT_SEARCH_LIMIT, 0, MAX_SEARCH_LIMIT)
    const offset = clampInteger(options.offset, 0, 0, Number.MAX_SAFE_INTEGER)
    if (limit === 0) return []
    if (options.entryIds !== undefined && options.entryIds.length === 0) return []
    const among = options.entryIds === undefined ? '' : 'and entry_id = any($4::text[])'
    const values: unknown[] = [text, limit, offset]
    if (options.entryIds !== undefined) values.push(options.entryIds)
    const result = await this.pool.query<HitRow>(
      `select entry_id, title, body, ${RANK}::float8 as score
       from library_search, to_tsquery('simple', $1) as q
       where document @@ q ${among}
       order by score desc, entry_id
       limit $2 offset $3`,
      values,
    )
    const needles = queryNeedles(queryTerms(query))
    return result.rows.map((row) => ({
      entryId: row.entry_id,
      score: row.score,
      snippet: snippetAround(row.body, needles),
      titleHighlighted: highlightAll(row.title, needles),
    }))
  }
}
