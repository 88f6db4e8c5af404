import type { CollabSocket } from '../../server/collab/CollabSocket.ts'

/** A collaboration socket that keeps the frames sent through it. */
export class RecordingSocket implements CollabSocket {
  readonly sent: Uint8Array[] = []
  readonly bufferedAmount = 0
  sendFrame(data: Uint8Array): void {
    this.sent.push(data)
  }
  closeWith(): void {}
}
