/**
 * School terms are written `<first year>-<second year>-<1|2>`, e.g. `2026-2027-1` for the
 * autumn term of the school year 2026/27 and `2026-2027-2` for its spring term.
 */

const TERM_PATTERN = /^(\d{4})-(\d{4})-([12])$/

/** The term after `term` (`2026-2027-1` → `2026-2027-2` → `2027-2028-1`); null if not of that form. */
export function nextTerm(term: string): string | null {
  const match = TERM_PATTERN.exec(term.trim())
  if (!match) return null
  const first = Number(match[1])
  const second = Number(match[2])
  if (match[3] === '1') return `${first}-${second}-2`
  return `${first + 1}-${second + 1}-1`
}
