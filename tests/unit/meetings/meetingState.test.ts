import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  applyMeetingAction,
  DEFAULT_AGENDA,
  initialMeetingState,
  MeetingRuleError,
  type MeetingState,
  remainingMs,
  viewOfState,
  voteRecordLine,
} from '../../../shared/meetings/meetingState.ts'
import {
  readRecordJSON,
  recordJSON,
  recordToYDoc,
  roleListLines,
} from '../../../shared/meetings/recordSchema.ts'
import { replaceRoleListLines } from '../../../shared/meetings/recordYjs.ts'

const T0 = 1_700_000_000_000

function started(): MeetingState {
  return initialMeetingState(DEFAULT_AGENDA)
}

function ruleOf(run: () => unknown): string | null {
  try {
    run()
    return null
  } catch (error) {
    return error instanceof MeetingRuleError ? error.code : 'other'
  }
}

describe('the session state reducer', () => {
  it('starts on the first default agenda item with a stopped timer', () => {
    const state = started()
    expect(state.agenda.map((item) => item.title)).toEqual([
      '说课',
      '议重点',
      '议难点',
      '议教法',
      '议作业',
    ])
    expect(state.current).toBe(0)
    expect(remainingMs(state, T0)).toBe(10 * 60_000)
  })

  it('runs, pauses and resumes the timer from the server clock', () => {
    let state = applyMeetingAction(started(), { type: 'timer', action: 'start' }, T0)
    expect(state.timer).toEqual({ running: true, startedAt: T0, elapsedMs: 0 })
    expect(remainingMs(state, T0 + 90_000)).toBe(10 * 60_000 - 90_000)
    state = applyMeetingAction(state, { type: 'timer', action: 'pause' }, T0 + 90_000)
    expect(state.timer).toEqual({ running: false, startedAt: null, elapsedMs: 90_000 })
    // Paused: time does not pass.
    expect(remainingMs(state, T0 + 500_000)).toBe(10 * 60_000 - 90_000)
    state = applyMeetingAction(state, { type: 'timer', action: 'start' }, T0 + 600_000)
    expect(remainingMs(state, T0 + 630_000)).toBe(10 * 60_000 - 120_000)
    // Over time is negative.
    expect(remainingMs(state, T0 + 600_000 + 11 * 60_000)).toBeLessThan(0)
  })

  it('moves to the next item keeping the timer running, and refuses past the last one', () => {
    let state = applyMeetingAction(started(), { type: 'timer', action: 'start' }, T0)
    state = applyMeetingAction(state, { type: 'timer', action: 'next' }, T0 + 5000)
    expect(state.current).toBe(1)
    expect(state.timer).toEqual({ running: true, startedAt: T0 + 5000, elapsedMs: 0 })
    for (let i = 2; i < DEFAULT_AGENDA.length; i += 1) {
      state = applyMeetingAction(state, { type: 'timer', action: 'next' }, T0 + i)
    }
    expect(ruleOf(() => applyMeetingAction(state, { type: 'timer', action: 'next' }, T0))).toBe(
      'agenda_finished',
    )
    state = applyMeetingAction(state, { type: 'timer', action: 'reset' }, T0 + 10)
    expect(state.timer).toEqual({ running: false, startedAt: null, elapsedMs: 0 })
  })

  it('returns the same object for a no-op and bumps the version otherwise', () => {
    const state = started()
    expect(applyMeetingAction(state, { type: 'timer', action: 'pause' }, T0)).toBe(state)
    expect(applyMeetingAction(state, { type: 'hand', userId: 'u1', raised: false }, T0)).toBe(state)
    const raised = applyMeetingAction(state, { type: 'hand', userId: 'u1', raised: true }, T0)
    expect(raised.version).toBe(state.version + 1)
    expect(state.queue).toEqual([])
  })

  it('keeps the speaking queue in order and lowers the hand of whoever gets the floor', () => {
    let state = applyMeetingAction(started(), { type: 'hand', userId: 'b', raised: true }, T0)
    state = applyMeetingAction(state, { type: 'hand', userId: 'a', raised: true }, T0 + 1)
    state = applyMeetingAction(state, { type: 'hand', userId: 'b', raised: true }, T0 + 2)
    expect(state.queue).toEqual([
      { userId: 'b', raisedAt: T0 },
      { userId: 'a', raisedAt: T0 + 1 },
    ])
    state = applyMeetingAction(state, { type: 'floor', userId: 'b' }, T0 + 3)
    expect(state.floor).toBe('b')
    expect(state.queue.map((hand) => hand.userId)).toEqual(['a'])
    state = applyMeetingAction(state, { type: 'hand', userId: 'a', raised: false }, T0 + 4)
    expect(state.queue).toEqual([])
    state = applyMeetingAction(state, { type: 'floor', userId: null }, T0 + 5)
    expect(state.floor).toBeNull()
  })

  it('counts one ballot per person, lets people change it, and records the result', () => {
    let state = applyMeetingAction(
      started(),
      { type: 'openVote', id: 'v1', proposal: '采用小组合作' },
      T0,
    )
    expect(
      ruleOf(() => applyMeetingAction(state, { type: 'openVote', id: 'v2', proposal: 'x' }, T0)),
    ).toBe('vote_already_open')
    const ballot = (userId: string, choice: 'agree' | 'disagree' | 'abstain') => {
      state = applyMeetingAction(state, { type: 'ballot', voteId: 'v1', userId, choice }, T0)
    }
    ballot('a', 'disagree')
    ballot('b', 'agree')
    ballot('c', 'abstain')
    ballot('a', 'agree')
    const view = viewOfState(state, 'a')
    expect(view.openVote?.counts).toEqual({ agree: 2, disagree: 0, abstain: 1 })
    expect(view.openVote?.total).toBe(3)
    expect(view.openVote?.myChoice).toBe('agree')
    expect(viewOfState(state, 'z').openVote?.myChoice).toBeNull()
    expect(JSON.stringify(view)).not.toContain('ballots')
    expect(
      ruleOf(() =>
        applyMeetingAction(
          state,
          { type: 'ballot', voteId: 'other', userId: 'd', choice: 'agree' },
          T0,
        ),
      ),
    ).toBe('vote_closed')
    state = applyMeetingAction(state, { type: 'closeVote', voteId: 'v1' }, T0 + 60_000)
    expect(state.openVote).toBeNull()
    const [result] = state.closedVotes
    expect(result).toMatchObject({
      agree: 2,
      disagree: 0,
      abstain: 1,
      passed: true,
      closedAt: T0 + 60_000,
    })
    expect(voteRecordLine(result as NonNullable<typeof result>)).toBe(
      '表决：采用小组合作 — 同意 2 · 反对 0 · 弃权 1（通过）',
    )
    expect(
      ruleOf(() =>
        applyMeetingAction(
          state,
          { type: 'ballot', voteId: 'v1', userId: 'd', choice: 'agree' },
          T0,
        ),
      ),
    ).toBe('vote_closed')
  })

  it('a tie does not pass', () => {
    let state = applyMeetingAction(started(), { type: 'openVote', id: 'v', proposal: 'p' }, T0)
    state = applyMeetingAction(
      state,
      { type: 'ballot', voteId: 'v', userId: 'a', choice: 'agree' },
      T0,
    )
    state = applyMeetingAction(
      state,
      { type: 'ballot', voteId: 'v', userId: 'b', choice: 'disagree' },
      T0,
    )
    state = applyMeetingAction(state, { type: 'closeVote', voteId: 'v' }, T0)
    expect(state.closedVotes[0]?.passed).toBe(false)
  })

  it('edits the agenda, keeping the running item when it still exists', () => {
    let state = applyMeetingAction(started(), { type: 'timer', action: 'start' }, T0)
    state = applyMeetingAction(
      state,
      {
        type: 'agenda',
        items: [
          { title: '说课', minutes: 15 },
          { title: '议作业', minutes: 5 },
        ],
      },
      T0 + 1000,
    )
    expect(state.agenda).toHaveLength(2)
    expect(state.timer.running).toBe(true)
    expect(remainingMs(state, T0 + 1000)).toBe(15 * 60_000 - 1000)
    expect(ruleOf(() => applyMeetingAction(state, { type: 'agenda', items: [] }, T0))).toBe(
      'agenda_empty',
    )
  })

  it('ends: closes the open vote, clears the floor and refuses every later action', () => {
    let state = applyMeetingAction(started(), { type: 'timer', action: 'start' }, T0)
    state = applyMeetingAction(state, { type: 'openVote', id: 'v', proposal: 'p' }, T0)
    state = applyMeetingAction(state, { type: 'floor', userId: 'a' }, T0)
    state = applyMeetingAction(state, { type: 'end' }, T0 + 5000)
    expect(state.status).toBe('ended')
    expect(state.floor).toBeNull()
    expect(state.openVote).toBeNull()
    expect(state.closedVotes.map((vote) => vote.id)).toEqual(['v'])
    expect(state.timer).toEqual({ running: false, startedAt: null, elapsedMs: 5000 })
    expect(
      ruleOf(() => applyMeetingAction(state, { type: 'hand', userId: 'a', raised: true }, T0)),
    ).toBe('session_ended')
  })
})

