/**
 * Zod schemas of the live-meeting API (`/api/sessions/…`): the request bodies, and the state
 * stored in `prep_sessions.state` as it is read back.
 */
import { z } from 'zod'
import { AGENDA_LIMITS, type MeetingState } from '../../../shared/meetings/meetingState.ts'

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

/** A request body to start a meeting. */
export type StartMeetingBody = z.infer<typeof startMeetingBody>
/** A request body replacing the agenda. */
export type AgendaBody = z.infer<typeof agendaBody>
/** A request body driving the timer. */
export type TimerBody = z.infer<typeof timerBody>
/** A request body raising or lowering a hand. */
export type HandBody = z.infer<typeof handBody>
/** A request body giving or taking back the floor. */
export type FloorBody = z.infer<typeof floorBody>
/** A request body opening a vote. */
export type OpenVoteBody = z.infer<typeof openVoteBody>
/** A request body casting a ballot. */
export type BallotBody = z.infer<typeof ballotBody>
