import type { Duplex } from 'node:stream'
import { type RawData, WebSocket } from 'ws'
import { CloseCode } from '../../shared/closeCodes.ts'
import { writeBinaryFrame } from './binaryFrame.ts'
import type { CollabSocket } from './CollabSocket.ts'
import type { Connection } from './Connection.ts'

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

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

/** Hands a frame to its connection; a text frame or a server bug costs that connection only. */
function receiveFrame(connection: Connection, data: RawData, isBinary: boolean): void {
  if (!isBinary) {
    connection.fail(CloseCode.UnsupportedData, 'text frames are not part of the protocol')
    return
  }
  try {
    connection.receive(toBytes(data))
  } catch (error) {
    connection.crash(error, 'message handling failed')
  }
}

/**
 * The server side of a collaboration websocket (the WebSocketServer creates its sockets with
 * this class): the transport of its connection, and the one that hands it its events. Four
 * listeners (message, pong, close, error) per socket would cost about 300 bytes of heap for
 * every open connection, and an adapter object more, so these events are dispatched here,
 * before any listener; the others (and 'close', which the WebSocketServer listens to as well)
 * go on to listeners as usual.
 */
export class CollabWebSocket extends WebSocket implements CollabSocket {
  connection: Connection | null = null
  /** Whether the peer answered the last ping (a new socket counts as alive). */
  alive = true

  /**
   * The upgraded socket, once the handshake is done. Frames are written to it directly: a
   * relayed message is framed once for all its recipients instead of once per send by `ws`.
   * That is safe while `ws` writes each of its own frames (pings, the close frame) whole and at
   * once, as it does without permessage-deflate (off for this server) and without Blob data.
   */
  private transport: Duplex | null = null

  /** Sends through `socket`, the one this websocket was upgraded on. */
  useTransport(socket: Duplex): void {
    this.transport = socket
  }

  sendFrame(data: Uint8Array): void {
    if (this.readyState !== WebSocket.OPEN) return
    const transport = this.transport
    if (!transport) this.send(data, { binary: true })
    else if (transport.writable) writeBinaryFrame(transport, data)
  }

  closeWith(code: number, reason: string): void {
    if (this.readyState === WebSocket.OPEN || this.readyState === WebSocket.CONNECTING) {
      this.close(code, fitCloseReason(reason))
    }
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const connection = this.connection
    switch (event) {
      case 'message':
        if (connection) receiveFrame(connection, args[0] as RawData, args[1] === true)
        return true
      case 'pong':
        this.alive = true
        return true
      case 'error':
        if (connection && args[0] instanceof Error) connection.socketFailed(args[0])
        return true
      case 'close':
        connection?.onSocketClosed()
        break
    }
    return super.emit(event, ...args)
  }
}
