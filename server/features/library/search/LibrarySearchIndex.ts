/**
 * Full-text search over the shared plan library (资源共享库) with SQLite FTS5. Text is indexed as
 * CJK bigrams (see cjkTokens.ts) in `library_search`; the original title and body are kept in
 * `library_search_text` for highlighted snippets. Every statement is prepared once; user input
 * only ever reaches SQLite as a bound MATCH expression built by {@link queryExpression}.
 */
import type { Database, Statement } from 'better-sqlite3'
import { sql } from 'kysely'
import type { AppKysely } from '../../../db/kysely.ts'
import { FTS_TOKENIZE, indexTokens, queryExpression, queryTerms } from './cjkTokens.ts'
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

export type { LibrarySearchEntry, LibrarySearchHit, LibrarySearchOptions } from './LibrarySearch.ts'
export { DEFAULT_SEARCH_LIMIT } from './LibrarySearch.ts'

/**
 * Relevance (lower is better, like bm25): 10 × title bm25 + 5 × keywords bm25 + body bm25, each
 * bm25 counting one column (FTS5 weights count every declared column, UNINDEXED entry_id first).
 * One weighted bm25(library_search, 0, 10, 5, 1) would not do: bm25 saturates a term's weighted
 * frequency, so a body that repeats a word ten times scores like a title that holds it once.
 */
const RANK = `(10.0 * bm25(library_search, 0.0, 1.0, 0.0, 0.0)
  + 5.0 * bm25(library_search, 0.0, 0.0, 1.0, 0.0)
  + bm25(library_search, 0.0, 0.0, 0.0, 1.0))`

/**
 * The FTS5 table is contentless (SQLite ≥ 3.47 options): it keeps the index and entry_id but not
 * the bigram text, which would take more room than the index itself; contentless_delete lets rows
 * be deleted. Its rowid is the docid of the entry's row in library_search_text, which keeps the
 * original text for snippets (docid is an INTEGER PRIMARY KEY so that VACUUM cannot renumber it).
 * The one-character prefix index serves single-character queries (分 → 分*): without it, a common
 * character merges the doclists of hundreds of bigrams (的: 70 ms on 10,000 plans, 15 ms with it).
 */
