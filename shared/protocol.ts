/** Top-level message types of the standard Yjs websocket protocol (y-websocket). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const

/** Path prefix of the collaboration endpoint: `ws://host:port/collab/<documentId>`. */
export const COLLAB_PATH = '/collab'

/**
 * Reason of the permission-denied (auth) message the server sends when it refused an update that
 * carried edits (the document is read-only for the sender): the client must drop those edits.
 */
export const EDITS_REFUSED_REASON = 'edits refused: this document is read-only for you'
