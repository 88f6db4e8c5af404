import type { ErrorCode } from '../errorCodes.ts'
/**
 * The live state of a teaching-research meeting (集体研讨) and the pure rules that change it:
 * agenda and its timer, speaking queue and floor, quick votes. Shared by the server (which owns
 * the state) and the client (which renders it). No I/O, no clock: `now` is always passed in.
 */

/** One agenda item with its planned duration. */
export interface AgendaItem {
  /** What is discussed, e.g. 说课. */
  title: string
  /** Planned minutes. */
  minutes: number
}

/** A vote choice. */
export type VoteChoice = 'agree' | 'disagree' | 'abstain'

/** The three choices, in display order. */
export const VOTE_CHOICES: readonly VoteChoice[] = ['agree', 'disagree', 'abstain']

/** The timer of the current agenda item, in server epoch milliseconds. */
export interface TimerState {
  running: boolean
  /** When the timer was last started (server clock); null while paused. */
  startedAt: number | null
  /** Time accumulated before `startedAt`. */
  elapsedMs: number
}

/** A raised hand in the speaking queue. */
export interface RaisedHand {
  userId: string
  raisedAt: number
}

/** The vote currently open, with every ballot (server-side only: clients get counts). */
export interface OpenVote {
  id: string
  proposal: string
  openedAt: number
  /** userId → choice; one per person, replaced when they change their mind. */
  ballots: Record<string, VoteChoice>
}

/** Ballot counts of a vote. */
export interface VoteCounts {
  agree: number
  disagree: number
  abstain: number
}

/** A closed vote and its recorded result. */
export interface VoteResult extends VoteCounts {
  id: string
  proposal: string
  openedAt: number
  closedAt: number
  /** More agree than disagree ballots. */
  passed: boolean
}

/** The whole live state of a meeting, as stored in `prep_sessions.state`. */
export interface MeetingState {
  /** Incremented on every change; clients ignore older snapshots. */
  version: number
  status: 'running' | 'ended'
  agenda: AgendaItem[]
  /** Index of the current agenda item. */
  current: number
  timer: TimerState
  /** Raised hands, oldest first. */
  queue: RaisedHand[]
  /** Who has the floor, if anyone. */
  floor: string | null
  openVote: OpenVote | null
  closedVotes: VoteResult[]
}

/** The default agenda of a 集体研讨 (minutes are a suggestion the lead can edit). */
export const DEFAULT_AGENDA: readonly AgendaItem[] = [
  { title: '说课', minutes: 10 },
  { title: '议重点', minutes: 10 },
  { title: '议难点', minutes: 10 },
  { title: '议教法', minutes: 10 },
  { title: '议作业', minutes: 5 },
]

/** Limits of the agenda. */
export const AGENDA_LIMITS = { maxItems: 20, maxTitle: 60, maxMinutes: 240 } as const

/** A change to the live state; who may make it is checked by the caller. */
export type MeetingAction =
  | { type: 'agenda'; items: AgendaItem[] }
  | { type: 'timer'; action: 'start' | 'pause' | 'next' | 'reset' }
  | { type: 'hand'; userId: string; raised: boolean }
  | { type: 'floor'; userId: string | null }
  | { type: 'openVote'; id: string; proposal: string }
  | { type: 'ballot'; voteId: string; userId: string; choice: VoteChoice }
  | { type: 'closeVote'; voteId: string }
  | { type: 'end' }

/** The error codes of the live meeting's rules (a subset of the API's `ErrorCode`). */
export type MeetingRuleCode = Extract<
  ErrorCode,
  'agenda_empty' | 'agenda_finished' | 'session_ended' | 'vote_already_open' | 'vote_closed'
>

/** Why an action cannot be applied in the current state (becomes a 409). */
export class MeetingRuleError extends Error {
  constructor(
    /** Stable error id, e.g. `vote_already_open`. */
    readonly code: MeetingRuleCode,
    message: string,
  ) {
    super(message)
  }
}

/** A fresh state for a meeting starting with this agenda. */
export function initialMeetingState(agenda: readonly AgendaItem[]): MeetingState {
  return {
    version: 1,
    status: 'running',
    agenda: agenda.map((item) => ({ ...item })),
    current: 0,
    timer: { running: false, startedAt: null, elapsedMs: 0 },
    queue: [],
    floor: null,
    openVote: null,
    closedVotes: [],
  }
}

/** Milliseconds the current item's timer has run at `now` (server clock). */
export function timerElapsedMs(timer: TimerState, now: number): number {
  const running = timer.running && timer.startedAt !== null ? Math.max(0, now - timer.startedAt) : 0
  return timer.elapsedMs + running
}

/** Milliseconds left on the current agenda item at `now`; negative when over time. */
export function remainingMs(
  state: Pick<MeetingState, 'agenda' | 'current' | 'timer'>,
  now: number,
): number {
  const item = state.agenda[state.current]
  const planned = (item?.minutes ?? 0) * 60_000
  return planned - timerElapsedMs(state.timer, now)
}

/** Counts of a set of ballots. */
export function countBallots(ballots: Record<string, VoteChoice>): VoteCounts {
  const counts: VoteCounts = { agree: 0, disagree: 0, abstain: 0 }
  for (const choice of Object.values(ballots)) counts[choice] += 1
  return counts
}

/** Whether a vote with these counts passes: more agree than disagree ballots. */
export function votePassed(counts: VoteCounts): boolean {
  return counts.agree > counts.disagree
}

/** The record line of a closed vote: `表决：… — 同意 2 · 反对 0 · 弃权 1（通过）`. */
export function voteRecordLine(result: VoteResult): string {
  return `表决：${result.proposal} — 同意 ${result.agree} · 反对 ${result.disagree} · 弃权 ${result.abstain}（${result.passed ? '通过' : '未通过'}）`
}

