import type { Context } from 'hono'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import {
  MEETING_EVENT,
  MEETING_REVOKED_EVENT,
  type MeetingInfo,
  type MeetingRevokedEvent,
} from '../../../shared/meetings/meetingApi.ts'
import { type MeetingState, viewOfState } from '../../../shared/meetings/meetingState.ts'
import { recordAudit } from '../../audit.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { type AccessSubject, loadDocumentRow, loadSubject } from '../documents/index.ts'
import { MILESTONE_NAMES } from '../history/index.ts'
import { newId } from '../identity/index.ts'
import { startMeeting } from './commands.ts'
import type { MeetingViewer } from './MeetingHub.ts'
import {
  canStartMeetingOn,
  canVoteWith,
  type MeetingAccess,
  meetingAccess,
  meetingLeadAccess,
  requireFloorCandidate,
  requireVoter,
  viewablePlan,
} from './policy.ts'
import { loadMeetingAndPlan, meetingInfos, meetingsOfPlan, permissionOfUser } from './queries.ts'
import {
  agendaBody,
  ballotBody,
  floorBody,
  handBody,
  openVoteBody,
  startMeetingBody,
  timerBody,
} from './schema.ts'

/** Seconds between heartbeat comments on an event stream (keeps proxies from closing it). */
const HEARTBEAT_MS = 15_000

async function subjectOf(c: Context<AppEnv>): Promise<AccessSubject> {
  return loadSubject(c.var.services.kdb, requirePrincipal(c).user)
}

/** A meeting with what the caller may do in it (at least view). */
async function accessOf(
  c: Context<AppEnv>,
  subject: AccessSubject,
  meetingId: string,
): Promise<MeetingAccess> {
  return meetingAccess(subject, await loadMeetingAndPlan(c.var.services.kdb, meetingId))
}

/** A meeting the caller must run (the plan's lead). */
async function leadAccessOf(c: Context<AppEnv>, meetingId: string): Promise<MeetingAccess> {
  const subject = await subjectOf(c)
  return meetingLeadAccess(subject, await loadMeetingAndPlan(c.var.services.kdb, meetingId))
}

/** The viewer a snapshot or stream is made for. */
function viewerOf(subject: AccessSubject, access: MeetingAccess): MeetingViewer {
  return {
    userId: subject.user.id,
    isLead: access.isLead,
    canVote: canVoteWith(access.permission),
  }
}

/** Audits a change made in a meeting (target type `session`, as stored). */
async function audit(
  c: Context<AppEnv>,
  access: MeetingAccess,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(c.var.services.kdb, {
    actorId: requirePrincipal(c).user.id,
    action,
    targetType: 'session',
    targetId: access.meeting.id,
    schoolId: access.plan.schoolId,
    ip: c.var.clientAddress,
    details: { documentId: access.plan.id, ...details },
  })
}

/** The answer to an action: the new state as the caller sees it. */
function stateAnswer(c: Context<AppEnv>, state: MeetingState) {
  return c.json({ ok: true as const, state: viewOfState(state, requirePrincipal(c).user.id) })
}

/**
 * Live meetings (集体研讨): start, follow over Server-Sent Events, run, end. The URLs keep
 * their name (`/sessions`).
 */
