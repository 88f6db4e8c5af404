import type { CollabSocket } from '../../server/collab/CollabSocket.ts'

/** A collaboration socket that keeps the frames sent through it. */
export class RecordingSocket implements CollabSocket {
  readonly sent: Uint8Array[] = []
  /** Bytes the test says are queued (a client that stopped reading). */
  bufferedAmount = 0
  /** The close code, once the connection closed the socket. */
  closedWith: number | null = null
  sendFrame(data: Uint8Array): void {
    this.sent.push(data)
  }
  closeWith(code: number): void {
    this.closedWith = code
  }
}
