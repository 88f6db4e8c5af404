import { isValidDocumentId } from '../documentId.ts'

/**
 * A plan's comments live in a companion Yjs document, its "comments room", read live by every
 * client and written only by the server (through the comment endpoints), so that people who may
 * comment but not edit can comment while their plan connection stays read-only.
 * A '.' never occurs in a document id, so `<documentId>.comments` cannot clash with one.
 */
export const COMMENTS_ROOM_SUFFIX = '.comments'

/** The room (registry and store key, websocket path segment) of a plan's comments. */
export function commentsRoomOf(documentId: string): string {
  return `${documentId}${COMMENTS_ROOM_SUFFIX}`
}

/** Whether a room name is a comments room. */
export function isCommentsRoom(room: string): boolean {
  return room.endsWith(COMMENTS_ROOM_SUFFIX)
}

/** The plan a room belongs to: the plan itself, or the plan whose comments it holds. */
export function planIdOfRoom(room: string): string {
  return isCommentsRoom(room) ? room.slice(0, -COMMENTS_ROOM_SUFFIX.length) : room
}

/** Whether a room name is acceptable: a valid document id, or the comments room of one. */
export function isValidRoomName(room: string): boolean {
  return isValidDocumentId(planIdOfRoom(room))
}
