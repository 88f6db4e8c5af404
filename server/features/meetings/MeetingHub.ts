import type { MeetingInfo, MeetingSnapshot } from '../../../shared/meetings/meetingApi.ts'
import {
  applyMeetingAction,
  type MeetingAction,
  MeetingRuleError,
  type MeetingState,
  viewOfState,
  voteRecordLine,
} from '../../../shared/meetings/meetingState.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { PrepSessionRow } from '../../db/schema.ts'
import { DomainError } from '../../domainError.ts'
import type { Logger } from '../../logger.ts'
import { loadDocumentRow } from '../documents/index.ts'
import { MILESTONE_NAMES, type VersionRecorder } from '../history/index.ts'
import {
  closeAttendance,
  closeOpenAttendance,
  openAttendance,
  saveEndedMeeting,
  saveMeetingState,
} from './commands.ts'
import { agendaLines, attendeeLines, type RecordLists, updateRecordLists } from './meetingRecord.ts'
import {
  commentDecisionsOf,
  hasAttended,
  loadMeetingRow,
  meetingAttendees,
  meetingInfo,
  meetingParticipants,
  permissionOfUser,
} from './queries.ts'
import { storedMeetingState } from './schema.ts'

/** Who receives a stream, and what they may do (decided when the stream opened). */
export interface MeetingViewer {
  userId: string
  isLead: boolean
  canVote: boolean
}

/** Where a stream's snapshots go. */
export interface MeetingListener {
  send(snapshot: MeetingSnapshot): void
  /** The meeting ended or the server is stopping: the stream should close. */
  end(): void
  /** The viewer lost access to the plan: tell them so, then close the stream. */
  revoke(): void
}

/** An open stream; `close()` records the leave (once). */
export interface MeetingSubscription {
  close(): Promise<void>
}

interface Subscriber extends MeetingViewer, MeetingListener {}

interface LiveMeeting {
  row: PrepSessionRow
  info: MeetingInfo
  state: MeetingState
  /** userId → number of open streams (tabs). */
  online: Map<string, number>
  /** userId → id of their open attendance row. */
  openAttendance: Map<string, number>
  subscribers: Set<Subscriber>
  /** Updates of the record's lists, one after the other. */
  recordUpdates: Promise<void>
  /**
   * Snapshots pushed to the streams, one after the other: each reads who is online when its
   * turn comes, so a slow participants query (PostgreSQL answers concurrent queries in any
   * order) can never push an older snapshot after a newer one.
   */
  broadcasts: Promise<void>
  /** Decisions of the plan's comment threads, read when the meeting ends. */
  commentDecisions: string[]
}

/** Settings of the hub. */
export interface MeetingHubOptions {
  /** The metadata database. */
  kdb: AppKysely
  /** Runs the hub's transactions. */
  executor: SqlExecutor
  registry: DocumentRegistry
  log: Logger
  /** Writes the plan's 研讨结束 milestone when a meeting ends (left out in some tests). */
  versions?: VersionRecorder
}

/** A 409 from a rule of the live state. */
function ruleFailure(error: MeetingRuleError): DomainError {
  return new DomainError(error.code, error.message)
}

/** The state of a stored row (a malformed one is a bug: it fails loudly). */
function storedState(row: PrepSessionRow): MeetingState {
  return storedMeetingState.parse(row.state)
}

/**
 * The live meetings of this server: their state (persisted to `prep_sessions.state` on every
 * change, so a restart restores it), who has the room open (attendance rows in
 * `session_attendance`, a person with several tabs counting once), votes (`session_votes`),
 * the record document's server-maintained lists, and the event streams to push state to.
 * Its reads are in queries.ts, its writes in commands.ts.
 */
export class MeetingHub {
  private readonly live = new Map<string, LiveMeeting>()
  /** Meetings being loaded from their rows: concurrent callers share one load. */
  private readonly loading = new Map<string, Promise<LiveMeeting | null>>()
  /** The last queued action of each meeting: actions on a meeting run one after the other. */
  private readonly actions = new Map<string, Promise<unknown>>()
  private closed = false
  private readonly kdb: AppKysely

