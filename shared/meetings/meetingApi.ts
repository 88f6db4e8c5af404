/**
 * Request bodies (zod) and answer shapes of the live-meeting API (`/api/sessions/…`), shared by
 * the server routes and the client.
 */
import { z } from 'zod'
import type { GroupRole } from '../domain.ts'
import { AGENDA_LIMITS, type MeetingState, type MeetingStateView } from './meetingState.ts'

/** One agenda item in a request. */
export const agendaItemBody = z
  .object({
    title: z.string().trim().min(1).max(AGENDA_LIMITS.maxTitle),
    minutes: z.number().int().min(1).max(AGENDA_LIMITS.maxMinutes),
  })
  .strict()

const agendaItems = z.array(agendaItemBody).min(1).max(AGENDA_LIMITS.maxItems)

/** `POST /api/sessions`: start a meeting on a plan. */
export const startMeetingBody = z
  .object({
    documentId: z.string().min(1).max(64),
    taskId: z.string().min(1).max(64).optional(),
    agenda: agendaItems.optional(),
  })
  .strict()

/** `POST /api/sessions/:id/agenda`: replace the agenda. */
export const agendaBody = z.object({ items: agendaItems }).strict()

/** `POST /api/sessions/:id/timer`. */
export const timerBody = z.object({ action: z.enum(['start', 'pause', 'next', 'reset']) }).strict()

/** `POST /api/sessions/:id/hand`: raise or lower one's own hand. */
export const handBody = z.object({ raised: z.boolean() }).strict()

/** `POST /api/sessions/:id/floor`: give the floor to someone, or take it back (null). */
export const floorBody = z.object({ userId: z.string().min(1).max(64).nullable() }).strict()

/** `POST /api/sessions/:id/votes`: open a vote on a proposal. */
export const openVoteBody = z.object({ proposal: z.string().trim().min(1).max(200) }).strict()

/** `POST /api/sessions/:id/votes/:voteId/ballot`. */
export const ballotBody = z.object({ choice: z.enum(['agree', 'disagree', 'abstain']) }).strict()

const timerSchema = z.object({
  running: z.boolean(),
  startedAt: z.number().nullable(),
  elapsedMs: z.number(),
})

/** Validates the state stored in `prep_sessions.state` (it is JSON from the database). */
export const storedMeetingState: z.ZodType<MeetingState> = z.object({
  version: z.number().int(),
  status: z.enum(['running', 'ended']),
  agenda: z.array(z.object({ title: z.string(), minutes: z.number() })),
  current: z.number().int().min(0),
  timer: timerSchema,
  queue: z.array(z.object({ userId: z.string(), raisedAt: z.number() })),
  floor: z.string().nullable(),
  openVote: z
    .object({
      id: z.string(),
      proposal: z.string(),
      openedAt: z.number(),
      ballots: z.record(z.string(), z.enum(['agree', 'disagree', 'abstain'])),
    })
    .nullable(),
  closedVotes: z.array(
    z.object({
      id: z.string(),
      proposal: z.string(),
      openedAt: z.number(),
      closedAt: z.number(),
      agree: z.number(),
      disagree: z.number(),
      abstain: z.number(),
      passed: z.boolean(),
    }),
  ),
})

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
