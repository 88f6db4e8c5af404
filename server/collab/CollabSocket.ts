/** The transport a connection talks through: a websocket in production, anything in tests. */
export interface CollabSocket {
  /** Sends one binary frame (nothing once the socket is closing). */
  sendFrame(data: Uint8Array): void
  /** Closes with a close code from `shared/closeCodes.ts` and a reason (cut to fit). */
  closeWith(code: number, reason: string): void
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number
}
