import { addDays } from '../../../shared/identity/affiliations.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { Logger } from '../../logger.ts'
import { usersWithAffiliationChanges } from './affiliationQueries.ts'

/** How often the clock looks whether the local day changed. */
export const AFFILIATION_CLOCK_INTERVAL_MS = 60_000

/** Starts and ends exchange affiliations on open connections when the day changes. */
export interface AffiliationClock {
  /** Checks the day now: on a new day (and on the first call), rechecks the users concerned. */
  tick(): Promise<void>
  /** Stops the minute timer. */
  stop(): void
}

/** What the clock needs: the database, the day, and the local recheck of users' connections. */
export interface AffiliationClockDeps {
  kdb: AppKysely
  today: () => string
  recheckUsers: (userIds: readonly string[]) => Promise<void>
  log: Logger
  /** Milliseconds between checks (`AFFILIATION_CLOCK_INTERVAL_MS`); 0 for no timer (tests tick). */
  intervalMs?: number
}

/**
 * The clock of exchange affiliations: once at start and whenever the local day changes, the
 * users whose affiliation started or ended since the last day seen get their open connections
 * rechecked (each instance rechecks its own connections, so nothing is relayed).
 */
export function startAffiliationClock(deps: AffiliationClockDeps): AffiliationClock {
  let lastDay: string | null = null
  let running: Promise<void> = Promise.resolve()
  const check = async (): Promise<void> => {
    const day = deps.today()
    if (day === lastDay) return
    const previous = lastDay ?? addDays(day, -1)
    const userIds = await usersWithAffiliationChanges(deps.kdb, previous, day)
    lastDay = day
    if (userIds.length > 0) {
      deps.log.info({ day, users: userIds.length }, 'exchange affiliations changed with the day')
      await deps.recheckUsers(userIds)
    }
  }
  // Ticks run one after another, so two overlapping ticks never recheck the same day twice.
  const tick = (): Promise<void> => {
    running = running.then(check, check)
    return running
  }
  const intervalMs = deps.intervalMs ?? AFFILIATION_CLOCK_INTERVAL_MS
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          tick().catch((error: unknown) => deps.log.error({ err: error }, 'affiliation clock'))
        }, intervalMs)
      : null
  timer?.unref()
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer)
    },
  }
}
