import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  AWARENESS_WINDOW_MAX_MS,
  AWARENESS_WINDOW_MIN_MS,
  AwarenessRelay,
  awarenessWindowMs,
  LARGE_SESSION_CONNECTIONS,
} from '../../server/collab/AwarenessRelay.ts'
import { Connection } from '../../server/collab/Connection.ts'
import { createLogger } from '../../server/logger.ts'
import { decodeMessage } from '../helpers/protocolDecode.ts'
import { RecordingSocket } from '../helpers/RecordingSocket.ts'

const log = createLogger('silent')

/** A server-side awareness, a relay over `count` connections, and their sockets. */
function session(count: number) {
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  awareness.setLocalState(null)
  const sockets = Array.from({ length: count }, () => new RecordingSocket())
  const connections = new Set(sockets.map((socket) => new Connection(socket, 'doc', log)))
  const failures: string[] = []
  const relay = new AwarenessRelay(awareness, connections, {
    guardFailed: (error, what) => failures.push(`${what}: ${String(error)}`),
  })
  return { doc, awareness, sockets, relay, failures }
}

/** Sets the state of a client of its own on the server's awareness, as a received update would. */
function clientSays(awareness: Awareness, name: string): number {
  const peer = new Awareness(new Y.Doc())
  peer.setLocalState({ user: { name } })
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(peer, [peer.clientID]), 'test')
  return peer.clientID
}

/** The names a connection's client learns from the awareness messages it received. */
function namesReceived(socket: RecordingSocket): string[] {
  const client = new Awareness(new Y.Doc())
  client.setLocalState(null)
  for (const frame of socket.sent) {
    const message = decodeMessage(frame)
    if (message.kind !== 'awareness') throw new Error(`not an awareness frame: ${message.kind}`)
    applyAwarenessUpdate(client, message.payload, 'server')
  }
  return [...client.getStates().values()]
    .map((state) => (state as { user?: { name?: string } }).user?.name ?? '')
    .sort()
}

describe('awarenessWindowMs', () => {
  it('grows with the session, one millisecond per connection, between the bounds', () => {
    expect(awarenessWindowMs(LARGE_SESSION_CONNECTIONS + 1)).toBe(AWARENESS_WINDOW_MIN_MS)
    expect(awarenessWindowMs(120)).toBe(120)
    expect(awarenessWindowMs(200)).toBe(AWARENESS_WINDOW_MAX_MS)
    expect(awarenessWindowMs(5000)).toBe(AWARENESS_WINDOW_MAX_MS)
  })
})

describe('AwarenessRelay', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('relays the changes of one turn of a small session as one message to everyone', () => {
    const { awareness, sockets, relay } = session(3)
    relay.noteChanged([clientSays(awareness, '张老师')])
    relay.noteChanged([clientSays(awareness, '李老师')])
    expect(sockets.every((socket) => socket.sent.length === 0)).toBe(true)
    vi.advanceTimersToNextTimer()
    for (const socket of sockets) {
      expect(socket.sent).toHaveLength(1)
      expect(namesReceived(socket)).toEqual(['张老师', '李老师'])
    }
  })

  it('gathers a large session’s changes for its window, then sends them in one message', () => {
    const { awareness, sockets, relay } = session(150)
    const window = awarenessWindowMs(150)
    relay.noteChanged([clientSays(awareness, 'a')])
    vi.advanceTimersByTime(window - 10)
    relay.noteChanged([clientSays(awareness, 'b')])
    relay.noteChanged([clientSays(awareness, 'c')])
    vi.advanceTimersByTime(9)
    expect(sockets.every((socket) => socket.sent.length === 0)).toBe(true)
    vi.advanceTimersByTime(1)
    for (const socket of sockets) {
      expect(socket.sent).toHaveLength(1)
      expect(namesReceived(socket)).toEqual(['a', 'b', 'c'])
    }
    relay.noteChanged([clientSays(awareness, 'd')])
    vi.advanceTimersByTime(window)
    expect(sockets[0]?.sent).toHaveLength(2)
    expect(namesReceived(sockets[0] as RecordingSocket)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('drops what is pending when stopped', () => {
    const { awareness, sockets, relay } = session(40)
    relay.noteChanged([clientSays(awareness, 'a')])
    relay.stop()
    vi.advanceTimersByTime(AWARENESS_WINDOW_MAX_MS * 2)
    expect(sockets.every((socket) => socket.sent.length === 0)).toBe(true)
  })
})

describe('AwarenessRelay failures', () => {
  it('hands an exception of a scheduled flush to its guard instead of ending the process', async () => {
    const { awareness, relay, failures } = session(2)
    // A state the encoder cannot serialize (JSON.stringify throws on a BigInt).
    awareness.states.set(4711, { user: { name: 'x', big: 1n } })
    awareness.meta.set(4711, { clock: 1, lastUpdated: Date.now() })

    relay.noteChanged([4711])
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))

    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain('relaying presence failed')
  })
})
