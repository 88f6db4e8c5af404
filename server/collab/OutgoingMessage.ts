import * as encoding from 'lib0/encoding'
import type { Awareness } from 'y-protocols/awareness'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

function syncMessage(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, subType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return syncMessage(SyncMessageType.Step1, Y.encodeStateVector(doc))
}

/** Sync step 2: everything in `doc` that a peer with `stateVector` lacks. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Step2, Y.encodeStateAsUpdate(doc, stateVector))
}

/** Sync step 2 carrying an already encoded state (e.g. the stored snapshot) as it is. */
export function syncStep2FromState(state: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Step2, state)
}

/** A sync update message carrying one Yjs update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Update, update)
}

/** An awareness message with the current states of `clients`. */
export function awarenessMessage(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/** An auth message telling the client that its edits are refused (y-protocols/auth). */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Auth)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}
