/**
 * CJK bigram tokenization for the shared-library full-text index (the approach of Lucene's
 * CJKAnalyzer). SQLite's `unicode61` tokenizer sees a run of Chinese characters as one token, so
 * the text is pre-split here: runs of Han characters become overlapping bigrams, other letters and
 * digits become lowercase words, and everything else separates. Every token emitted here passes
 * through `unicode61 remove_diacritics 2` unchanged (tests/unit/cjkTokens.test.ts checks it), so
 * the index and the queries built by {@link queryExpression} agree token for token.
 */

/** The FTS5 tokenizer clause the index must be created with. */
export const FTS_TOKENIZE = 'unicode61 remove_diacritics 2'

/** The longest query accepted, in characters (code points) of the raw input. */
export const MAX_QUERY_LENGTH = 200

/** Thrown by {@link queryExpression} for a query longer than {@link MAX_QUERY_LENGTH}; callers answer HTTP 400. */
export class QueryTooLongError extends Error {
  /** Length of the rejected query, in code points. */
  readonly length: number

  constructor(length: number) {
    super(`search query too long: ${length} characters (at most ${MAX_QUERY_LENGTH})`)
    this.name = 'QueryTooLongError'
    this.length = length
  }
}

/**
 * A maximal run of Han letters (group 1) or of other letters, digits and combining marks
 * (group 2). Separators, as they are for `unicode61` (whose tables are Unicode 6.1): Han
 * characters that are not letters or numbers (the CJK radicals, category So), and the New Tai Lue
 * vowel signs and two Vedic signs that became letters after Unicode 6.1.
 */
const RUN =
  /((?:(?=\p{Script=Han})[\p{L}\p{N}])+)|((?:(?!\p{Script=Han}|[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3])[\p{L}\p{N}\p{M}])+)/gu

const COMBINING_MARK = /\p{M}/gu

/** `unicode61` folds the final sigma to σ; per-character lowercase keeps it. */
const FINAL_SIGMA = /ς/g

/** Kind of a run of text: Han characters (bigrams) or a word of other letters and digits. */
export type RunKind = 'han' | 'word'

/** A run of normalized text. */
export interface TextRun {
  /** Han characters or a word. */
  kind: RunKind
  /** The run's text: Han characters as they are, a word folded as {@link foldWord} does. */
  text: string
}

/** NFKC, the normalization applied to indexed text and queries alike (ＡＢＣ１２３ → ABC123). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC')
}

/**
 * Folds a word the way `unicode61 remove_diacritics 2` does: lowercase (per character), without
 * combining marks (café → cafe), final sigma as σ.
 */
export function foldWord(word: string): string {
  let folded = ''
  for (const char of word) folded += char.toLowerCase()
  return folded
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .normalize('NFC')
    .replace(FINAL_SIGMA, 'σ')
}

/** Splits text (normalized with NFKC here) into Han runs and folded words; separators are dropped. */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = []
  for (const match of normalizeText(text).matchAll(RUN)) {
    if (match[1] !== undefined) {
      runs.push({ kind: 'han', text: match[1] })
    } else if (match[2] !== undefined) {
      const word = foldWord(match[2])
      if (word !== '') runs.push({ kind: 'word', text: word })
    }
  }
  return runs
}

/** Overlapping bigrams of a Han run (分数的意义 → 分数 数的 的意 意义); a single character stays a unigram. */
export function hanBigrams(run: string): string[] {
  const chars = Array.from(run)
  if (chars.length < 2) return chars
  const bigrams: string[] = []
  for (let index = 0; index + 1 < chars.length; index++) {
    bigrams.push(`${chars[index]}${chars[index + 1]}`)
  }
  return bigrams
}

function runTokens(run: TextRun): string[] {
  return run.kind === 'han' ? hanBigrams(run.text) : [run.text]
}

/**
 * A token no query can produce (a private-use character: `unicode61` keeps it, {@link textRuns}
 * never does). It stands between two Han runs that a separator splits and that meet on the same
 * character, so that 分数，数轴 does not hold the phrase "分数 数轴" that the query 分数轴 asks for.
 */
export const BOUNDARY_TOKEN = '\ue000'

/** Turns text into the space-separated token string stored in the FTS5 index. */
export function indexTokens(text: string): string {
  const tokens: string[] = []
  let previous: { kind: RunKind; last: string; end: number } | undefined
  for (const match of normalizeText(text).matchAll(RUN)) {
    const han = match[1]
    if (han !== undefined) {
      const first = han.codePointAt(0)
      if (
        previous?.kind === 'han' &&
        previous.end < match.index &&
        first !== undefined &&
        previous.last === String.fromCodePoint(first)
      ) {
        tokens.push(BOUNDARY_TOKEN)
      }
      tokens.push(...hanBigrams(han))
      previous = { kind: 'han', last: Array.from(han).at(-1) ?? '', end: match.index + han.length }
    } else if (match[2] !== undefined) {
      const word = foldWord(match[2])
      if (word !== '') tokens.push(word)
      previous = { kind: 'word', last: '', end: match.index + match[2].length }
    }
  }
  return tokens.join(' ')
}

/** One search term of a query: the runs of a whitespace- or punctuation-delimited piece. */
export interface QueryTerm {
  /** Han runs and folded words, in order. */
  runs: TextRun[]
  /** Whether the last word is matched as a prefix (the last term of a query, when it ends in a word). */
  prefix: boolean
}

const TERM_SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u

/** Counts code points, the unit of {@link MAX_QUERY_LENGTH}. */
function codePointLength(text: string): number {
  let length = 0
  for (const _char of text) length++
  return length
}

/**
 * Splits a user query into terms at whitespace and punctuation (after NFKC), dropping pieces
 * with no letter or digit. Throws {@link QueryTooLongError} for more than 200 characters.
 */
export function queryTerms(query: string): QueryTerm[] {
  const length = codePointLength(query)
  if (length > MAX_QUERY_LENGTH) throw new QueryTooLongError(length)
  const terms: QueryTerm[] = []
  for (const piece of normalizeText(query).split(TERM_SEPARATOR)) {
    if (piece === '') continue
    const runs = textRuns(piece)
    if (runs.length > 0) terms.push({ runs, prefix: false })
  }
  const last = terms.at(-1)
  if (last && last.runs.at(-1)?.kind === 'word') last.prefix = true
  return terms
}

/** Quotes a token as an FTS5 string; tokens hold no quote, but one would be doubled. */
function quote(token: string): string {
  return `"${token.replaceAll('"', '""')}"`
}

/** The FTS5 expression of one term. */
function termExpression(term: QueryTerm): string {
  const last = term.runs.at(-1)
  // A term ending in a single Han character (分, x分) matches any bigram that starts with it.
  const singleHan = last?.kind === 'han' && Array.from(last.text).length === 1
  const tokens = term.runs.flatMap(runTokens)
  return `${quote(tokens.join(' '))}${term.prefix || singleHan ? '*' : ''}`
}

/**
 * Builds a safe FTS5 MATCH expression from what a teacher typed: terms are ANDed, each a quoted
 * phrase of its tokens (分数的意义 → "分数 数的 的意 意义"), a lone Han character a prefix
 * (分*), the last term a prefix when it ends in a Latin word. Returns null when the query has no
 * term; throws {@link QueryTooLongError} beyond 200 characters.
 */
export function queryExpression(query: string): string | null {
  const terms = queryTerms(query)
  if (terms.length === 0) return null
  return terms.map(termExpression).join(' AND ')
}