  constructor(private readonly options: MeetingHubOptions) {
    this.kdb = options.kdb
  }

  /** The current snapshot of a meeting for one viewer (running or ended). */
  async snapshot(meetingId: string, viewer: MeetingViewer): Promise<MeetingSnapshot> {
    const live = await this.liveMeeting(meetingId)
    if (live) {
      await this.serialized(meetingId, () => this.refreshNow(live))
      if (this.live.get(meetingId) === live) return this.snapshotOf(live, viewer)
    }
    const row = await loadMeetingRow(this.kdb, meetingId)
    if (!row) throw new DomainError('not_found', 'Session not found')
    return {
      serverNow: Date.now(),
      session: await meetingInfo(this.kdb, row),
      state: viewOfState(storedState(row), viewer.userId),
      participants: await meetingParticipants(this.kdb, row.id, row.groupId, new Set()),
      isLead: viewer.isLead,
      canVote: viewer.canVote,
    }
  }

  /**
   * Opens a stream: records the join (a first tab opens an attendance row; a first-ever join
   * adds the person to the record) and pushes the full state to everyone. An ended meeting gets
   * its final snapshot and the stream ends at once.
   */
  async subscribe(
    meetingId: string,
    viewer: MeetingViewer,
    listener: MeetingListener,
  ): Promise<MeetingSubscription> {
    const live = this.closed ? null : await this.liveMeeting(meetingId)
    if (live) await this.serialized(meetingId, () => this.refreshNow(live))
    // Ended (or ending: the final record lists are being written): no join is recorded any more.
    if (!live || live.state.status === 'ended') {
      listener.send(await this.snapshot(meetingId, viewer))
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
        if (this.closed || !this.live.has(meetingId)) return
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

  /** Re-evaluates every open stream of the meetings on a plan (its access rules changed). */
  async recheckDocument(documentId: string): Promise<void> {
    await this.recheck(
      (live) => live.row.documentId === documentId,
      () => true,
    )
  }

  private async recheck(
    meetingMatches: (live: LiveMeeting) => boolean,
    subscriberMatches: (subscriber: Subscriber) => boolean,
  ): Promise<void> {
    if (this.closed) return
    const { kdb } = this
    for (const live of [...this.live.values()]) {
      if (!meetingMatches(live) || live.state.status === 'ended') continue
      const affected = [...live.subscribers].filter(subscriberMatches)
      if (affected.length === 0) continue
      const plan = await loadDocumentRow(kdb, live.row.documentId)
      const lost = new Set<string>()
      for (const userId of new Set(affected.map((subscriber) => subscriber.userId))) {
        const permission = plan ? await permissionOfUser(kdb, userId, plan) : 'none'
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

  /** Whether someone has the room of a running meeting open right now. */
  isOnline(meetingId: string, userId: string): boolean {
    return (this.live.get(meetingId)?.online.get(userId) ?? 0) > 0
  }

  /**
   * Applies an action (the caller checked who may): persists the state, records votes, updates
   * the record and pushes the state to everyone. 409 when the meeting ended or the action does
   * not fit the state. Returns the new state.
   */
  apply(meetingId: string, action: MeetingAction): Promise<MeetingState> {
    return this.serialized(meetingId, () => this.applyNow(meetingId, action))
  }

  private async applyNow(meetingId: string, action: MeetingAction): Promise<MeetingState> {
    const live = await this.requireLive(meetingId)
    await this.refreshNow(live)
    if (this.live.get(meetingId) !== live) {
      throw new DomainError('session_ended', 'The session has ended')
    }
    const now = Date.now()
    let next: MeetingState
    try {
      next = applyMeetingAction(live.state, action, now)
    } catch (error) {
      if (error instanceof MeetingRuleError) throw ruleFailure(error)
      throw error
    }
    if (next === live.state) return next
    await saveMeetingState(this.options.executor, meetingId, live.state, next)
    live.state = next
    if (action.type === 'agenda') this.queueRecordUpdate(live, { agenda: agendaLines(next.agenda) })
    if (action.type === 'closeVote')
      this.queueRecordUpdate(live, { decisions: this.decisionLines(live) })
    await this.broadcast(live)
    return next
  }

  /**
   * Ends a meeting: closes an open vote, every open attendance row and the streams, writes the
   * final record lists (attendees, vote results and the decisions of resolved comment threads)
   * and marks it ended. Resolves once the record is written.
   */
  end(meetingId: string): Promise<MeetingState> {
    return this.serialized(meetingId, () => this.endNow(meetingId))
  }

  /** Runs `work` after the meeting's earlier actions (each reads the state the last one left). */
  private serialized<T>(meetingId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.actions.get(meetingId) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => {})
    this.actions.set(meetingId, settled)
    void settled.then(() => {
      if (this.actions.get(meetingId) === settled) this.actions.delete(meetingId)
    })
    return next
  }

  private async endNow(meetingId: string): Promise<MeetingState> {
    const live = await this.requireLive(meetingId)
    const now = Date.now()
    const next = applyMeetingAction(live.state, { type: 'end' }, now)
    const { kdb } = this
    await saveEndedMeeting(this.options.executor, meetingId, live.state, next, now)
    await this.options.versions?.recordMilestone(
      live.row.documentId,
      'discussion_ended',
      MILESTONE_NAMES.discussion_ended,
      live.row.hostId,
    )
    live.state = next
    live.row = { ...live.row, endedAt: now }
    live.info = { ...live.info, endedAt: now }
    live.online.clear()
    live.openAttendance.clear()
    try {
      live.commentDecisions = await commentDecisionsOf(
        kdb,
        this.options.registry,
        live.row.documentId,
      )
    } catch (error) {
      // `sessionId`: the log field keeps its name.
      this.options.log.warn(
        { err: error, sessionId: meetingId },
        'reading comment decisions failed',
      )
    }
    this.queueRecordUpdate(live, {
      attendees: attendeeLines(await meetingAttendees(kdb, meetingId)),
      decisions: this.decisionLines(live),
    })
    await live.recordUpdates
    await this.broadcast(live)
    for (const subscriber of [...live.subscribers]) subscriber.end()
    live.subscribers.clear()
    this.live.delete(meetingId)
    return next
  }

  /** Resolves once every queued record update of a meeting is written. */
  async settled(meetingId: string): Promise<void> {
    await this.live.get(meetingId)?.recordUpdates
  }

  /** Stops: ends every stream, closes open attendance rows, waits for record updates. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const now = Date.now()
    for (const live of this.live.values()) {
      for (const subscriber of [...live.subscribers]) subscriber.end()
      live.subscribers.clear()
      for (const attendanceId of live.openAttendance.values()) {
        await closeAttendance(this.kdb, attendanceId, now)
      }
      live.openAttendance.clear()
      live.online.clear()
    }
    await Promise.allSettled([...this.live.values()].map((live) => live.recordUpdates))
    this.live.clear()
  }

  private async requireLive(meetingId: string): Promise<LiveMeeting> {
    const live = this.closed ? null : await this.liveMeeting(meetingId)
    if (!live) throw new DomainError('session_ended', 'The session has ended')
    return live
  }

  /**
   * Takes the stored state when it moved on without this copy: with several instances a room is
   * served by one of them (routed by its id), but it moves when that one is taken out of the
   * balancer, and may come back. Runs between the meeting's actions (`serialized`). A meeting
   * that ended elsewhere is dropped here (its streams end).
   */
  private async refreshNow(live: LiveMeeting): Promise<void> {
    const row = await loadMeetingRow(this.kdb, live.row.id)
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

  /** The live meeting, loaded from its row when it runs but is not in memory (after a restart). */
  private liveMeeting(meetingId: string): Promise<LiveMeeting | null> {
    const existing = this.live.get(meetingId)
    if (existing) return Promise.resolve(existing)
    if (this.closed) return Promise.resolve(null)
    let loading = this.loading.get(meetingId)
    if (!loading) {
      loading = this.loadLive(meetingId).finally(() => this.loading.delete(meetingId))
      this.loading.set(meetingId, loading)
    }
    return loading
  }

  private async loadLive(meetingId: string): Promise<LiveMeeting | null> {
    const { kdb } = this
    const row = await loadMeetingRow(kdb, meetingId)
    if (!row || row.endedAt !== null) return null
    // Streams do not survive a restart: attendance left open by the previous process is closed.
    await closeOpenAttendance(kdb, meetingId, Date.now())
    const live: LiveMeeting = {
      row,
      info: await meetingInfo(kdb, row),
      state: storedState(row),
      online: new Map(),
      openAttendance: new Map(),
      subscribers: new Set(),
      recordUpdates: Promise.resolve(),
      broadcasts: Promise.resolve(),
      commentDecisions: [],
    }
    this.live.set(meetingId, live)
    return live
  }

  private async snapshotOf(live: LiveMeeting, viewer: MeetingViewer): Promise<MeetingSnapshot> {
    return {
      serverNow: Date.now(),
      session: live.info,
      state: viewOfState(live.state, viewer.userId),
      participants: await meetingParticipants(
        this.kdb,
        live.row.id,
        live.row.groupId,
        new Set(live.online.keys()),
      ),
      isLead: viewer.isLead,
      canVote: viewer.canVote,
    }
  }

  /** Pushes the current snapshot to every stream, after the pushes queued before it. */
  private broadcast(live: LiveMeeting): Promise<void> {
    const pushed = live.broadcasts.then(() => this.pushSnapshots(live))
    live.broadcasts = pushed.catch(() => undefined)
    return pushed
  }

  private async pushSnapshots(live: LiveMeeting): Promise<void> {
    if (live.subscribers.size === 0) return
    const participants = await meetingParticipants(
      this.kdb,
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

  private async join(live: LiveMeeting, userId: string): Promise<void> {
    const tabs = live.online.get(userId) ?? 0
    live.online.set(userId, tabs + 1)
    if (tabs > 0) return
    const { kdb } = this
    const meetingId = live.row.id
    const attendedBefore = await hasAttended(kdb, meetingId, userId)
    live.openAttendance.set(userId, await openAttendance(kdb, meetingId, userId, Date.now()))
    if (!attendedBefore) {
      this.queueRecordUpdate(live, {
        attendees: attendeeLines(await meetingAttendees(kdb, meetingId)),
      })
    }
  }

  private async leave(live: LiveMeeting, userId: string): Promise<void> {
    const tabs = (live.online.get(userId) ?? 0) - 1
    if (tabs > 0) {
      live.online.set(userId, tabs)
      return
    }
    live.online.delete(userId)
    const attendanceId = live.openAttendance.get(userId)
    live.openAttendance.delete(userId)
    if (attendanceId === undefined) return
    await closeAttendance(this.kdb, attendanceId, Date.now())
  }

  private decisionLines(live: LiveMeeting): string[] {
    return [...live.state.closedVotes.map(voteRecordLine), ...live.commentDecisions]
  }

  /** Queues a record update after the ones before it; failures are logged, never thrown. */
  private queueRecordUpdate(live: LiveMeeting, lists: RecordLists): void {
    const recordId = live.row.minutesDocumentId
    if (!recordId) return
    live.recordUpdates = live.recordUpdates
      .then(() => updateRecordLists(this.options.registry, recordId, lists))
      .catch((error: unknown) => {
        // The log fields and message keep their names.
        this.options.log.error(
          { err: error, sessionId: live.row.id, minutesId: recordId },
          'updating the minutes failed',
        )
      })
  }
}
