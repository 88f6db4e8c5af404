import { WebSocket } from 'ws'
import type { CollabSocket } from './CollabSocket.ts'

/** Adapts a `ws` WebSocket to the `CollabSocket` interface. */
export class WsSocket implements CollabSocket {
  constructor(private readonly ws: WebSocket) {}

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data, { binary: true })
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason)
    }
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }
}