describe('the minutes document', () => {
  const facts = {
    date: '2025-03-14',
    groupName: '七年级数学联合教研组',
    hostName: '李红梅',
    mainPreparerName: '王建国',
    planTitle: '有理数的加法',
    planHref: '/plans/abc',
    attendeeLines: [],
    agendaLines: ['说课（10 分钟）'],
    decisionLines: [],
  }

  it('is pre-filled and round-trips through a Y.Doc', () => {
    const ydoc = recordToYDoc(recordJSON(facts))
    const json = readRecordJSON(ydoc)
    expect(roleListLines(json, 'attendees')).toEqual(['（暂无）'])
    expect(roleListLines(json, 'agenda')).toEqual(['说课（10 分钟）'])
    expect(JSON.stringify(json)).toContain('/plans/abc')
  })

  it('replaces only the items of a server-maintained list, keeping free notes', () => {
    const ydoc = recordToYDoc(recordJSON(facts))
    // Someone types a note in the last paragraph (讨论记录).
    const fragment = ydoc.getXmlFragment('default')
    const last = fragment.get(fragment.length - 1) as Y.XmlElement
    last.insert(0, [new Y.XmlText('王老师：建议增加数轴演示')])
    expect(replaceRoleListLines(ydoc, 'attendees', ['城关第一中学：李红梅'])).toBe(true)
    expect(replaceRoleListLines(ydoc, 'attendees', ['城关第一中学：李红梅'])).toBe(false)
    expect(
      replaceRoleListLines(ydoc, 'attendees', ['城关第一中学：李红梅、王建国', '实验中学：张晓燕']),
    ).toBe(true)
    replaceRoleListLines(ydoc, 'decisions', ['表决：p — 同意 1 · 反对 0 · 弃权 0（通过）'])
    const json = readRecordJSON(ydoc)
    expect(roleListLines(json, 'attendees')).toEqual([
      '城关第一中学：李红梅、王建国',
      '实验中学：张晓燕',
    ])
    expect(roleListLines(json, 'decisions')).toEqual(['表决：p — 同意 1 · 反对 0 · 弃权 0（通过）'])
    expect(JSON.stringify(json)).toContain('王老师：建议增加数轴演示')
    replaceRoleListLines(ydoc, 'attendees', [])
    expect(roleListLines(readRecordJSON(ydoc), 'attendees')).toEqual(['（暂无）'])
  })
})
