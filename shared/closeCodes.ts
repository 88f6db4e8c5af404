/**
 * Websocket close codes used by the collaboration endpoint. Clients and tests read them from
 * here; the README documents them. Codes in the 4000 range are ours, the others are standard.
 * The stock y-websocket client does not reconnect after 4400–4499 (a decision reconnecting
 * cannot fix) and does reconnect after anything else, so transient conditions use 4500–4599.
 */
export const CloseCode = {
  /** The server is shutting down; reconnect later (standard "going away"). */
  ServerShutdown: 1001,
  /** A text frame was sent; the protocol is binary only (standard "unsupported data"). */
  UnsupportedData: 1003,
  /** A frame exceeded `MAX_FRAME_BYTES` (standard "message too big"). */
  MessageTooBig: 1009,
  /** The server failed unexpectedly while handling this connection (standard "internal error"). */
  InternalError: 1011,
  /** The frame was empty, truncated, had trailing bytes, or was otherwise not a protocol message. */
  MalformedMessage: 4400,
  /** The message type (or sync sub-type) is not part of the protocol. */
  UnknownMessageType: 4401,
  /** A document update or awareness update could not be decoded or applied. */
  InvalidUpdate: 4402,
  /**
   * A presence (awareness) state was too large, too deeply nested, claimed a client id another
   * connection owns, or the connection announced too many client ids.
   */
  InvalidPresence: 4405,
  /**
   * The update carries edits the server refused earlier, while the document was read-only for
   * their sender; they are never accepted. The client must drop them (start from the server's copy).
   */
  RefusedEdits: 4406,
  /**
   * The update creates content under a Yjs client id registered to another user (authorship
   * cannot be forged); nothing of it was kept.
   */
  ForgedClient: 4407,
  /** The update would grow the document past `MAX_DOCUMENT_BYTES`; nothing of it was kept. */
  DocumentTooLarge: 4413,
  /** The document id in the URL is not a valid id. */
  InvalidDocumentId: 4404,
  /** The session or API token behind this connection was revoked (signed out, disabled…). */
  CredentialsRevoked: 4409,
  /** The user lost access to this document while connected. */
  AccessRevoked: 4403,
  /** The user's access level changed (edit ↔ view) while connected; reconnect to get the new one. */
  AccessChanged: 4510,
  /** The client reads too slowly: too many bytes are queued for it; it may reconnect. */
  SlowConsumer: 4508,
  /** The client sent presence updates faster than `AWARENESS_UPDATES_PER_SECOND`; it may reconnect. */
  TooManyMessages: 4529,
  /** Loading the document from storage failed; nothing was opened. Reconnecting retries the load. */
  LoadFailed: 4500,
  /** Persisting updates failed; the document was closed without relaying unsaved edits. */
  StorageFailed: 4503,
} as const

/** One of the close codes above. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode]
