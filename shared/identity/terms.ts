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

/**
 * The days of a term, `YYYY-MM-DD`, start included and end excluded: the autumn term
 * (`…-1`) runs from 1 September to 1 February, the spring term (`…-2`) from 1 February to
 * 1 September. Null if `term` is not of the form above.
 */
export function termDays(term: string): { start: string; end: string } | null {
  const match = TERM_PATTERN.exec(term.trim())
  if (!match) return null
  const first = match[1]
  const second = match[2]
  if (match[3] === '1') return { start: `${first}-09-01`, end: `${second}-02-01` }
  return { start: `${second}-02-01`, end: `${second}-09-01` }
}

/** The term a day (`YYYY-MM-DD`) falls in, by {@link termDays}. */
export function termOfDay(day: string): string {
  const year = Number(day.slice(0, 4))
  const monthDay = day.slice(5)
  if (monthDay >= '09-01') return `${year}-${year + 1}-1`
  if (monthDay >= '02-01') return `${year - 1}-${year}-2`
  return `${year - 1}-${year}-1`
}
