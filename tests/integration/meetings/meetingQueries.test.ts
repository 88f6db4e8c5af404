import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toJsonText } from '../../../server/db/database.ts'
import {
  closeAttendance,
  openAttendance,
  saveEndedMeeting,
  saveMeetingState,
} from '../../../server/features/meetings/commands.ts'
import {
  groupMemberIds,
  groupNameOf,
  groupRoster,
  hasAttended,
  loadMeetingRow,
  loadTaskScope,
  mainPreparerName,
  meetingAttendees,
  meetingInfos,
  meetingsOfPlan,
  runningMeetingId,
} from '../../../server/features/meetings/queries.ts'
import { storedMeetingState } from '../../../server/features/meetings/schema.ts'
import { applyMeetingAction, initialMeetingState } from '../../../shared/meetings/meetingState.ts'
import {
  openTestEngine,
  SEED_TIME,
  seedTeachers,
  TEST_ENGINES,
  type TestEngine,
} from '../../helpers/testEngines.ts'

const T0 = SEED_TIME
const AGENDA = [
  { title: '说课', minutes: 10 },
  { title: '议重点', minutes: 5 },
]

describe.each(TEST_ENGINES)('meeting queries and commands on %s', (engineName) => {
  let engine: TestEngine

  /** Inserts a meeting row on plan `p1` started at `startedAt`. */
  async function insertMeeting(id: string, startedAt: number, endedAt: number | null = null) {
    await engine.kdb
      .insertInto('prepSessions')
      .values({
        id,
        documentId: 'p1',
        groupId: 'g1',
        taskId: null,
        minutesDocumentId: null,
        hostId: 'lead',
        agenda: toJsonText(AGENDA),
        state: toJsonText<Record<string, unknown>>({ ...initialMeetingState(AGENDA) }),
        startedAt,
        endedAt,
      })
      .execute()
  }

  beforeAll(async () => {
    engine = await openTestEngine(engineName)
    const { kdb } = engine
    await seedTeachers(kdb, [
      ['lead', '王组长', 's1'],
      ['m', '李老师', 's1'],
      ['c', '赵老师', 's2'],
      ['a', '钱老师', 's2'],
      ['guest', '孙老师', 's1'],
    ])
    await kdb
      .insertInto('groups')
      .values({ id: 'g1', name: '初一数学组', subject: '数学', grade: '七年级', createdAt: T0 })
      .execute()
    // Inserted out of id order; m, c and a joined in the same millisecond.
    await kdb
      .insertInto('groupMembers')
      .values([
        { groupId: 'g1', userId: 'lead', role: 'lead', createdAt: T0 + 5 },
        { groupId: 'g1', userId: 'm', role: 'member', createdAt: T0 },
        { groupId: 'g1', userId: 'c', role: 'member', createdAt: T0 },
        { groupId: 'g1', userId: 'a', role: 'observer', createdAt: T0 },
      ])
      .execute()
    await kdb
      .insertInto('documents')
      .values({
        id: 'p1',
        ownerId: 'lead',
        schoolId: 's1',
        groupId: 'g1',
        kind: 'lesson_plan',
        title: '一元一次方程',
        status: 'discussion',
        visibility: 'group',
        createdAt: T0,
        updatedAt: T0,
        deletedAt: null,
      })
      .execute()
  })

  afterAll(async () => {
    await engine?.close()
  })

  it('lists a group in joining order, ties by user id', async () => {
    const roster = await groupRoster(engine.kdb, 'g1')
    expect(roster.map((person) => [person.userId, person.role, person.schoolName])).toEqual([
      ['a', 'observer', '第二中学'],
      ['c', 'member', '第二中学'],
      ['m', 'member', '第一中学'],
      ['lead', 'lead', '第一中学'],
    ])
    expect(await groupRoster(engine.kdb, null)).toEqual([])
    expect((await groupMemberIds(engine.kdb, 'g1')).sort()).toEqual(['a', 'c', 'lead', 'm'])
    expect(await groupNameOf(engine.kdb, 'g1')).toBe('初一数学组')
    expect(await groupNameOf(engine.kdb, 'gone')).toBe('')
    expect(await groupNameOf(engine.kdb, null)).toBe('')
  })

  it('reads a meeting row with its JSON parsed, and the plan’s meetings newest first', async () => {
    await insertMeeting('old', T0 + 10, T0 + 20)
    await insertMeeting('run', T0 + 30)
    const row = await loadMeetingRow(engine.kdb, 'run')
    expect(row).toEqual({
      id: 'run',
      documentId: 'p1',
      groupId: 'g1',
      taskId: null,
      minutesDocumentId: null,
      hostId: 'lead',
      agenda: AGENDA,
      state: initialMeetingState(AGENDA),
      startedAt: T0 + 30,
      endedAt: null,
    })
    expect(await loadMeetingRow(engine.kdb, 'missing')).toBeUndefined()
    expect(await runningMeetingId(engine.kdb, 'p1')).toBe('run')
    expect(await runningMeetingId(engine.kdb, 'other')).toBeNull()
    const rows = await meetingsOfPlan(engine.kdb, 'p1')
    expect(rows.map((meeting) => meeting.id)).toEqual(['run', 'old'])
    const infos = await meetingInfos(engine.kdb, rows)
    expect(
      infos.map((info) => [info.id, info.documentTitle, info.groupName, info.hostName]),
    ).toEqual([
      ['run', '一元一次方程', '初一数学组', '王组长'],
      ['old', '一元一次方程', '初一数学组', '王组长'],
    ])
    expect(await meetingInfos(engine.kdb, [])).toEqual([])
  })

  it('records attendance and lists attendees by first join, ties by user id', async () => {
    expect(await meetingAttendees(engine.kdb, 'run')).toEqual([])
    const guest = await openAttendance(engine.kdb, 'run', 'guest', T0 + 40)
    const m = await openAttendance(engine.kdb, 'run', 'm', T0 + 40)
    const lead = await openAttendance(engine.kdb, 'run', 'lead', T0 + 35)
    expect(typeof guest).toBe('number')
    expect(new Set([guest, m, lead]).size).toBe(3)
    await closeAttendance(engine.kdb, m, T0 + 45)
    await openAttendance(engine.kdb, 'run', 'm', T0 + 50)
    expect(await hasAttended(engine.kdb, 'run', 'm')).toBe(true)
    expect(await hasAttended(engine.kdb, 'run', 'c')).toBe(false)
    const attendees = await meetingAttendees(engine.kdb, 'run')
    expect(attendees.map((person) => [person.userId, person.schoolName])).toEqual([
      ['lead', '第一中学'],
      ['guest', '第一中学'],
      ['m', '第一中学'],
    ])
    const left = await engine.kdb
      .selectFrom('sessionAttendance')
      .select(['userId', 'leftAt'])
      .where('id', '=', m)
      .executeTakeFirstOrThrow()
    expect(left).toEqual({ userId: 'm', leftAt: T0 + 45 })
  })

  it('mirrors votes into session_votes and ends a meeting atomically', async () => {
    const start = storedMeetingState.parse((await loadMeetingRow(engine.kdb, 'run'))?.state)
    const opened = applyMeetingAction(start, { type: 'openVote', id: 'v1', proposal: '采用' }, T0)
    await saveMeetingState(engine.executor, 'run', start, opened)
    const balloted = applyMeetingAction(
      opened,
      { type: 'ballot', voteId: 'v1', userId: 'm', choice: 'agree' },
      T0 + 1,
    )
    await saveMeetingState(engine.executor, 'run', opened, balloted)
    const vote = () =>
      engine.kdb
        .selectFrom('sessionVotes')
        .select(['sessionId', 'proposal', 'openedAt', 'closedAt', 'ballots'])
        .where('id', '=', 'v1')
        .executeTakeFirstOrThrow()
    expect({ ...(await vote()), ballots: JSON.parse((await vote()).ballots) }).toEqual({
      sessionId: 'run',
      proposal: '采用',
      openedAt: T0,
      closedAt: null,
      ballots: { m: 'agree' },
    })
    expect((await loadMeetingRow(engine.kdb, 'run'))?.state).toEqual(balloted)
    const ended = applyMeetingAction(balloted, { type: 'end' }, T0 + 60)
    await saveEndedMeeting(engine.executor, 'run', balloted, ended, T0 + 60)
    const closed = await vote()
    expect(closed.closedAt).toBe(T0 + 60)
    expect(JSON.parse(closed.ballots)).toEqual({ m: 'agree' })
    const row = await loadMeetingRow(engine.kdb, 'run')
    expect(row?.endedAt).toBe(T0 + 60)
    expect(row?.state).toEqual(ended)
    expect(await runningMeetingId(engine.kdb, 'p1')).toBeNull()
    const open = await engine.kdb
      .selectFrom('sessionAttendance')
      .select('id')
      .where('sessionId', '=', 'run')
      .where('leftAt', 'is', null)
      .execute()
    expect(open).toEqual([])
  })

  it('names the main preparer from the plan’s owner when there is no life cycle or task', async () => {
    expect(await mainPreparerName(engine.kdb, { id: 'p1', ownerId: 'lead' }, null)).toBe('王组长')
    expect(await mainPreparerName(engine.kdb, { id: 'p1', ownerId: 'gone' }, 'no-task')).toBe('')
    expect(await loadTaskScope(engine.kdb, 'no-task')).toBeUndefined()
  })
})
