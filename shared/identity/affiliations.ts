import type { PublicUser } from '../domain.ts'

/**
 * Exchange affiliations (交流轮岗): a teacher also belongs to a host school from `startsOn` to
 * `endsOn`, both days included. Days are `YYYY-MM-DD` strings in the server's local time zone,
 * so comparing them as strings compares the days.
 */

/** Where an affiliation stands on a given day. */
export type AffiliationStatus = 'upcoming' | 'active' | 'ended'

/** The longest affiliation, in days (three years, leap days included). */
export const MAX_AFFILIATION_DAYS = 3 * 366

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/** Whether `value` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  const match = DAY_PATTERN.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function localDayOf(instant: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`
}

/** Days since the epoch of a `YYYY-MM-DD` day (calendar arithmetic, no time zone). */
function dayNumber(day: string): number {
  const [year, month, date] = day.split('-').map(Number)
  return Math.round(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1) / MS_PER_DAY)
}

/** The day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  const date = new Date((dayNumber(day) + n) * MS_PER_DAY)
  const pad = (v: number): string => String(v).padStart(2, '0')
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** How many days an affiliation lasts, both ends included. */
export function affiliationLength(startsOn: string, endsOn: string): number {
  return dayNumber(endsOn) - dayNumber(startsOn) + 1
}

/** The status of an affiliation on `today`: active from `startsOn` to `endsOn`, both included. */
export function affiliationStatus(
  affiliation: { startsOn: string; endsOn: string },
  today: string,
): AffiliationStatus {
  if (today < affiliation.startsOn) return 'upcoming'
  if (today > affiliation.endsOn) return 'ended'
  return 'active'
}

/** Whether two day ranges (ends included) share at least one day. */
export function rangesOverlap(
  a: { startsOn: string; endsOn: string },
  b: { startsOn: string; endsOn: string },
): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn
}

/** The schools a user belongs to today: the home school, then the hosts of active exchanges. */
export function schoolIdsOf(user: Pick<PublicUser, 'schoolId' | 'affiliatedSchoolIds'>): string[] {
  const hosts = (user.affiliatedSchoolIds ?? []).filter((id) => id !== user.schoolId)
  return [user.schoolId, ...hosts]
}
