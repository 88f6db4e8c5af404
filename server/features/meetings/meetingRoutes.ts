import type { Context } from 'hono'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import {
  agendaBody,
  ballotBody,
  floorBody,
  handBody,
  openVoteBody,
  SESSION_EVENT,
  SESSION_REVOKED_EVENT,
  type SessionInfo,
  type SessionRevokedEvent,
  startSessionBody,
  timerBody,
} from '../../../shared/meetings/sessionApi.ts'
import { type SessionState, viewOfState } from '../../../shared/meetings/sessionState.ts'
import { recordAudit } from '../../audit.ts'
import { badRequest, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import {
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/index.ts'
import { newId } from '../identity/crypto.ts'
import {
  canVoteWith,
  isPlanLead,
  permissionOfUser,
  requireSessionAccess,
  requireSessionLead,
  type SessionAccess,
} from './sessionAccess.ts'
import { sessionInfos, sessionsOfPlan } from './sessionInfo.ts'
import { startSession } from './startSession.ts'

/** Seconds between heartbeat comments on an event stream (keeps proxies from closing it). */
const HEARTBEAT_MS = 15_000

async function subjectOf(c: Context<AppEnv>): Promise<AccessSubject> {
  return loadSubject(c.var.services.db, requirePrincipal(c).user)
}

/** Audits a change made in a session. */
async function audit(
  c: Context<AppEnv>,
  access: SessionAccess,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(c.var.services.db, {
    actorId: requirePrincipal(c).user.id,
    action,
    targetType: 'session',
    targetId: access.session.id,
    schoolId: access.plan.schoolId,
    ip: c.var.clientAddress,
    details: { documentId: access.plan.id, ...details },
  })
}

/** The answer to an action: the new state as the caller sees it. */
function stateAnswer(c: Context<AppEnv>, state: SessionState) {
  return c.json({ ok: true as const, state: viewOfState(state, requirePrincipal(c).user.id) })
}

/** Live sessions (集体研讨): start, follow over Server-Sent Events, run, end. */
export const sessionRoutes = new Hono<AppEnv>()
  .post('/sessions', jsonBody(startSessionBody), async (c) => {
    const { db, executor, store } = c.var.services
    // Not loaded here: with several instances the session's requests are routed to the one
    // that holds it (hashed on its id), which need not be this one.
    const started = await startSession(
      db,
      executor,
      store,
      { subject: await subjectOf(c), ip: c.var.clientAddress },
      c.req.valid('json'),
    )
    return c.json({ ok: true as const, id: started.sessionId, ...started }, 201)
  })
  .get('/documents/:id/sessions', async (c) => {
    const { db } = c.var.services
    const subject = await subjectOf(c)
    const plan = await loadDocumentRow(db, c.req.param('id'))
    if (!plan || plan.deletedAt !== null) throw notFound('Document')
    if (documentPermission(subject, plan) === 'none') {
      throw forbidden('You do not have access to this document')
    }
    const items: SessionInfo[] = await sessionInfos(db, await sessionsOfPlan(db, plan.id))
    const running = items.find((item) => item.endedAt === null) ?? null
    const canStart = plan.kind === 'lesson_plan' && isPlanLead(subject, plan)
    return c.json({ ok: true as const, running, items, canStart })
  })
  .get('/sessions/:id', async (c) => {
    const { db, sessions } = c.var.services
    const subject = await subjectOf(c)
    const access = await requireSessionAccess(db, subject, c.req.param('id'))
    const snapshot = await sessions.snapshot(access.session.id, {
      userId: subject.user.id,
      isLead: access.isLead,
      canVote: canVoteWith(access.permission),
    })
    return c.json({ ok: true as const, ...snapshot })
  })
  .get('/sessions/:id/events', async (c) => {
    const { db, sessions, log } = c.var.services
    const subject = await subjectOf(c)
    const access = await requireSessionAccess(db, subject, c.req.param('id'))
    const viewer = {
      userId: subject.user.id,
      isLead: access.isLead,
      canVote: canVoteWith(access.permission),
    }
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
        const revoked: SessionRevokedEvent = { type: 'access_revoked' }
        const subscription = await sessions.subscribe(access.session.id, viewer, {
          send: (snapshot) => write(SESSION_EVENT, JSON.stringify(snapshot)),
          end: () => finish(),
          revoke: () => {
            write(SESSION_REVOKED_EVENT, JSON.stringify(revoked))
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
        log.warn({ err: error, sessionId: access.session.id }, 'session stream failed')
      },
    )
  })
  .post('/sessions/:id/agenda', jsonBody(agendaBody), async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const { items } = c.req.valid('json')
    const state = await sessions.apply(access.session.id, { type: 'agenda', items })
    await audit(c, access, 'session_agenda_changed', { agenda: items })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/timer', jsonBody(timerBody), async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const { action } = c.req.valid('json')
    const state = await sessions.apply(access.session.id, { type: 'timer', action })
    await audit(c, access, 'session_timer', { action, current: state.current })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/hand', jsonBody(handBody), async (c) => {
    const { db, sessions } = c.var.services
    const subject = await subjectOf(c)
    const access = await requireSessionAccess(db, subject, c.req.param('id'))
    const { raised } = c.req.valid('json')
    const state = await sessions.apply(access.session.id, {
      type: 'hand',
      userId: subject.user.id,
      raised,
    })
    await audit(c, access, raised ? 'session_hand_raised' : 'session_hand_lowered')
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/floor', jsonBody(floorBody), async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const { userId } = c.req.valid('json')
    if (userId !== null && (await permissionOfUser(db, userId, access.plan)) === 'none') {
      throw badRequest('userId: this person cannot take part in the session')
    }
    const state = await sessions.apply(access.session.id, { type: 'floor', userId })
    await audit(c, access, 'session_floor', { userId })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/votes', jsonBody(openVoteBody), async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const { proposal } = c.req.valid('json')
    const voteId = newId()
    const state = await sessions.apply(access.session.id, {
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
    const { db, sessions } = c.var.services
    const subject = await subjectOf(c)
    const access = await requireSessionAccess(db, subject, c.req.param('id'))
    if (!canVoteWith(access.permission)) {
      throw forbidden('Only members of the group vote; observers follow the session')
    }
    const voteId = c.req.param('voteId')
    const { choice } = c.req.valid('json')
    const state = await sessions.apply(access.session.id, {
      type: 'ballot',
      voteId,
      userId: subject.user.id,
      choice,
    })
    await audit(c, access, 'session_ballot', { voteId, choice })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/votes/:voteId/close', async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const voteId = c.req.param('voteId')
    const state = await sessions.apply(access.session.id, { type: 'closeVote', voteId })
    const result = state.closedVotes.find((vote) => vote.id === voteId)
    await audit(c, access, 'session_vote_closed', { voteId, result })
    return stateAnswer(c, state)
  })
  .post('/sessions/:id/end', async (c) => {
    const { db, sessions } = c.var.services
    const access = await requireSessionLead(db, await subjectOf(c), c.req.param('id'))
    const state = await sessions.end(access.session.id)
    await audit(c, access, 'session_ended', {
      minutesDocumentId: access.session.minutesDocumentId,
      votes: state.closedVotes.length,
    })
    return stateAnswer(c, state)
  })