export const meetingRoutes = new Hono<AppEnv>()
  .post('/sessions', jsonBody(startMeetingBody), async (c) => {
    const { kdb, executor, store, versions } = c.var.services
    const subject = await subjectOf(c)
    const input = c.req.valid('json')
    // Not loaded here: with several instances the meeting's requests are routed to the one
    // that holds it (hashed on its id), which need not be this one.
    const started = await startMeeting(
      kdb,
      executor,
      store,
      { subject, ip: c.var.clientAddress },
      input,
    )
    await versions.recordMilestone(
      input.documentId,
      'discussion_started',
      MILESTONE_NAMES.discussion_started,
      subject.user.id,
    )
    return c.json(
      {
        ok: true as const,
        id: started.meetingId,
        sessionId: started.meetingId,
        minutesDocumentId: started.recordDocumentId,
      },
      201,
    )
  })
  .get('/documents/:id/sessions', async (c) => {
    const { kdb } = c.var.services
    const subject = await subjectOf(c)
    const plan = viewablePlan(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const items: MeetingInfo[] = await meetingInfos(kdb, await meetingsOfPlan(kdb, plan.id))
    const running = items.find((item) => item.endedAt === null) ?? null
    const canStart = canStartMeetingOn(subject, plan)
    return c.json({ ok: true as const, running, items, canStart })
  })
  .get('/sessions/:id', async (c) => {
    const { meetings } = c.var.services
    const subject = await subjectOf(c)
    const access = await accessOf(c, subject, c.req.param('id'))
    const snapshot = await meetings.snapshot(access.meeting.id, viewerOf(subject, access))
    return c.json({ ok: true as const, ...snapshot })
  })
  .get('/sessions/:id/events', async (c) => {
    const { meetings, log } = c.var.services
    const subject = await subjectOf(c)
    const access = await accessOf(c, subject, c.req.param('id'))
    const viewer = viewerOf(subject, access)
    c.header('X-Accel-Buffering', 'no')
    return streamSSE(
      c,
      async (stream) => {
        let finish: () => void = () => {}
        const finished = new Promise<void>((resolve) => {
          finish = resolve
        })
        stream.onAbort(() => finish())
        // Writes are chained so that the last state is flushed before the stream closes.
        let written: Promise<void> = Promise.resolve()
        const write = (event: string, data: string): void => {
          written = written
            .then(() => {
              if (!stream.aborted && !stream.closed) return stream.writeSSE({ event, data })
            })
            .catch(() => finish())
        }
        const revoked: MeetingRevokedEvent = { type: 'access_revoked' }
        const subscription = await meetings.subscribe(access.meeting.id, viewer, {
          send: (snapshot) => write(MEETING_EVENT, JSON.stringify(snapshot)),
          end: () => finish(),
          revoke: () => {
            write(MEETING_REVOKED_EVENT, JSON.stringify(revoked))
            finish()
          },
        })
        const heartbeat = setInterval(() => {
          void stream.write(': heartbeat\n\n').catch(() => finish())
        }, HEARTBEAT_MS)
        heartbeat.unref()
        try {
          await finished
          await written
        } finally {
          clearInterval(heartbeat)
          await subscription.close()
        }
      },
      async (error) => {
        // The log field and message keep their names.
        log.warn({ err: error, sessionId: access.meeting.id }, 'session stream failed')
      },
    )
  })
  .post('/sessions/:id/agenda', jsonBody(agendaBody), async (c) => {
    const { meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const { items } = c.req.valid('json')
    const state = await meetings.apply(access.meeting.id, { type: 'agenda', items })
    await audit(c, access, 'session_agenda_changed', { agenda: items })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/timer', jsonBody(timerBody), async (c) => {
    const { meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const { action } = c.req.valid('json')
    const state = await meetings.apply(access.meeting.id, { type: 'timer', action })
    await audit(c, access, 'session_timer', { action, current: state.current })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/hand', jsonBody(handBody), async (c) => {
    const { meetings } = c.var.services
    const subject = await subjectOf(c)
    const access = await accessOf(c, subject, c.req.param('id'))
    const { raised } = c.req.valid('json')
    const state = await meetings.apply(access.meeting.id, {
      type: 'hand',
      userId: subject.user.id,
      raised,
    })
    await audit(c, access, raised ? 'session_hand_raised' : 'session_hand_lowered')
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/floor', jsonBody(floorBody), async (c) => {
    const { kdb, meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const { userId } = c.req.valid('json')
    if (userId !== null) requireFloorCandidate(await permissionOfUser(kdb, userId, access.plan))
    const state = await meetings.apply(access.meeting.id, { type: 'floor', userId })
    await audit(c, access, 'session_floor', { userId })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/votes', jsonBody(openVoteBody), async (c) => {
    const { meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const { proposal } = c.req.valid('json')
    const voteId = newId()
    const state = await meetings.apply(access.meeting.id, {
      type: 'openVote',
      id: voteId,
      proposal,
    })
    await audit(c, access, 'session_vote_opened', { voteId, proposal })
    return c.json(
      {
        ok: true as const,
        voteId,
        state: viewOfState(state, requirePrincipal(c).user.id),
      },
      201,
    )
  })
  .post('/sessions/:id/votes/:voteId/ballot', jsonBody(ballotBody), async (c) => {
    const { meetings } = c.var.services
    const subject = await subjectOf(c)
    const access = await accessOf(c, subject, c.req.param('id'))
    requireVoter(access)
    const voteId = c.req.param('voteId')
    const { choice } = c.req.valid('json')
    const state = await meetings.apply(access.meeting.id, {
      type: 'ballot',
      voteId,
      userId: subject.user.id,
      choice,
    })
    await audit(c, access, 'session_ballot', { voteId, choice })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/votes/:voteId/close', async (c) => {
    const { meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const voteId = c.req.param('voteId')
    const state = await meetings.apply(access.meeting.id, { type: 'closeVote', voteId })
    const result = state.closedVotes.find((vote) => vote.id === voteId)
    await audit(c, access, 'session_vote_closed', { voteId, result })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/end', async (c) => {
    const { meetings } = c.var.services
    const access = await leadAccessOf(c, c.req.param('id'))
    const state = await meetings.end(access.meeting.id)
    await audit(c, access, 'session_ended', {
      minutesDocumentId: access.meeting.minutesDocumentId,
      votes: state.closedVotes.length,
    })
    return stateAnswer(c, state)
  })
