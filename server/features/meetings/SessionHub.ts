import { and, eq, isNull } from 'drizzle-orm'
import {
  type SessionInfo,
  type SessionSnapshot,
  storedSessionState,
} from '../../../shared/meetings/sessionApi.ts'
import {
  applySessionAction,
  type SessionAction,
  SessionRuleError,
  type SessionState,
  viewOfState,
  voteMinutesLine,
} from '../../../shared/meetings/sessionState.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import {
  type PrepSessionRow,
  prepSessions,
  sessionAttendance,
  sessionVotes,
} from '../../db/schema.ts'
import { DomainError } from '../../domainError.ts'
import type { Logger } from '../../logger.ts'
import { loadDocumentRow } from '../documents/index.ts'
import { decisionsOf } from './commentDecisions.ts'
import { agendaLines, type MinutesLists, updateMinutesLists } from './minutesDocument.ts'
import { loadSessionRow, permissionOfUser } from './sessionAccess.ts'
import { sessionInfo } from './sessionInfo.ts'
import { attendeeLines, sessionAttendees, sessionParticipants } from './sessionRoster.ts'

/** Who receives a stream, and what they may do (decided when the stream opened). */
export interface SessionViewer {
  userId: string
  isLead: boolean
  canVote: boolean
}

/** Where a stream's snapshots go. */
export interface SessionListener {
  send(snapshot: SessionSnapshot): void
  /** The session ended or the server is stopping: the stream should close. */
  end(): void
  /** The viewer lost access to the plan: tell them so, then close the stream. */
  revoke(): void
}

/** An open stream; `close()` records the leave (once). */
export interface SessionSubscription {
  close(): Promise<void>
}

interface Subscriber extends SessionViewer, SessionListener {}

interface LiveSession {
  row: PrepSessionRow
  info: SessionInfo
  state: SessionState
  /** userId → number of open streams (tabs). */
  online: Map<string, number>
  /** userId → id of their open attendance row. */
  openAttendance: Map<string, number>
  subscribers: Set<Subscriber>
  /** Minutes updates, one after the other. */
  minutes: Promise<void>
  /** Decisions of the plan's comment threads, read when the session ends. */
  commentDecisions: string[]
}

/** Settings of the hub. */
export interface SessionHubOptions {
  db: AppDb
  /** Runs the hub's transactions. */
  executor: SqlExecutor
  registry: DocumentRegistry
  log: Logger
}

/** A 409 from a rule of the live state. */
function ruleFailure(error: SessionRuleError): DomainError {
  return new DomainError(error.code, error.message)
}

/** The state of a stored row (a malformed one is a bug: it fails loudly). */
function storedState(row: PrepSessionRow): SessionState {
  return storedSessionState.parse(row.state)
}

/**
 * The live sessions of this server: their state (persisted to `prep_sessions.state` on every
 * change, so a restart restores it), who has the room open (attendance rows in
 * `session_attendance`, a person with several tabs counting once), votes (`session_votes`),
 * the minutes document's server-maintained lists, and the event streams to push state to.
 */
export class SessionHub {
  private readonly live = new Map<string, LiveSession>()
  /** Sessions being loaded from their rows: concurrent callers share one load. */
  private readonly loading = new Map<string, Promise<LiveSession | null>>()
  /** The last queued action of each session: actions on a session run one after the other. */
  private readonly actions = new Map<string, Promise<unknown>>()
  private closed = false

  constructor(private readonly options: SessionHubOptions) {}

  /** The current snapshot of a session for one viewer (running or ended). */
  async snapshot(sessionId: string, viewer: SessionViewer): Promise<SessionSnapshot> {
    const live = await this.liveSession(sessionId)
    if (live) {
      await this.serialized(sessionId, () => this.refreshNow(live))
      if (this.live.get(sessionId) === live) return this.snapshotOf(live, viewer)
    }
    const row = await loadSessionRow(this.options.db, sessionId)
    if (!row) throw new DomainError('not_found', 'Session not found')
    return {
      serverNow: Date.now(),
      session: await sessionInfo(this.options.db, row),
      state: viewOfState(storedState(row), viewer.userId),
      participants: await sessionParticipants(this.options.db, row.id, row.groupId, new Set()),
      isLead: viewer.isLead,
      canVote: viewer.canVote,
    }
  }