function requireRunning(state: MeetingState): void {
  if (state.status !== 'running') {
    throw new MeetingRuleError('session_ended', 'The session has ended')
  }
}

function pausedTimer(timer: TimerState, now: number): TimerState {
  return { running: false, startedAt: null, elapsedMs: timerElapsedMs(timer, now) }
}

function closeVote(vote: OpenVote, now: number): VoteResult {
  const counts = countBallots(vote.ballots)
  return {
    id: vote.id,
    proposal: vote.proposal,
    openedAt: vote.openedAt,
    closedAt: now,
    ...counts,
    passed: votePassed(counts),
  }
}

function applyTimer(
  state: MeetingState,
  action: 'start' | 'pause' | 'next' | 'reset',
  now: number,
): MeetingState {
  const { timer } = state
  switch (action) {
    case 'start':
      if (timer.running) return state
      return { ...state, timer: { running: true, startedAt: now, elapsedMs: timer.elapsedMs } }
    case 'pause':
      if (!timer.running) return state
      return { ...state, timer: pausedTimer(timer, now) }
    case 'reset':
      return { ...state, timer: { running: false, startedAt: null, elapsedMs: 0 } }
    case 'next': {
      if (state.current >= state.agenda.length - 1) {
        throw new MeetingRuleError('agenda_finished', 'This is the last agenda item')
      }
      // The next item starts at once if the timer was running.
      return {
        ...state,
        current: state.current + 1,
        timer: { running: timer.running, startedAt: timer.running ? now : null, elapsedMs: 0 },
      }
    }
  }
}

/**
 * Applies an action at `now` and returns the new state (the input is never modified). A no-op
 * (starting a running timer, lowering a hand that is down) returns the same object, so the
 * caller can skip persisting and broadcasting. Throws {@link MeetingRuleError} when the action
 * does not fit the state.
 */
export function applyMeetingAction(
  state: MeetingState,
  action: MeetingAction,
  now: number,
): MeetingState {
  requireRunning(state)
  const next = reduce(state, action, now)
  return next === state ? state : { ...next, version: state.version + 1 }
}

function reduce(state: MeetingState, action: MeetingAction, now: number): MeetingState {
  switch (action.type) {
    case 'agenda': {
      if (action.items.length === 0) {
        throw new MeetingRuleError('agenda_empty', 'The agenda needs at least one item')
      }
      const current = Math.min(state.current, action.items.length - 1)
      const keepTimer = current === state.current
      return {
        ...state,
        agenda: action.items.map((item) => ({ title: item.title, minutes: item.minutes })),
        current,
        timer: keepTimer ? state.timer : { running: false, startedAt: null, elapsedMs: 0 },
      }
    }
    case 'timer':
      return applyTimer(state, action.action, now)
    case 'hand': {
      const raised = state.queue.some((hand) => hand.userId === action.userId)
      if (action.raised === raised) return state
      return {
        ...state,
        queue: action.raised
          ? [...state.queue, { userId: action.userId, raisedAt: now }]
          : state.queue.filter((hand) => hand.userId !== action.userId),
      }
    }
    case 'floor':
      if (action.userId === state.floor) return state
      return {
        ...state,
        floor: action.userId,
        // Whoever gets the floor lowers their hand.
        queue: state.queue.filter((hand) => hand.userId !== action.userId),
      }
    case 'openVote':
      if (state.openVote) {
        throw new MeetingRuleError('vote_already_open', 'Close the current vote first')
      }
      return {
        ...state,
        openVote: { id: action.id, proposal: action.proposal, openedAt: now, ballots: {} },
      }
    case 'ballot': {
      const vote = state.openVote
      if (!vote || vote.id !== action.voteId) {
        throw new MeetingRuleError('vote_closed', 'This vote is not open')
      }
      if (vote.ballots[action.userId] === action.choice) return state
      return {
        ...state,
        openVote: { ...vote, ballots: { ...vote.ballots, [action.userId]: action.choice } },
      }
    }
    case 'closeVote': {
      const vote = state.openVote
      if (!vote || vote.id !== action.voteId) {
        throw new MeetingRuleError('vote_closed', 'This vote is not open')
      }
      return { ...state, openVote: null, closedVotes: [...state.closedVotes, closeVote(vote, now)] }
    }
    case 'end':
      return {
        ...state,
        status: 'ended',
        timer: pausedTimer(state.timer, now),
        floor: null,
        queue: [],
        openVote: null,
        closedVotes: state.openVote
          ? [...state.closedVotes, closeVote(state.openVote, now)]
          : state.closedVotes,
      }
  }
}

/** The open vote as one participant sees it: counts and their own choice, not others' ballots. */
export interface OpenVoteView {
  id: string
  proposal: string
  openedAt: number
  counts: VoteCounts
  /** Number of people who voted. */
  total: number
  myChoice: VoteChoice | null
}

/** The live state as one participant receives it. */
export type MeetingStateView = Omit<MeetingState, 'openVote'> & { openVote: OpenVoteView | null }

/** Projects the state for one viewer (ballots of others are reduced to counts). */
export function viewOfState(state: MeetingState, viewerId: string): MeetingStateView {
  const vote = state.openVote
  return {
    ...state,
    openVote: vote
      ? {
          id: vote.id,
          proposal: vote.proposal,
          openedAt: vote.openedAt,
          counts: countBallots(vote.ballots),
          total: Object.keys(vote.ballots).length,
          myChoice: vote.ballots[viewerId] ?? null,
        }
      : null,
  }
}
