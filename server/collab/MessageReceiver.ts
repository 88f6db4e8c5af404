import * as decoding from 'lib0/decoding'
import { CloseCode } from '../../shared/closeCodes.ts'
import { MessageType, SyncMessageType } from '../../shared/protocol.ts'
import type { CollabDocument } from './CollabDocument.ts'
import type { Connection } from './Connection.ts'
import { ProtocolViolation } from './ProtocolViolation.ts'

function readPayload(decoder: decoding.Decoder): Uint8Array {
  const payload = decoding.readVarUint8Array(decoder)
  if (decoding.hasContent(decoder)) {
    throw new ProtocolViolation(CloseCode.MalformedMessage, 'trailing bytes after the message')
  }
  return payload
}

function applyOrReject<T>(apply: () => T, what: string): T {
  try {
    return apply()
  } catch (error) {
    if (error instanceof ProtocolViolation) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw new ProtocolViolation(CloseCode.InvalidUpdate, `${what} could not be applied: ${detail}`)
  }
}

function handleSync(
  decoder: decoding.Decoder,
  connection: Connection,
  doc: CollabDocument,
  frame: Uint8Array,
): void {
  const subType = decoding.readVarUint(decoder)
  switch (subType) {
    case SyncMessageType.Step1: {
      const stateVector = readPayload(decoder)
      applyOrReject(() => doc.replyToSyncStep1(connection, stateVector), 'state vector')
      return
    }
    case SyncMessageType.Step2:
    case SyncMessageType.Update: {
      const update = readPayload(decoder)
      if (connection.readOnly) {
        // Never applied, stored or relayed, and never accepted later; the client is told (see refuseEdit).
        let edits = false
        applyOrReject(() => {
          edits = doc.refuseUpdate(update)
        }, 'refused update')
        connection.refuseEdit(edits)
        return
      }
      const lookup = applyOrReject(() => doc.applyUpdate(update, connection), 'document update')
      // The authors of some client ids are read from the store first; this frame comes again.
      if (lookup) connection.holdUntil(lookup, frame)
      return
    }
    default:
      throw new ProtocolViolation(CloseCode.UnknownMessageType, `unknown sync message ${subType}`)
  }
}

/**
 * Decodes one frame of the Yjs websocket protocol and acts on it. Anything malformed closes
 * only this connection, with a close code that says why.
 */
export function handleMessage(connection: Connection, doc: CollabDocument, data: Uint8Array): void {
  try {
    if (data.byteLength === 0) {
      throw new ProtocolViolation(CloseCode.MalformedMessage, 'empty frame')
    }
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.Sync:
        handleSync(decoder, connection, doc, data)
        return
      case MessageType.Awareness: {
        const update = readPayload(decoder)
        applyOrReject(() => doc.applyAwareness(update, connection), 'awareness update')
        return
      }
      case MessageType.QueryAwareness:
        if (decoding.hasContent(decoder)) {
          throw new ProtocolViolation(
            CloseCode.MalformedMessage,
            'trailing bytes after the message',
          )
        }
        doc.sendAwarenessStates(connection)
        return
      default:
        throw new ProtocolViolation(CloseCode.UnknownMessageType, `unknown message type ${type}`)
    }
  } catch (error) {
    if (error instanceof ProtocolViolation) {
      connection.fail(error.code, error.message)
    } else {
      const detail = error instanceof Error ? error.message : String(error)
      connection.fail(CloseCode.MalformedMessage, `undecodable frame: ${detail}`)
    }
  }
}
