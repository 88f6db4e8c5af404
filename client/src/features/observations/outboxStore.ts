/**
 * The observer's outbox on this device (localStorage, keyed by user and observation): the last
 * sheet the server confirmed, the observation itself (to score without the network) and the
 * changes not sent yet. It survives a reload, so nothing typed offline is lost.
 */
import type {
  ObservationInfo,
  ObserverSheet,
} from '../../../../shared/observations/observationApi.ts'
import { changeKey, type SheetChange } from './sheetChanges.ts'

/** One queued change; `seq` tells a replaced entry from the one that was sent. */
export interface OutboxEntry {
  seq: number
  key: string
  change: SheetChange
}

/** What the device keeps for one observer and observation. */
export interface StoredSheet {
  /** The server's last answer (null before the first one). */
  base: ObserverSheet | null
  /** The observation (steps, rubric), for a reload without the network. */
  info: ObservationInfo | null
  entries: OutboxEntry[]
  nextSeq: number
}

/** The localStorage key of one observer's sheet of one observation. */
export function storageKey(userId: string, observationId: string): string {
  return `jibei.observation.${userId}.${observationId}`
}

/** Reads what the device keeps (an empty store when nothing, or something unreadable, is there). */
export function loadStored(key: string): StoredSheet {
  const empty: StoredSheet = { base: null, info: null, entries: [], nextSeq: 1 }
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return empty
    const parsed = JSON.parse(raw) as Partial<StoredSheet>
    return {
      base: parsed.base ?? null,
      info: parsed.info ?? null,
      entries: Array.isArray(parsed.entries) ? parsed.entries : [],
      nextSeq: typeof parsed.nextSeq === 'number' ? parsed.nextSeq : 1,
    }
  } catch {
    return empty
  }
}

/** Writes what the device keeps. */
export function saveStored(key: string, stored: StoredSheet): void {
  localStorage.setItem(key, JSON.stringify(stored))
}

/** The store with a change queued, replacing an unsent change of the same slot. */
export function enqueue(stored: StoredSheet, change: SheetChange): StoredSheet {
  const key = changeKey(change)
  return {
    ...stored,
    entries: [
      ...stored.entries.filter((entry) => entry.key !== key),
      { seq: stored.nextSeq, key, change },
    ],
    nextSeq: stored.nextSeq + 1,
  }
}

/** The store once an entry was answered: the server's sheet as base, that entry gone. */
export function acknowledge(
  stored: StoredSheet,
  seq: number,
  answer: ObserverSheet | null,
): StoredSheet {
  return {
    ...stored,
    base: answer ?? stored.base,
    entries: stored.entries.filter((entry) => entry.seq !== seq),
  }
}
