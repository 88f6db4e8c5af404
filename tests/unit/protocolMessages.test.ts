import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.ts'
import {
  encodeAwareness,
  encodeAwarenessJson,
  encodeAwarenessStates,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from '../../shared/protocolMessages.ts'

/** The bytes y-protocols writes for one message of `type`, as the stock provider sends them. */
function stock(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

describe('the protocol encoder writes the bytes of y-protocols', () => {
  const doc = new Y.Doc()
  doc.getText('content').insert(0, 'some text')

  it('sync step 1, step 2 and update', () => {
    const update = Y.encodeStateAsUpdate(doc)
    expect(encodeSyncStep1(Y.encodeStateVector(doc))).toEqual(
      stock(MessageType.Sync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc)),
    )
    expect(encodeSyncStep2(update)).toEqual(
      stock(MessageType.Sync, (encoder) => syncProtocol.writeSyncStep2(encoder, doc)),
    )
    expect(encodeUpdate(update)).toEqual(
      stock(MessageType.Sync, (encoder) => syncProtocol.writeUpdate(encoder, update)),
    )
  })

  it('awareness updates, from states or from JSON text', () => {
    const awareness = new awarenessProtocol.Awareness(doc)
    awareness.setLocalState({ user: { name: 'A' } })
    const stockUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
    const entry = { clientId: doc.clientID, clock: awareness.meta.get(doc.clientID)?.clock ?? 0 }
    expect(encodeAwarenessStates([{ ...entry, state: { user: { name: 'A' } } }])).toEqual(
      stockUpdate,
    )
    expect(encodeAwarenessJson([{ ...entry, json: '{"user":{"name":"A"}}' }])).toEqual(stockUpdate)
    expect(encodeAwareness(stockUpdate)).toEqual(
      stock(MessageType.Awareness, (encoder) => encoding.writeVarUint8Array(encoder, stockUpdate)),
    )
    awareness.destroy()
  })
})
