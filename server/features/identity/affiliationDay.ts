import { localDayOf } from '../../../shared/identity/affiliations.ts'

/**
 * "Today" for exchange affiliations: the server's local calendar day (`YYYY-MM-DD`, in the time
 * zone of the server process, TZ). The source is process-wide so that every place that loads a
 * user agrees on the day; a test replaces it through `StartOptions.today` and moves it.
 */
let source: () => string = () => localDayOf(new Date())

/** The current local day, `YYYY-MM-DD`. */
export function today(): string {
  return source()
}

/** Replaces where "today" comes from (null: the real local date again). */
export function setTodaySource(next: (() => string) | null): void {
  source = next ?? (() => localDayOf(new Date()))
}
