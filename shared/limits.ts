/**
 * Largest encoded state of one document (a plan, its comments, a session's minutes), in bytes.
 * A real plan is about 50–300 KiB (images are uploads, not inline); this leaves room for
 * twenty times that and bounds what one document can cost every reader.
 */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

/**
 * Largest websocket frame the collaboration endpoint accepts (bytes): a whole document (a
 * client's first sync of what it wrote offline) and the message around it.
 */
export const MAX_FRAME_BYTES = MAX_DOCUMENT_BYTES + 64 * 1024

/**
 * Bytes that may be queued for one client, counting the message being sent: the whole
 * document (its first sync answer) plus some updates. A send past this closes the connection
 * as a slow consumer, so a client that stops reading costs at most this much memory.
 */
export const MAX_BUFFERED_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024

/** Longest JSON text of one presence (awareness) state, in bytes; a real one is ~300. */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024

/** Deepest nesting of arrays and objects in a presence state (a cursor needs about 5). */
export const MAX_AWARENESS_DEPTH = 16

/** Presence client ids one connection may announce (one tab has one; reloads reuse none). */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4

/**
 * Presence updates a connection may send per second, sustained: typing sends about 10, a long
 * mouse drag over text one per frame.
 */
export const AWARENESS_UPDATES_PER_SECOND = 60

/** Presence updates a connection may send in a burst above the sustained rate. */
export const AWARENESS_BURST = 300

/** Default limit of open collaboration websockets per user (`MAX_CONNECTIONS_PER_USER`). */
export const DEFAULT_MAX_CONNECTIONS_PER_USER = 64

/** Default limit of open collaboration websockets per document (`MAX_CONNECTIONS_PER_DOCUMENT`). */
export const DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT = 500

/** Longest document id accepted in `/collab/<documentId>`. */
export const MAX_DOCUMENT_ID_LENGTH = 128

/** Largest image file accepted by `POST /api/uploads` (bytes). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

// HTTP quotas (issue 17)

/** Documents one user may create in an hour (plans, 个案, adaptations); a busy teacher makes ~5. */
export const DOCUMENTS_PER_HOUR = 60

/** Documents one user may create in a day. */
export const DOCUMENTS_PER_DAY = 200

/** Images one user may upload in a day. */
export const UPLOADS_PER_DAY = 300

/** Bytes of images one user may upload in a day (60 full-size images). */
export const UPLOAD_BYTES_PER_DAY = 300 * 1024 * 1024