  /**
   * Opens a stream: records the join (a first tab opens an attendance row; a first-ever join
   * adds the person to the minutes) and pushes the full state to everyone. An ended session gets
   * its final snapshot and the stream ends at once.
   */
  async subscribe(
    sessionId: string,
    viewer: SessionViewer,
    listener: SessionListener,
  ): Promise<SessionSubscription> {
    const live = this.closed ? null : await this.liveSession(sessionId)
    if (live) await this.serialized(sessionId, () => this.refreshNow(live))
    // Ended (or ending: the final minutes are being written): no join is recorded any more.
    if (!live || live.state.status === 'ended') {
      listener.send(await this.snapshot(sessionId, viewer))
      listener.end()
      return { close: async () => {} }
    }
    const subscriber: Subscriber = { ...viewer, ...listener }
    live.subscribers.add(subscriber)
    await this.join(live, viewer.userId)
    await this.broadcast(live)
    let open = true
    return {
      close: async () => {
        if (!open) return
        open = false
        live.subscribers.delete(subscriber)
        if (this.closed || !this.live.has(sessionId)) return
        await this.leave(live, viewer.userId)
        await this.broadcast(live)
      },
    }
  }

  /**
   * Re-evaluates the open streams of these users (their memberships or account changed): a
   * stream whose viewer can no longer view the plan is revoked (its leave is recorded as the
   * stream closes).
   */
  async recheckUsers(userIds: Iterable<string>): Promise<void> {
    const users = new Set(userIds)
    if (users.size === 0) return
    await this.recheck(
      () => true,
      (subscriber) => users.has(subscriber.userId),
    )
  }

  /** Re-evaluates every open stream of the sessions on a plan (its access rules changed). */
  async recheckDocument(documentId: string): Promise<void> {
    await this.recheck(
      (live) => live.row.documentId === documentId,
      () => true,
    )
  }

  private async recheck(
    sessionMatches: (live: LiveSession) => boolean,
    subscriberMatches: (subscriber: Subscriber) => boolean,
  ): Promise<void> {
    if (this.closed) return
    const { db } = this.options
    for (const live of [...this.live.values()]) {
      if (!sessionMatches(live) || live.state.status === 'ended') continue
      const affected = [...live.subscribers].filter(subscriberMatches)
      if (affected.length === 0) continue
      const plan = await loadDocumentRow(db, live.row.documentId)
      const lost = new Set<string>()
      for (const userId of new Set(affected.map((subscriber) => subscriber.userId))) {
        const permission = plan ? await permissionOfUser(db, userId, plan) : 'none'
        if (permission === 'none') lost.add(userId)
      }
      for (const subscriber of affected) {
        if (!lost.has(subscriber.userId) || !live.subscribers.has(subscriber)) continue
        // No more snapshots reach it; its subscription's close() records the leave.
        live.subscribers.delete(subscriber)
        subscriber.revoke()
      }
    }
  }

  /** Whether someone has the room of a running session open right now. */
  isOnline(sessionId: string, userId: string): boolean {
    return (this.live.get(sessionId)?.online.get(userId) ?? 0) > 0
  }

  /**
   * Applies an action (the caller checked who may): persists the state, records votes, updates
   * the minutes and pushes the state to everyone. 409 when the session ended or the action does
   * not fit the state. Returns the new state.
   */
  apply(sessionId: string, action: SessionAction): Promise<SessionState> {
    return this.serialized(sessionId, () => this.applyNow(sessionId, action))
  }

  private async applyNow(sessionId: string, action: SessionAction): Promise<SessionState> {
    const live = await this.requireLive(sessionId)
    await this.refreshNow(live)
    if (this.live.get(sessionId) !== live) {
      throw new DomainError('session_ended', 'The session has ended')
    }
    const now = Date.now()
    let next: SessionState
    try {
      next = applySessionAction(live.state, action, now)
    } catch (error) {
      if (error instanceof SessionRuleError) throw ruleFailure(error)
      throw error
    }
    if (next === live.state) return next
    const before = live.state
    await inTransaction(this.options.executor, async (tx) => {
      await tx
        .update(prepSessions)
        .set({ state: { ...next }, agenda: next.agenda })
        .where(eq(prepSessions.id, sessionId))
        .run()
      await this.recordVote(tx, sessionId, before, next)
    })
    live.state = next
    if (action.type === 'agenda') this.queueMinutes(live, { agenda: agendaLines(next.agenda) })
    if (action.type === 'closeVote')
      this.queueMinutes(live, { decisions: this.decisionLines(live) })
    await this.broadcast(live)
    return next
  }

  /**
   * Ends a session: closes an open vote, every open attendance row and the streams, writes the
   * final minutes (attendees, vote results and the decisions of resolved comment threads) and
   * marks it ended. Resolves once the minutes are written.
   */
  end(sessionId: string): Promise<SessionState> {
    return this.serialized(sessionId, () => this.endNow(sessionId))
  }

