import { WebSocket } from 'ws'
import type { CollabSocket } from './CollabSocket.ts'

/** The websocket protocol allows at most 123 bytes of close reason. */
const MAX_CLOSE_REASON_BYTES = 123

/** Cuts `reason` to fit a close frame without splitting a character. */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason
  let fitted = ''
  for (const character of reason) {
    if (Buffer.byteLength(fitted + character) > MAX_CLOSE_REASON_BYTES - 3) break
    fitted += character
  }
  return `${fitted}...`
}

/** Adapts a `ws` WebSocket to the `CollabSocket` interface. */
export class WsSocket implements CollabSocket {
  constructor(private readonly ws: WebSocket) {}

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data, { binary: true })
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, fitCloseReason(reason))
    }
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }
}
