import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Connection } from '../../server/collab/Connection.ts'
import { mergeUpdatesInTree } from '../../server/collab/mergeUpdatesInTree.ts'
import { relayRow } from '../../server/collab/relayRow.ts'
import { createLogger } from '../../server/logger.ts'
import { SyncMessageType } from '../../shared/protocol.ts'
import { decodeMessage } from '../helpers/protocolDecode.ts'
import { RecordingSocket } from '../helpers/RecordingSocket.ts'

const log = createLogger('silent')

function connect(): { connection: Connection; socket: RecordingSocket } {
  const socket = new RecordingSocket()
  return { connection: new Connection(socket, 'doc', log), socket }
}

/** The Yjs update a sync update message carries. */
function updateOf(message: Uint8Array): Uint8Array {
  const decoded = decodeMessage(message)
  if (decoded.kind !== 'sync' || decoded.subType !== SyncMessageType.Update) {
    throw new Error(`not a sync update: ${JSON.stringify(decoded)}`)
  }
  return decoded.payload
}

/** One real edit: `text` typed by a client of its own into the shared text. */
function typed(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('body').insert(0, text)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** The text a fresh document holds after applying `updates`. */
function textAfter(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  const text = doc.getText('body').toString()
  doc.destroy()
  return text
}

describe('relayRow', () => {
  it('sends a row of one sender to everyone else, and nothing back to the sender', () => {
    const writer = connect()
    const watchers = [connect(), connect()]
    const connections = new Set([writer.connection, ...watchers.map((w) => w.connection)])
    const first = typed('甲')
    const second = typed('乙')
    const merged = mergeUpdatesInTree([first, second])
    relayRow(connections, {
      updates: [{ origin: writer.connection }, { origin: writer.connection }],
      merged,
    })
    expect(writer.socket.sent).toHaveLength(0)
    for (const watcher of watchers) {
      expect(watcher.socket.sent).toHaveLength(1)
      expect(updateOf(watcher.socket.sent[0] as Uint8Array)).toEqual(merged)
    }
    // One message, encoded once, for every recipient.
    expect(watchers[0]?.socket.sent[0]).toBe(watchers[1]?.socket.sent[0])
  })

  it('sends a row merged from several senders to everyone, senders included, as one message', () => {
    const a = connect()
    const b = connect()
    const watcher = connect()
    const connections = new Set([a.connection, b.connection, watcher.connection])
    const fromA = typed('春眠不觉晓')
    const fromB = typed('处处闻啼鸟')
    const merged = mergeUpdatesInTree([fromA, fromB])
    relayRow(connections, { updates: [{ origin: a.connection }, { origin: b.connection }], merged })
    const received = [a, b, watcher].map(({ socket }) => {
      expect(socket.sent).toHaveLength(1)
      return socket.sent[0] as Uint8Array
    })
    expect(received[1]).toBe(received[0])
    expect(received[2]).toBe(received[0])
    // Each sender ends with the other's edit: its own, received back, changes nothing.
    const withBoth = textAfter([fromA, fromB])
    expect(textAfter([fromA, updateOf(received[0] as Uint8Array)])).toBe(withBoth)
    expect(textAfter([fromB, updateOf(received[1] as Uint8Array)])).toBe(withBoth)
    expect(textAfter([updateOf(received[2] as Uint8Array)])).toBe(withBoth)
  })

  it('skips closed connections', () => {
    const writer = connect()
    const gone = connect()
    const watcher = connect()
    gone.connection.close(1000, 'bye')
    relayRow(new Set([writer.connection, gone.connection, watcher.connection]), {
      updates: [{ origin: writer.connection }],
      merged: typed('x'),
    })
    expect(gone.socket.sent).toHaveLength(0)
    expect(watcher.socket.sent).toHaveLength(1)
  })
})
