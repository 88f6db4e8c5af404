import http from 'node:http'
import { MEETING_EVENT, type MeetingSnapshot } from '../../shared/meetings/meetingApi.ts'
import type { TestServer } from './testServer.ts'

/** An open event stream that keeps every snapshot it receives. */
export interface StreamClient {
  status: number
  snapshots: MeetingSnapshot[]
  /** Every event (name and parsed data), in order. */
  events: { event: string; data: unknown }[]
  latest(): MeetingSnapshot
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  close(): void
}

/** Opens a meeting's event stream as a signed-in user: joining the meeting (attendance). */
export function openStream(
  server: TestServer,
  cookie: string,
  sessionId: string,
): Promise<StreamClient> {
  return new Promise((resolveStream, reject) => {
    const request = http.get(
      new URL(`/api/sessions/${sessionId}/events`, server.httpUrl),
      { headers: { cookie, accept: 'text/event-stream' }, agent: false },
      (response) => {
        const snapshots: MeetingSnapshot[] = []
        const events: { event: string; data: unknown }[] = []
        let buffer = ''
        let endStream: () => void = () => {}
        const ended = new Promise<void>((done) => {
          endStream = done
        })
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          buffer += chunk
          for (;;) {
            const boundary = buffer.indexOf('\n\n')
            if (boundary < 0) break
            const message = buffer.slice(0, boundary)
            buffer = buffer.slice(boundary + 2)
            const lines = message.split('\n')
            const event = lines
              .find((line) => line.startsWith('event:'))
              ?.slice(6)
              .trim()
            const data = lines
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n')
            if (!data) continue
            const parsed: unknown = JSON.parse(data)
            events.push({ event: event ?? 'message', data: parsed })
            if (event === MEETING_EVENT) snapshots.push(parsed as MeetingSnapshot)
          }
        })
        response.on('end', () => endStream())
        response.on('close', () => endStream())
        resolveStream({
          status: response.statusCode ?? 0,
          snapshots,
          events,
          latest: () => {
            const last = snapshots.at(-1)
            if (!last) throw new Error('no snapshot yet')
            return last
          },
          ended,
          close: () => request.destroy(),
        })
      },
    )
    request.on('error', reject)
  })
}
