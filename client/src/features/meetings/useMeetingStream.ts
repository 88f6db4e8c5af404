import { useEffect, useState } from 'react'
import {
  MEETING_EVENT,
  MEETING_REVOKED_EVENT,
  type MeetingSnapshot,
} from '../../../../shared/meetings/meetingApi.ts'

/** What the room knows from the event stream. */
export interface MeetingStream {
  snapshot: MeetingSnapshot | null
  /** `serverNow - Date.now()` measured on the latest message: add it to read the server clock. */
  clockOffsetMs: number
  /** Whether the stream is open right now. */
  connected: boolean
  /** Set when the server refused the stream (HTTP status of `GET /api/sessions/:id`), else 0. */
  refusedStatus: number
  /** Set when the server ended the stream because the viewer lost access to the plan. */
  revoked: boolean
}

const MAX_BACKOFF_MS = 10_000

/**
 * Follows a meeting over Server-Sent Events (`/api/sessions/:id/events`, the session cookie signs
 * it in): keeps the latest snapshot and the offset to the server's clock, and reconnects with
 * backoff when the stream drops. Stops once the meeting has ended or the viewer lost access.
 */
export function useMeetingStream(meetingId: string): MeetingStream {
  const [stream, setStream] = useState<MeetingStream>({
    snapshot: null,
    clockOffsetMs: 0,
    connected: false,
    refusedStatus: 0,
    revoked: false,
  })

  useEffect(() => {
    let source: EventSource | null = null
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempts = 0
    let stopped = false
    setStream({
      snapshot: null,
      clockOffsetMs: 0,
      connected: false,
      refusedStatus: 0,
      revoked: false,
    })

    const stop = (): void => {
      stopped = true
      clearTimeout(retry)
      source?.close()
    }
    const connect = (): void => {
      if (stopped) return
      source = new EventSource(`/api/sessions/${encodeURIComponent(meetingId)}/events`)
      source.addEventListener('open', () => {
        attempts = 0
        setStream((current) => ({ ...current, connected: true }))
      })
      source.addEventListener(MEETING_EVENT, (event) => {
        const snapshot = JSON.parse((event as MessageEvent<string>).data) as MeetingSnapshot
        const clockOffsetMs = snapshot.serverNow - Date.now()
        setStream((current) =>
          current.snapshot &&
          current.snapshot.session.id === snapshot.session.id &&
          current.snapshot.state.version > snapshot.state.version
            ? current
            : { snapshot, clockOffsetMs, connected: true, refusedStatus: 0, revoked: false },
        )
        if (snapshot.state.status === 'ended') stop()
      })
      source.addEventListener(MEETING_REVOKED_EVENT, () => {
        // Final: the server closes the stream next; reconnecting would only be refused.
        stop()
        setStream((current) => ({ ...current, connected: false, revoked: true }))
      })
      source.addEventListener('error', () => {
        source?.close()
        setStream((current) => ({ ...current, connected: false }))
        if (stopped) return
        // Find out whether we were refused (403/404) rather than cut off.
        void fetch(`/api/sessions/${encodeURIComponent(meetingId)}`, {
          credentials: 'same-origin',
        })
          .then((response) => {
            if (response.status === 401 || response.status === 403 || response.status === 404) {
              setStream((current) => ({ ...current, refusedStatus: response.status }))
              stop()
            }
          })
          .catch(() => {})
          .finally(() => {
            if (stopped) return
            attempts += 1
            retry = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts))
          })
      })
    }
    connect()
    return stop
  }, [meetingId])

  return stream
}
