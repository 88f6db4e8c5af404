import type { Awareness } from 'y-protocols/awareness'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from '../../shared/protocolMessages.ts'

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return encodeSyncStep1(Y.encodeStateVector(doc))
}

/** Sync step 2: everything in `doc` that a peer with `stateVector` lacks. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSyncStep2(Y.encodeStateAsUpdate(doc, stateVector))
}

/** Sync step 2 carrying an already encoded state (e.g. the stored snapshot) as it is. */
export const syncStep2FromState = encodeSyncStep2

/** A sync update message carrying one Yjs update. */
export const updateMessage = encodeUpdate

/** An awareness message with the current states of `clients`. */
export function awarenessMessage(awareness: Awareness, clients: number[]): Uint8Array {
  return encodeAwareness(encodeAwarenessUpdate(awareness, clients))
}

/** An auth message telling the client that its edits are refused (y-protocols/auth). */
export const permissionDeniedMessage = encodePermissionDenied
