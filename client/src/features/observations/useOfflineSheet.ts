import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type {
  ObservationInfo,
  ObserverSheet,
} from '../../../../shared/observations/observationApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { fetchSheet, observationRequest } from './api.ts'
import {
  acknowledge,
  enqueue,
  loadStored,
  type StoredSheet,
  saveStored,
  storageKey,
} from './outboxStore.ts'
import { applyChange, emptySheet, requestOf, type SheetChange } from './sheetChanges.ts'

/** How often a non-empty outbox tries again while the server cannot be reached. */
const RETRY_MS = 4_000

/** Where the sheet stands: everything saved, sending, or waiting for the network. */
export type OutboxState = 'saved' | 'sending' | 'offline'

/** The observer's sheet, kept on the device first and sent when the server can be reached. */
export interface OfflineSheet {
  /** The sheet with every unsent change applied. */
  sheet: ObserverSheet
  /** The observation as last seen (from the device when the server cannot be reached). */
  info: ObservationInfo | null
  /** Applies a change locally at once and queues it. */
  change(change: SheetChange): void
  /** How many changes wait to be sent. */
  pending: number
  state: OutboxState
  /** The last change the server refused (dropped from the outbox), if any. */
  rejected: ApiError | null
  /** Sends what waits now. */
  flush(): Promise<void>
}

/** Whether the server refused this change for good (so replaying it would never help). */
function refusedForGood(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 429
  )
}

/**
 * The offline-first sheet of one observer: every change goes to the device's outbox (so a
 * reload keeps it), is shown at once, and is sent in order with idempotent requests whenever
 * the server answers. `liveInfo` is the observation as fetched now (kept for offline reloads).
 */
export function useOfflineSheet(
  userId: string,
  observationId: string,
  liveInfo: ObservationInfo | undefined,
): OfflineSheet {
  const key = storageKey(userId, observationId)
  const [stored, setStored] = useState<StoredSheet>(() => loadStored(key))
  const storedRef = useRef(stored)
  const [reachable, setReachable] = useState(true)
  const [online, setOnline] = useState(() => navigator.onLine)
  const [rejected, setRejected] = useState<ApiError | null>(null)
  const flushing = useRef(false)

  const update = useCallback(
    (next: (current: StoredSheet) => StoredSheet) => {
      storedRef.current = next(storedRef.current)
      saveStored(key, storedRef.current)
      setStored(storedRef.current)
    },
    [key],
  )

  const flush = useCallback(async (): Promise<void> => {
    if (flushing.current) return
    flushing.current = true
    try {
      for (;;) {
        const entry = storedRef.current.entries[0]
        if (!entry) break
        const request = requestOf(observationId, entry.change)
        try {
          const answer = await observationRequest<ObserverSheet>(
            request.method,
            request.path,
            request.body,
          )
          update((current) => acknowledge(current, entry.seq, answer))
          setReachable(true)
        } catch (error) {
          if (!refusedForGood(error)) {
            setReachable(false)
            break
          }
          // Refused (closed, out of range…): replaying it would be refused again.
          setRejected(error)
          update((current) => acknowledge(current, entry.seq, null))
        }
      }
    } finally {
      flushing.current = false
    }
  }, [observationId, update])

  // The server's copy first (what it confirmed), then whatever waits on the device.
  useEffect(() => {
    let cancelled = false
    fetchSheet(observationId)
      .then((sheet) => {
        if (cancelled) return
        setReachable(true)
        update((current) => ({ ...current, base: sheet }))
        void flush()
      })
      .catch((error: unknown) => {
        if (!cancelled && !refusedForGood(error)) setReachable(false)
      })
    return () => {
      cancelled = true
    }
  }, [observationId, update, flush])

  useEffect(() => {
    if (liveInfo) update((current) => ({ ...current, info: liveInfo }))
  }, [liveInfo, update])

  useEffect(() => {
    const goOnline = () => {
      setOnline(true)
      void flush()
    }
    const goOffline = () => setOnline(false)
    window.addEventListener('online', goOnline)
    window.addEventListener('offline', goOffline)
    return () => {
      window.removeEventListener('online', goOnline)
      window.removeEventListener('offline', goOffline)
    }
  }, [flush])

  const pending = stored.entries.length
  useEffect(() => {
    if (pending === 0) return
    const timer = window.setInterval(() => void flush(), RETRY_MS)
    return () => window.clearInterval(timer)
  }, [pending, flush])

  const change = useCallback(
    (next: SheetChange) => {
      update((current) => enqueue(current, next))
      void flush()
    },
    [update, flush],
  )

  const sheet = useMemo(
    () =>
      stored.entries.reduce(
        (current, entry) => applyChange(current, entry.change),
        stored.base ?? emptySheet(observationId),
      ),
    [stored, observationId],
  )

  const state: OutboxState = pending === 0 ? 'saved' : online && reachable ? 'sending' : 'offline'
  return { sheet, info: liveInfo ?? stored.info, change, pending, state, rejected, flush }
}