  /** Runs `work` after the session's earlier actions (each reads the state the last one left). */
  private serialized<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.actions.get(sessionId) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => {})
    this.actions.set(sessionId, settled)
    void settled.then(() => {
      if (this.actions.get(sessionId) === settled) this.actions.delete(sessionId)
    })
    return next
  }

  private async endNow(sessionId: string): Promise<SessionState> {
    const live = await this.requireLive(sessionId)
    const now = Date.now()
    const before = live.state
    const next = applySessionAction(before, { type: 'end' }, now)
    const { db } = this.options
    await inTransaction(this.options.executor, async (tx) => {
      await tx
        .update(prepSessions)
        .set({ state: { ...next }, endedAt: now })
        .where(eq(prepSessions.id, sessionId))
        .run()
      await this.recordVote(tx, sessionId, before, next)
      await tx
        .update(sessionAttendance)
        .set({ leftAt: now })
        .where(and(eq(sessionAttendance.sessionId, sessionId), isNull(sessionAttendance.leftAt)))
        .run()
    })
    live.state = next
    live.row = { ...live.row, endedAt: now }
    live.info = { ...live.info, endedAt: now }
    live.online.clear()
    live.openAttendance.clear()
    try {
      live.commentDecisions = await decisionsOf(db, this.options.registry, live.row.documentId)
    } catch (error) {
      this.options.log.warn({ err: error, sessionId }, 'reading comment decisions failed')
    }
    this.queueMinutes(live, {
      attendees: attendeeLines(await sessionAttendees(db, sessionId)),
      decisions: this.decisionLines(live),
    })
    await live.minutes
    await this.broadcast(live)
    for (const subscriber of [...live.subscribers]) subscriber.end()
    live.subscribers.clear()
    this.live.delete(sessionId)
    return next
  }

  /** Resolves once every queued minutes update of a session is written. */
  async settled(sessionId: string): Promise<void> {
    await this.live.get(sessionId)?.minutes
  }

  /** Stops: ends every stream, closes open attendance rows, waits for minutes updates. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const now = Date.now()
    for (const live of this.live.values()) {
      for (const subscriber of [...live.subscribers]) subscriber.end()
      live.subscribers.clear()
      for (const attendanceId of live.openAttendance.values()) {
        await this.options.db
          .update(sessionAttendance)
          .set({ leftAt: now })
          .where(eq(sessionAttendance.id, attendanceId))
          .run()
      }
      live.openAttendance.clear()
      live.online.clear()
    }
    await Promise.allSettled([...this.live.values()].map((live) => live.minutes))
    this.live.clear()
  }

  private async requireLive(sessionId: string): Promise<LiveSession> {
    const live = this.closed ? null : await this.liveSession(sessionId)
    if (!live) throw new DomainError('session_ended', 'The session has ended')
    return live
  }

  /**
   * Takes the stored state when it moved on without this copy: with several instances a room is
   * served by one of them (routed by its id), but it moves when that one is taken out of the
   * balancer, and may come back. Runs between the session's actions (`serialized`). A session
   * that ended elsewhere is dropped here (its streams end).
   */
  private async refreshNow(live: LiveSession): Promise<void> {
    const row = await loadSessionRow(this.options.db, live.row.id)
    if (!row) return
    if (row.endedAt !== null) {
      live.state = storedState(row)
      live.row = row
      live.info = { ...live.info, endedAt: row.endedAt }
      if (this.live.get(row.id) === live) this.live.delete(row.id)
      for (const subscriber of [...live.subscribers]) subscriber.end()
      live.subscribers.clear()
      return
    }
    const stored = storedState(row)
    if (stored.version === live.state.version) return
    live.state = stored
    live.row = row
  }

  /** The live session, loaded from its row when it runs but is not in memory (after a restart). */
  private liveSession(sessionId: string): Promise<LiveSession | null> {
    const existing = this.live.get(sessionId)
    if (existing) return Promise.resolve(existing)
    if (this.closed) return Promise.resolve(null)
    let loading = this.loading.get(sessionId)
    if (!loading) {
      loading = this.loadLive(sessionId).finally(() => this.loading.delete(sessionId))
      this.loading.set(sessionId, loading)
    }
    return loading
  }

  private async loadLive(sessionId: string): Promise<LiveSession | null> {
    const { db } = this.options
    const row = await loadSessionRow(db, sessionId)
    if (!row || row.endedAt !== null) return null
    // Streams do not survive a restart: attendance left open by the previous process is closed.
    await db
      .update(sessionAttendance)
      .set({ leftAt: Date.now() })
      .where(and(eq(sessionAttendance.sessionId, sessionId), isNull(sessionAttendance.leftAt)))
      .run()
    const live: LiveSession = {
      row,
      info: await sessionInfo(db, row),
      state: storedState(row),
      online: new Map(),
      openAttendance: new Map(),
      subscribers: new Set(),
      minutes: Promise.resolve(),
      commentDecisions: [],
    }
    this.live.set(sessionId, live)
    return live
  }

  private async snapshotOf(live: LiveSession, viewer: SessionViewer): Promise<SessionSnapshot> {
    return {
      serverNow: Date.now(),
      session: live.info,
      state: viewOfState(live.state, viewer.userId),
      participants: await sessionParticipants(
        this.options.db,
        live.row.id,
        live.row.groupId,
        new Set(live.online.keys()),
      ),
      isLead: viewer.isLead,
      canVote: viewer.canVote,
    }
  }

  private async broadcast(live: LiveSession): Promise<void> {
    if (live.subscribers.size === 0) return
    const participants = await sessionParticipants(
      this.options.db,
      live.row.id,
      live.row.groupId,
      new Set(live.online.keys()),
    )
    const serverNow = Date.now()
    for (const subscriber of live.subscribers) {
      subscriber.send({
        serverNow,
        session: live.info,
        state: viewOfState(live.state, subscriber.userId),
        participants,
        isLead: subscriber.isLead,
        canVote: subscriber.canVote,
      })
    }
  }

  private async join(live: LiveSession, userId: string): Promise<void> {
    const tabs = live.online.get(userId) ?? 0
    live.online.set(userId, tabs + 1)
    if (tabs > 0) return
    const { db } = this.options
    const sessionId = live.row.id
    const before = await db
      .select({ id: sessionAttendance.id })
      .from(sessionAttendance)
      .where(and(eq(sessionAttendance.sessionId, sessionId), eq(sessionAttendance.userId, userId)))
      .get()
    const inserted = await db
      .insert(sessionAttendance)
      .values({ sessionId, userId, joinedAt: Date.now(), leftAt: null })
      .returning({ id: sessionAttendance.id })
      .get()
    live.openAttendance.set(userId, inserted.id)
    if (!before)
      this.queueMinutes(live, { attendees: attendeeLines(await sessionAttendees(db, sessionId)) })
  }

  private async leave(live: LiveSession, userId: string): Promise<void> {
    const tabs = (live.online.get(userId) ?? 0) - 1
    if (tabs > 0) {
      live.online.set(userId, tabs)
      return
    }
    live.online.delete(userId)
    const attendanceId = live.openAttendance.get(userId)
    live.openAttendance.delete(userId)
    if (attendanceId === undefined) return
    await this.options.db
      .update(sessionAttendance)
      .set({ leftAt: Date.now() })
      .where(eq(sessionAttendance.id, attendanceId))
      .run()
  }

  /** Mirrors vote changes between two states into `session_votes`. */
  private async recordVote(
    db: AppDb,
    sessionId: string,
    before: SessionState,
    after: SessionState,
  ): Promise<void> {
    const opened = after.openVote
    if (opened && before.openVote?.id !== opened.id) {
      await db
        .insert(sessionVotes)
        .values({
          id: opened.id,
          sessionId,
          proposal: opened.proposal,
          openedAt: opened.openedAt,
          closedAt: null,
          ballots: {},
        })
        .run()
    } else if (opened && before.openVote?.ballots !== opened.ballots) {
      await db
        .update(sessionVotes)
        .set({ ballots: { ...opened.ballots } })
        .where(eq(sessionVotes.id, opened.id))
        .run()
    }
    const closing = before.openVote
    if (closing && !opened) {
      const result = after.closedVotes.find((vote) => vote.id === closing.id)
      await db
        .update(sessionVotes)
        .set({ ballots: { ...closing.ballots }, closedAt: result?.closedAt ?? Date.now() })
        .where(eq(sessionVotes.id, closing.id))
        .run()
    }
  }

  private decisionLines(live: LiveSession): string[] {
    return [...live.state.closedVotes.map(voteMinutesLine), ...live.commentDecisions]
  }

  /** Queues a minutes update after the ones before it; failures are logged, never thrown. */
  private queueMinutes(live: LiveSession, lists: MinutesLists): void {
    const minutesId = live.row.minutesDocumentId
    if (!minutesId) return
    live.minutes = live.minutes
      .then(() => updateMinutesLists(this.options.registry, minutesId, lists))
      .catch((error: unknown) => {
        this.options.log.error(
          { err: error, sessionId: live.row.id, minutesId },
          'updating the minutes failed',
        )
      })
  }
}
