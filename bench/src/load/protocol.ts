import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Wire dialect: the plain Yjs websocket protocol, or hocuspocus (document name prefix + auth). */
export type Dialect = 'yjs' | 'hocuspocus'

/** Message types of the Yjs websocket protocol (hocuspocus adds Auth = 2, SyncReply = 4). */
export const MESSAGE_SYNC = 0
/** Awareness message type. */
export const MESSAGE_AWARENESS = 1
/** Hocuspocus authentication message type. */
export const MESSAGE_AUTH = 2
/** Hocuspocus reply to a sync message. */
export const MESSAGE_SYNC_REPLY = 4
/** Sync sub-types. */
export const SYNC_STEP1 = 0
/** Sync step 2. */
export const SYNC_STEP2 = 1
/** Sync update. */
export const SYNC_UPDATE = 2

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
  return frame(dialect, documentName, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, subType)
    encoding.writeVarUint8Array(encoder, payload)
  })
}

/** The hocuspocus authentication message carrying `token`. */
export function authFrame(documentName: string, token: string): Uint8Array {
  return frame('hocuspocus', documentName, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AUTH)
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
  return frame(dialect, documentName, (encoder) => {
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    const inner = encoding.createEncoder()
    encoding.writeVarUint(inner, 1)
    encoding.writeVarUint(inner, clientId)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, JSON.stringify(state))
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  })
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
  if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return { kind: 'other' }
  const subType = decoding.readVarUint(decoder)
  const payload = decoding.readVarUint8Array(decoder)
  if (subType === SYNC_STEP1) return { kind: 'step1', payload }
  if (subType === SYNC_STEP2) return { kind: 'step2', payload }
  if (subType === SYNC_UPDATE) return { kind: 'update', payload }
  return { kind: 'other' }
}
