import { isCommentsRoom } from '../../../shared/comments/rooms.ts'
import { type Permission, permits } from '../../../shared/domain.ts'

/**
 * Whether a websocket connection to `room` with this permission on its plan may send updates:
 * a plan with edit permission; a comments room never, since comments are written through the
 * HTTP endpoints that check who writes (`comments/routes.ts`) and the server applies them itself.
 */
export function roomWritable(room: string, permission: Permission): boolean {
  return !isCommentsRoom(room) && permits(permission, 'edit')
}
