/**
 * Answer shapes and event names of the live-meeting API (`/api/sessions/…`, a wire name kept
 * from before the rename), shared by the server and the client. The request bodies are the
 * server's (`server/features/meetings/schema.ts`).
 */
import type { GroupRole } from '../domain.ts'
import type { MeetingStateView } from './meetingState.ts'

/** A meeting's facts (not its live state); `minutesDocumentId` is its record's id. */
export interface MeetingInfo {
  id: string
  documentId: string
  documentTitle: string
  groupId: string | null
  groupName: string | null
  taskId: string | null
  minutesDocumentId: string | null
  hostId: string
  hostName: string
  startedAt: number
  endedAt: number | null
}

/** A person of the meeting room: the plan's group and whoever joined. */
export interface MeetingParticipant {
  userId: string
  displayName: string
  schoolId: string
  schoolName: string
  /** Role in the plan's group; null for someone outside it (e.g. an admin who joined). */
  groupRole: GroupRole | null
  /** Whether they have the room open right now. */
  online: boolean
  /** Whether they have ever joined this meeting. */
  attended: boolean
}

/** What the event stream pushes, and `GET /api/sessions/:id` answers. */
export interface MeetingSnapshot {
  /** The server's clock when this was sent: clients measure their offset from it. */
  serverNow: number
  session: MeetingInfo
  state: MeetingStateView
  participants: MeetingParticipant[]
  /** Whether the viewer may run the meeting (start/pause, floor, votes, end). */
  isLead: boolean
  /** Whether the viewer may vote (edit or comment access to the plan). */
  canVote: boolean
}

/** Name of the event the stream sends with each snapshot. */
export const MEETING_EVENT = 'state'

/** Name of the final event a stream sends when its viewer lost access to the plan. */
export const MEETING_REVOKED_EVENT = 'access_revoked'

/** The data of {@link MEETING_REVOKED_EVENT}. */
export interface MeetingRevokedEvent {
  type: 'access_revoked'
}
