import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MessageType, SyncMessageType } from '../../../shared/protocol.ts'
import {
  encodeAwarenessStates,
  writeAwarenessMessage,
  writeSyncMessage,
} from '../../../shared/protocolMessages.ts'

/** Wire dialect: the plain Yjs websocket protocol, or hocuspocus (document name prefix + auth). */
export type Dialect = 'yjs' | 'hocuspocus'

/** Hocuspocus's reply to a sync message (the plain protocol's types are in shared/protocol.ts). */
export const MESSAGE_SYNC_REPLY = 4

/** Builds one frame in `dialect` for `documentName`, letting `write` fill in the body. */
export function frame(
  dialect: Dialect,
  documentName: string,
  write: (encoder: encoding.Encoder) => void,
): Uint8Array {
  const encoder = encoding.createEncoder()
  if (dialect === 'hocuspocus') encoding.writeVarString(encoder, documentName)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** A sync message (`subType`, payload). */
export function syncFrame(
  dialect: Dialect,
  documentName: string,
  subType: number,
  payload: Uint8Array,
): Uint8Array {
  return frame(dialect, documentName, (encoder) => writeSyncMessage(encoder, subType, payload))
}

/** The hocuspocus authentication message carrying `token`. */
export function authFrame(documentName: string, token: string): Uint8Array {
  return frame('hocuspocus', documentName, (encoder) => {
    encoding.writeVarUint(encoder, MessageType.Auth)
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarString(encoder, token)
  })
}

/** An awareness message with one client's state. */
export function awarenessFrame(
  dialect: Dialect,
  documentName: string,
  clientId: number,
  clock: number,
  state: unknown,
): Uint8Array {
  const update = encodeAwarenessStates([{ clientId, clock, state }])
  return frame(dialect, documentName, (encoder) => writeAwarenessMessage(encoder, update))
}

/** A decoded incoming frame, as far as the observers care. */
export type Incoming =
  | { kind: 'step1' | 'step2' | 'update'; payload: Uint8Array }
  | { kind: 'other' }

/** Decodes the head of an incoming frame; only sync messages are read further. */
export function readIncoming(dialect: Dialect, data: Uint8Array): Incoming {
  const decoder = decoding.createDecoder(data)
  if (dialect === 'hocuspocus') decoding.readVarString(decoder)
  const type = decoding.readVarUint(decoder)
  if (type !== MessageType.Sync && type !== MESSAGE_SYNC_REPLY) return { kind: 'other' }
  const subType = decoding.readVarUint(decoder)
  const payload = decoding.readVarUint8Array(decoder)
  if (subType === SyncMessageType.Step1) return { kind: 'step1', payload }
  if (subType === SyncMessageType.Step2) return { kind: 'step2', payload }
  if (subType === SyncMessageType.Update) return { kind: 'update', payload }
  return { kind: 'other' }
}
