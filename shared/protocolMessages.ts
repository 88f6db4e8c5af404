import * as encoding from 'lib0/encoding'
import { MessageType, SyncMessageType } from './protocol.ts'

// The one encoder of the Yjs websocket protocol's messages (see protocol.ts), for the server,
// the tests and the benchmarks alike. Each `encode…` builds one message with one encoder; the
// `write…` forms write the same bytes into an encoder the caller owns (e.g. after a prefix).

/** One entry of an awareness update: a client's id, its clock and its state (null = gone). */
export interface AwarenessState {
  clientId: number
  clock: number
  state: unknown
}

/** One entry of an awareness update whose state is given as JSON text, written as it is. */
export interface AwarenessJson {
  clientId: number
  clock: number
  json: string
}

/** Writes a sync message (`subType` of SyncMessageType, then the payload) into `encoder`. */
export function writeSyncMessage(
  encoder: encoding.Encoder,
  subType: number,
  payload: Uint8Array,
): void {
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, subType)
  encoding.writeVarUint8Array(encoder, payload)
}

/** Writes an awareness message carrying an encoded awareness update into `encoder`. */
export function writeAwarenessMessage(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, update)
}

/** A sync message of any sub-type (also an unknown one, for tests of the server's checks). */
export function encodeSyncMessage(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  writeSyncMessage(encoder, subType, payload)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: a state vector, asking the peer for what the sender lacks. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Step1, stateVector)
}

/** Sync step 2: an encoded update (the answer to a step 1, or a stored state as it is). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Step2, update)
}

/** A sync update message carrying one Yjs update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Update, update)
}

/** An awareness message carrying an encoded awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  writeAwarenessMessage(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** An auth message telling the client that its edits are refused (y-protocols/auth). */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Auth)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** Writes the entries of an awareness update, each state as the JSON text `json` gives for it. */
function encodeAwarenessEntries<Entry extends { clientId: number; clock: number }>(
  entries: readonly Entry[],
  json: (entry: Entry) => string,
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, json(entry))
  }
  return encoding.toUint8Array(encoder)
}

/** An awareness update (the body of an awareness message) with each state as JSON text as given. */
export function encodeAwarenessJson(entries: readonly AwarenessJson[]): Uint8Array {
  return encodeAwarenessEntries(entries, (entry) => entry.json)
}

/** An awareness update (the body of an awareness message) with each state as JSON. */
export function encodeAwarenessStates(entries: readonly AwarenessState[]): Uint8Array {
  return encodeAwarenessEntries(entries, (entry) => JSON.stringify(entry.state))
}
