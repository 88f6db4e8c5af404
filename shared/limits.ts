/** Largest websocket frame the collaboration endpoint accepts (bytes). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024

/** Bytes queued for one client before it is disconnected as a slow consumer. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024

/** Longest document id accepted in `/collab/<documentId>`. */
export const MAX_DOCUMENT_ID_LENGTH = 128

/** Largest image file accepted by `POST /api/uploads` (bytes). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
