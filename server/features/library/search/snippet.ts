/**
 * Highlighting for library search results. FTS5's snippet() would show the indexed bigram soup,
 * so matches are found again here in the original text: the text is folded character by
 * character (NFKC, lowercase, no diacritics) with a map back to the original offsets, the query's
 * Han runs are found as substrings and its words as whole words (or word prefixes), and the
 * original text around them is HTML-escaped with `<mark>` around each match.
 */
import { foldWord, type QueryTerm } from './cjkTokens.ts'

/** Length of a snippet in characters, not counting the ellipses. */
export const SNIPPET_LENGTH = 80

/** Characters of context kept before the first match. */
const CONTEXT_BEFORE = 20

/** Something to highlight: a Han run (any occurrence) or a word (whole word, or word prefix). */
export interface Needle {
  /** Han runs match anywhere in Han text; words match whole folded words. */
  kind: 'han' | 'word'
  /** Folded text of the needle. */
  text: string
  /** For words: whether a longer word starting with the needle matches too. */
  prefix: boolean
}

/** The needles of a parsed query: each term's Han runs and words; the last word of a prefix term is a prefix. */
export function queryNeedles(terms: readonly QueryTerm[]): Needle[] {
  const needles: Needle[] = []
  for (const term of terms) {
    term.runs.forEach((run, index) => {
      const prefix = run.kind === 'word' && term.prefix && index === term.runs.length - 1
      needles.push({ kind: run.kind, text: run.text, prefix })
    })
  }
  return needles
}

/** Text folded for matching, with each folded UTF-16 unit's range in the original text. */
interface FoldedText {
  folded: string
  /** Original start offset of folded unit i. */
  starts: number[]
  /** Original end offset (exclusive) of folded unit i. */
  ends: number[]
}

const HAN_LETTER = /(?=\p{Script=Han})[\p{L}\p{N}]/u
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u
const FOLDED_WORD = /(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu

/** Folds one code point: Han letters stay, other letters and digits fold, the rest is a space. */
function foldChar(char: string): string {
  const code = char.charCodeAt(0)
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) return char
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32)
    return ' '
  }
  if (code >= 0x4e00 && code <= 0x9fff) return char
  let out = ''
  for (const normalized of char.normalize('NFKC')) {
    if (HAN_LETTER.test(normalized)) out += normalized
    else if (WORD_CHAR.test(normalized)) out += foldWord(normalized)
    else out += ' '
  }
  return out
}

function foldText(text: string): FoldedText {
  let folded = ''
  const starts: number[] = []
  const ends: number[] = []
  let offset = 0
  for (const char of text) {
    const end = offset + char.length
    const piece = foldChar(char)
    if (piece === '' && ends.length > 0) {
      // A combining mark folds away: it belongs to the character before it.
      ends[ends.length - 1] = end
    }
    for (let unit = 0; unit < piece.length; unit++) {
      starts.push(offset)
      ends.push(end)
    }
    folded += piece
    offset = end
  }
  return { folded, starts, ends }
}

/** A highlighted range of the original text. */
interface Range {
  start: number
  end: number
}

/** Ranges of the original text that match a needle, sorted and merged. */
function matchRanges(source: FoldedText, needles: readonly Needle[]): Range[] {
  const { folded, starts, ends } = source
  const found: Range[] = []
  const toOriginal = (from: number, to: number): Range => ({
    start: starts[from] ?? 0,
    end: ends[to - 1] ?? 0,
  })
  for (const needle of needles) {
    if (needle.kind !== 'han' || needle.text === '') continue
    for (let at = folded.indexOf(needle.text); at >= 0; at = folded.indexOf(needle.text, at + 1)) {
      found.push(toOriginal(at, at + needle.text.length))
    }
  }
  const words = needles.filter((needle) => needle.kind === 'word' && needle.text !== '')
  if (words.length > 0) {
    for (const match of folded.matchAll(FOLDED_WORD)) {
      const word = match[0]
      const hit = words.some((needle) =>
        needle.prefix ? word.startsWith(needle.text) : word === needle.text,
      )
      if (hit) found.push(toOriginal(match.index, match.index + word.length))
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Range[] = []
  for (const range of found) {
    const last = merged.at(-1)
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML and collapses whitespace (paragraph breaks) to single spaces. */
export function escapeHtml(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}

/** Renders text[start, end) escaped, with `<mark>` around the parts of ranges inside it. */
function render(text: string, ranges: readonly Range[], start: number, end: number): string {
  let html = ''
  let at = start
  for (const range of ranges) {
    const from = Math.max(range.start, start)
    const to = Math.min(range.end, end)
    if (from >= to) continue
    html += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`
    at = to
  }
  return html + escapeHtml(text.slice(at, end))
}

/** Moves an offset off the low half of a surrogate pair. */
function atCodePoint(text: string, offset: number): number {
  const code = text.charCodeAt(offset)
  return code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset
}

/** The whole text, HTML-escaped, with every match marked (for titles). */
export function highlightAll(text: string, needles: readonly Needle[]): string {
  return render(text, matchRanges(foldText(text), needles), 0, text.length)
}

/**
 * About {@link SNIPPET_LENGTH} characters of text around the first match, HTML-escaped, with
 * every match in it marked and an ellipsis where the text was cut; the start of the text when
 * nothing matches.
 */
export function snippetAround(text: string, needles: readonly Needle[]): string {
  const ranges = matchRanges(foldText(text), needles)
  const first = ranges[0]
  let start = first ? Math.max(0, first.start - CONTEXT_BEFORE) : 0
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end - start < SNIPPET_LENGTH) start = Math.max(0, end - SNIPPET_LENGTH)
  if (first && first.end > end) end = first.end
  start = atCodePoint(text, start)
  end = atCodePoint(text, end)
  const body = render(text, ranges, start, end).trim()
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`
}