const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS library_search USING fts5(
  entry_id UNINDEXED, title, keywords, body,
  tokenize = '${FTS_TOKENIZE}',
  content = '', contentless_delete = 1, contentless_unindexed = 1,
  prefix = '1'
);
CREATE TABLE IF NOT EXISTS library_search_text (
  docid INTEGER PRIMARY KEY,
  entry_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
`

interface RankedRow {
  docid: number
  rank: number
}

interface TextRow {
  entryId: string
  title: string
  body: string
}

/** A `library_search_text` row's docid, as the statements through Kysely read it. */
interface DocidRow {
  docid: number
}

/** The docid of an entry's indexed text through `tx`, undefined when it is not indexed. */
async function docidOf(tx: AppKysely, entryId: string): Promise<number | undefined> {
  const found = await sql<DocidRow>`SELECT docid FROM library_search_text
    WHERE entry_id = ${entryId}`.execute(tx)
  return found.rows[0]?.docid
}

/** The shared-library search index over one better-sqlite3 connection. */
export class LibrarySearchIndex implements LibrarySearch {
  private readonly findDocid: Statement<[string], number>
  private readonly insertText: Statement<[string, string, string]>
  private readonly updateText: Statement<[string, string, number]>
  private readonly deleteText: Statement<[number]>
  private readonly insertTokens: Statement<[number, string, string, string, string]>
  private readonly deleteTokens: Statement<[number]>
  private readonly rankAll: Statement<[string, number, number], RankedRow>
  private readonly rankAmong: Statement<[string, string, number, number], RankedRow>
  private readonly readText: Statement<[number], TextRow>
  private readonly countRows: Statement<[], number>
  private readonly upsertTransaction: (entry: LibrarySearchEntry) => void
  private readonly removeTransaction: (entryId: string) => boolean

  private constructor(private readonly connection: Database) {
    this.findDocid = connection
      .prepare<[string], number>('SELECT docid FROM library_search_text WHERE entry_id = ?')
      .pluck()
    this.insertText = connection.prepare(
      'INSERT INTO library_search_text (entry_id, title, body) VALUES (?, ?, ?)',
    )
    this.updateText = connection.prepare(
      'UPDATE library_search_text SET title = ?, body = ? WHERE docid = ?',
    )
    this.deleteText = connection.prepare('DELETE FROM library_search_text WHERE docid = ?')
    this.insertTokens = connection.prepare(
      'INSERT INTO library_search (rowid, entry_id, title, keywords, body) VALUES (?, ?, ?, ?, ?)',
    )
    this.deleteTokens = connection.prepare('DELETE FROM library_search WHERE rowid = ?')
    this.rankAll = connection.prepare(
      `SELECT rowid AS docid, ${RANK} AS rank FROM library_search
       WHERE library_search MATCH ?
       ORDER BY rank, docid LIMIT ? OFFSET ?`,
    )
    // `+rowid`: filter the MATCH results; a bare rowid IN would run the MATCH once per id.
    this.rankAmong = connection.prepare(
      `SELECT rowid AS docid, ${RANK} AS rank FROM library_search
       WHERE library_search MATCH ?
         AND +rowid IN (SELECT docid FROM library_search_text
                       WHERE entry_id IN (SELECT value FROM json_each(?)))
       ORDER BY rank, docid LIMIT ? OFFSET ?`,
    )
    this.readText = connection.prepare(
      'SELECT entry_id AS entryId, title, body FROM library_search_text WHERE docid = ?',
    )
    this.countRows = connection
      .prepare<[], number>('SELECT count(*) FROM library_search_text')
      .pluck()
    this.upsertTransaction = connection.transaction((entry: LibrarySearchEntry) => {
      const existing = this.findDocid.get(entry.entryId)
      let docid: number
      if (existing === undefined) {
        docid = Number(this.insertText.run(entry.entryId, entry.title, entry.body).lastInsertRowid)
      } else {
        docid = existing
        this.deleteTokens.run(docid)
        this.updateText.run(entry.title, entry.body, docid)
      }
      this.insertTokens.run(
        docid,
        entry.entryId,
        indexTokens(entry.title),
        indexTokens(entry.keywords.join('\n')),
        indexTokens(entry.body),
      )
    })
    this.removeTransaction = connection.transaction((entryId: string) => {
      const docid = this.findDocid.get(entryId)
      if (docid === undefined) return false
      this.deleteTokens.run(docid)
      this.deleteText.run(docid)
      return true
    })
  }

  /** Creates the index tables if they are missing and returns the index over them. */
  static ensure(connection: Database): LibrarySearchIndex {
    connection.exec(SCHEMA)
    return new LibrarySearchIndex(connection)
  }

  /** Indexes an entry, replacing what was indexed for it before, in one transaction. */
  upsert(entry: LibrarySearchEntry): void {
    this.upsertTransaction(entry)
  }

  /**
   * Indexes an entry through `tx`, the metadata transaction that changes the library tables:
   * same connection, same transaction, so the index never drifts from the tables. The FTS5
   * tables are not in the typed schema: the statements are SQLite's own, through Kysely's `sql`.
   */
  async upsertIn(tx: AppKysely, entry: LibrarySearchEntry): Promise<void> {
    const existing = await docidOf(tx, entry.entryId)
    let docid: number
    if (existing === undefined) {
      const inserted = await sql<DocidRow>`INSERT INTO library_search_text (entry_id, title, body)
        VALUES (${entry.entryId}, ${entry.title}, ${entry.body}) RETURNING docid`.execute(tx)
      const row = inserted.rows[0]
      if (!row) throw new Error('inserting into library_search_text returned no docid')
      docid = row.docid
    } else {
      docid = existing
      await sql`DELETE FROM library_search WHERE rowid = ${docid}`.execute(tx)
      await sql`UPDATE library_search_text SET title = ${entry.title}, body = ${entry.body}
        WHERE docid = ${docid}`.execute(tx)
    }
    await sql`INSERT INTO library_search (rowid, entry_id, title, keywords, body)
      VALUES (${docid}, ${entry.entryId}, ${indexTokens(entry.title)},
              ${indexTokens(entry.keywords.join('\n'))}, ${indexTokens(entry.body)})`.execute(tx)
  }

  /** Drops an entry from the index through `tx` (see {@link upsertIn}); whether it was there. */
  async removeIn(tx: AppKysely, entryId: string): Promise<boolean> {
    const docid = await docidOf(tx, entryId)
    if (docid === undefined) return false
    await sql`DELETE FROM library_search WHERE rowid = ${docid}`.execute(tx)
    await sql`DELETE FROM library_search_text WHERE docid = ${docid}`.execute(tx)
    return true
  }

  /** Drops an entry from the index; returns whether it was there. */
  remove(entryId: string): boolean {
    return this.removeTransaction(entryId)
  }

  /** Number of indexed entries (0 on a new database: time to index the library). */
  async count(): Promise<number> {
    return this.countRows.get() ?? 0
  }

  /** Merges the FTS5 index segments; worth it after indexing many entries at once. */
  optimize(): void {
    this.connection.exec("INSERT INTO library_search (library_search) VALUES ('optimize')")
  }

  /**
   * Entries matching every term of the query, best first, with highlighted title and snippet.
   * An empty query (no letter or digit) finds nothing; rejects with QueryTooLongError beyond 200
   * characters. The work is synchronous (better-sqlite3): it is done when the promise is made.
   */
  async search(query: string, options: LibrarySearchOptions = {}): Promise<LibrarySearchHit[]> {
    const expression = queryExpression(query)
    if (expression === null) return []
    const limit = clampInteger(options.limit, DEFAULT_SEARCH_LIMIT, 0, MAX_SEARCH_LIMIT)
    const offset = clampInteger(options.offset, 0, 0, Number.MAX_SAFE_INTEGER)
    if (limit === 0) return []
    let rows: RankedRow[]
    if (options.entryIds === undefined) {
      rows = this.rankAll.all(expression, limit, offset)
    } else {
      if (options.entryIds.length === 0) return []
      rows = this.rankAmong.all(expression, JSON.stringify(options.entryIds), limit, offset)
    }
    const needles = queryNeedles(queryTerms(query))
    const hits: LibrarySearchHit[] = []
    for (const row of rows) {
      const text = this.readText.get(row.docid)
      if (!text) continue
      hits.push({
        entryId: text.entryId,
        score: -row.rank,
        snippet: snippetAround(text.body, needles),
        titleHighlighted: highlightAll(text.title, needles),
      })
    }
    return hits
  }
}
