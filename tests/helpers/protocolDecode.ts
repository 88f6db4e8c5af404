import * as decoding from 'lib0/decoding'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'

/** A message of the Yjs websocket protocol as a test reads it. */
export type DecodedMessage =
  | { kind: 'sync'; subType: number; payload: Uint8Array }
  | { kind: 'auth'; subType: number; reason: string }
  | { kind: 'awareness'; payload: Uint8Array }
  | { kind: 'other'; type: number }
  | { kind: 'malformed' }

/** Decodes one frame (the counterpart of shared/protocolMessages.ts's encoders). */
export function decodeMessage(data: Uint8Array): DecodedMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.Sync) {
      const subType = decoding.readVarUint(decoder)
      return { kind: 'sync', subType, payload: decoding.readVarUint8Array(decoder) }
    }
    if (type === MessageType.Auth) {
      const subType = decoding.readVarUint(decoder)
      return { kind: 'auth', subType, reason: decoding.readVarString(decoder) }
    }
    if (type === MessageType.Awareness) {
      return { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) }
    }
    return { kind: 'other', type }
  } catch {
    return { kind: 'malformed' }
  }
}

/** Whether the frame is a sync step 2 (the answer to a sync step 1). */
export function isSyncStep2(data: Uint8Array): boolean {
  const message = decodeMessage(data)
  return message.kind === 'sync' && message.subType === SyncMessageType.Step2
}

/** The reason of a "permission denied" auth frame; null for any other frame. */
export function permissionDeniedReason(data: Uint8Array): string | null {
  const message = decodeMessage(data)
  return message.kind === 'auth' && message.subType === 0 ? message.reason : null
}
