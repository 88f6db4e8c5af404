import { describe, expect, it } from 'vitest'
import { Connection } from '../../server/collab/Connection.ts'
import { createLogger } from '../../server/logger.ts'
import { CloseCode } from '../../shared/closeCodes.ts'
import { AWARENESS_BURST, MAX_BUFFERED_BYTES } from '../../shared/limits.ts'
import { RecordingSocket } from '../helpers/RecordingSocket.ts'

const log = createLogger('silent')

describe('Connection.send', () => {
  it('drops a client as a slow consumer when the message would take its queue past MAX_BUFFERED_BYTES', () => {
    const socket = new RecordingSocket()
    const connection = new Connection(socket, 'doc', log)
    socket.bufferedAmount = MAX_BUFFERED_BYTES - 1024

    connection.send(new Uint8Array(2048))

    expect(socket.sent).toHaveLength(0)
    expect(socket.closedWith).toBe(CloseCode.SlowConsumer)
    expect(connection.isClosed).toBe(true)
  })

  it('sends a message that fits in what may still be queued', () => {
    const socket = new RecordingSocket()
    const connection = new Connection(socket, 'doc', log)
    socket.bufferedAmount = MAX_BUFFERED_BYTES - 4096

    connection.send(new Uint8Array(2048))

    expect(socket.sent).toHaveLength(1)
    expect(connection.isClosed).toBe(false)
  })
})

describe('Connection.takePresenceAllowance', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    const connection = new Connection(new RecordingSocket(), 'doc', log)
    const now = 1_000_000
    for (let index = 0; index < AWARENESS_BURST; index++) {
      expect(connection.takePresenceAllowance(now)).toBe(true)
    }
    expect(connection.takePresenceAllowance(now)).toBe(false)
    expect(connection.takePresenceAllowance(now + 1000)).toBe(true)
  })
})
