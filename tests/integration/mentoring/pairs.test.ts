import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_DUTIES,
  type DutyKey,
  type GuidanceInfo,
  type PairInfo,
  type PairListResponse,
  type PairProgress,
} from '../../../shared/mentoring/mentoringApi.ts'
import { commentOnPlan } from '../../helpers/comments.ts'
import { endMeeting, startMeeting } from '../../helpers/meetingRun.ts'
import { openStream } from '../../helpers/meetingStream.ts'
import { expectStatus, LESSON_AT, scheduleDemoObservation } from '../../helpers/observations.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { demoPlanId } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

let server: TestServer
let api: DemoCaller

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true })
  api = new DemoCaller(server)
})
afterAll(async () => {
  await server?.close()
})

/** The autumn term of the demo (LESSON_AT, 2026-12-08, lies in it). */
const TERM = '2026-2027-1'
/** A lesson of the spring term before it: 2026-06-10 09:00 China time. */
const SPRING_LESSON_AT = Date.UTC(2026, 5, 10, 1, 0)

/** A pair made by the demo lead in the demo group: mentor demo-teacher-a, mentee demo-teacher-b. */
async function leadMadePair(overrides: Record<string, unknown> = {}): Promise<PairInfo> {
  const created = await api.call('demo-lead', 'POST', '/api/mentoring/pairs', {
    kind: 'teacher',
    mentorId: await api.userId('demo-teacher-a'),
    menteeId: await api.userId('demo-teacher-b'),
    groupId: await api.demoGroupId(),
    startDate: '2026-03-01',
    endDate: '2027-07-31',
    goals: '一学年内独立完成单元教学设计',
    ...overrides,
  })
  return expectStatus<PairInfo>(created, 201)
}

/** The pair's progress in a term, as `username` reads it. */
async function progressOf(username: string, pairId: string, term = TERM): Promise<PairProgress> {
  const result = await api.call(
    username,
    'GET',
    `/api/mentoring/pairs/${pairId}/progress?term=${term}`,
  )
  return expectStatus<PairProgress>(result, 200)
}

/** Done counts by duty. */
function doneOf(progress: PairProgress): Record<DutyKey, number> {
  return Object.fromEntries(progress.duties.map((duty) => [duty.key, duty.done])) as Record<
    DutyKey,
    number
  >
}

/** Schedules an observation and closes it as its teacher; returns its id. */
async function closedObservation(
  teacher: string,
  observers: string[],
  startsAt = LESSON_AT,
): Promise<string> {
  const observation = await scheduleDemoObservation(server, api, { teacher, observers, startsAt })
  const closed = await api.call(teacher, 'POST', `/api/observations/${observation.id}/close`)
  expect(closed.status).toBe(200)
  return observation.id
}

/** A lesson plan demo-teacher-b writes in the demo group (demo-teacher-a may comment on it). */
async function menteePlan(title: string): Promise<string> {
  const created = await api.call('demo-teacher-b', 'POST', '/api/documents', {
    title,
    groupId: await api.demoGroupId(),
  })
  return expectStatus<{ id: string }>(created, 201).id
}

describe('mentoring pairs', () => {
  it('creates a pair with the default duties, visible to both sides, the lead and admins only', async () => {
    const pair = await leadMadePair()
    expect(pair.status).toBe('active')
    expect(pair.duties).toEqual(DEFAULT_DUTIES)
    expect(pair.mentor?.name).toBe('王建国')
    expect(pair.mentee?.name).toBe('张晓燕')
    for (const username of [
      'demo-teacher-a',
      'demo-teacher-b',
      'demo-lead',
      'demo-school-admin',
      'demo-admin',
    ]) {
      const seen = await api.call(username, 'GET', `/api/mentoring/pairs/${pair.id}`)
      expect(seen.status, username).toBe(200)
    }
    for (const username of ['demo-outsider', 'demo-teacher-d']) {
      const hidden = await api.call(username, 'GET', `/api/mentoring/pairs/${pair.id}`)
      expect(hidden.status, username).toBe(404)
      const list = expectStatus<PairListResponse>(
        await api.call(username, 'GET', '/api/mentoring/pairs'),
        200,
      )
      expect(list.pairs.map((entry) => entry.id)).not.toContain(pair.id)
    }
  })

  it('lets the mentee request a pair that the mentor accepts; others may not create one', async () => {
    const body = {
      kind: 'teacher',
      mentorId: await api.userId('demo-teacher-c'),
      menteeId: await api.userId('demo-teacher-d'),
      startDate: '2026-09-01',
      endDate: '2027-07-31',
    }
    const refused = await api.call('demo-outsider', 'POST', '/api/mentoring/pairs', body)
    expect(refused.status).toBe(403)
    const requested = expectStatus<PairInfo>(
      await api.call('demo-teacher-d', 'POST', '/api/mentoring/pairs', body),
      201,
    )
    expect(requested.status).toBe('requested')
    const byMentee = await api.call(
      'demo-teacher-d',
      'POST',
      `/api/mentoring/pairs/${requested.id}/accept`,
    )
    expect(byMentee.status).toBe(403)
    const accepted = expectStatus<PairInfo>(
      await api.call('demo-teacher-c', 'POST', `/api/mentoring/pairs/${requested.id}/accept`),
      200,
    )
    expect(accepted.status).toBe('active')
    const again = await api.call(
      'demo-teacher-c',
      'POST',
      `/api/mentoring/pairs/${requested.id}/accept`,
    )
    expect((again.body as { error: string }).error).toBe('pair_not_requested')
  })

  it('creates a school pair (城乡结对) by an alliance admin', async () => {
    const schools = await server.kdb
      .selectFrom('schools')
      .select(['id', 'name'])
      .orderBy('name')
      .execute()
    const [strong, remote] = schools
    if (!strong || !remote) throw new Error('the demo has schools')
    const pair = expectStatus<PairInfo>(
      await api.call('demo-admin', 'POST', '/api/mentoring/pairs', {
        kind: 'school',
        mentorSchoolId: strong.id,
        menteeSchoolId: remote.id,
        startDate: '2026-09-01',
        endDate: '2027-07-31',
      }),
      201,
    )
    expect([pair.kind, pair.mentor, pair.mentorSchool.name]).toEqual(['school', null, strong.name])
    const noDuties = await api.call('demo-admin', 'GET', `/api/mentoring/pairs/${pair.id}/progress`)
    expect((noDuties.body as { error: string }).error).toBe('school_pair_no_duties')
    const byTeacher = await api.call('demo-teacher-a', 'POST', '/api/mentoring/pairs', {
      kind: 'school',
      mentorSchoolId: strong.id,
      menteeSchoolId: remote.id,
      startDate: '2026-09-01',
      endDate: '2027-07-31',
    })
    expect(byTeacher.status).toBe(403)
  })

  it('refuses a pair with oneself, an unknown user, negative duties and dates out of order', async () => {
    const teacherA = await api.userId('demo-teacher-a')
    const base = {
      kind: 'teacher',
      mentorId: teacherA,
      menteeId: await api.userId('demo-teacher-b'),
      startDate: '2026-09-01',
      endDate: '2027-07-31',
    }
    const before = await server.kdb.selectFrom('mentoringPairs').select('id').execute()
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ ...base, menteeId: teacherA }, 400, 'pair_with_self'],
      [{ ...base, menteeId: 'no-such-user' }, 400, 'pair_person_unknown'],
      [{ ...base, duties: { mentorObservations: -1 } }, 400, 'bad_request'],
      [{ ...base, duties: { mentorObservations: 2.5 } }, 400, 'bad_request'],
      [{ ...base, duties: { unknownDuty: 1 } }, 400, 'bad_request'],
      [{ ...base, endDate: '2026-08-31' }, 400, 'bad_request'],
      [{ ...base, startDate: '2026-02-30' }, 400, 'bad_request'],
      // demo-teacher-d is not in the demo group.
      [
        { ...base, menteeId: await api.userId('demo-teacher-d'), groupId: await api.demoGroupId() },
        400,
        'bad_request',
      ],
    ]
    for (const [body, status, error] of cases) {
      const refused = await api.call('demo-admin', 'POST', '/api/mentoring/pairs', body)
      expect(
        [refused.status, (refused.body as { error: string }).error],
        JSON.stringify(body),
      ).toEqual([status, error])
    }
    const school = await api.call('demo-admin', 'POST', '/api/mentoring/pairs', {
      kind: 'school',
      mentorSchoolId: 'no-such-school',
      menteeSchoolId: 'another-school',
      startDate: '2026-09-01',
      endDate: '2027-07-31',
    })
    expect((school.body as { error: string }).error).toBe('pair_person_unknown')
    const after = await server.kdb.selectFrom('mentoringPairs').select('id').execute()
    expect(after).toHaveLength(before.length)
  })

  it('edits duties per pair (managers only), refusing negative numbers', async () => {
    const pair = await leadMadePair()
    const path = `/api/mentoring/pairs/${pair.id}`
    const bySide = await api.call('demo-teacher-b', 'PATCH', path, { duties: { menteePlans: 5 } })
    expect(bySide.status).toBe(403)
    const negative = await api.call('demo-lead', 'PATCH', path, { duties: { menteePlans: -2 } })
    expect(negative.status).toBe(400)
    const edited = expectStatus<PairInfo>(
      await api.call('demo-lead', 'PATCH', path, { duties: { menteePlans: 5 }, goals: '新目标' }),
      200,
    )
    expect([edited.duties.menteePlans, edited.duties.mentorObservations, edited.goals]).toEqual([
      5,
      7,
      '新目标',
    ])
  })
})

describe('duties counted from the work', () => {
  let pair: PairInfo
  let planId: string
  let mentorObservation: string

  beforeAll(async () => {
    pair = await leadMadePair()
  })

  it('counts closed observations between the two, in the term only', async () => {
    const empty = await progressOf('demo-teacher-a', pair.id)
    expect(Object.values(doneOf(empty))).toEqual([0, 0, 0, 0, 0, 0, 0])
    // The mentor (and two more) observe the mentee: one observation counts, and as a public lesson.
    mentorObservation = await closedObservation('demo-teacher-b', [
      'demo-teacher-a',
      'demo-lead',
      'demo-teacher-c',
    ])
    // Not closed: does not count.
    await scheduleDemoObservation(server, api, {
      teacher: 'demo-teacher-b',
      observers: ['demo-teacher-a'],
    })
    // The mentee observes the mentor.
    await closedObservation('demo-teacher-a', ['demo-teacher-b'])
    // In the spring term before: counted there, not in the autumn term.
    await closedObservation('demo-teacher-b', ['demo-teacher-a'], SPRING_LESSON_AT)

    const autumn = await progressOf('demo-lead', pair.id)
    expect(doneOf(autumn)).toMatchObject({
      mentorObservations: 1,
      menteeObservations: 1,
      reportLessons: 1,
      exploratoryLessons: 0,
    })
    const observed = autumn.duties.find((duty) => duty.key === 'mentorObservations')
    expect(observed?.items.map((item) => item.link)).toEqual([`/observations/${mentorObservation}`])
    expect(observed?.required).toBe(7)
    // A lesson in the term's first half with three observers is the early 探讨课.
    await closedObservation(
      'demo-teacher-b',
      ['demo-lead', 'demo-teacher-c', 'demo-teacher-d'],
      Date.UTC(2026, 9, 12, 1, 0),
    )
    expect(doneOf(await progressOf('demo-lead', pair.id))).toMatchObject({
      mentorObservations: 1,
      exploratoryLessons: 1,
      reportLessons: 1,
    })
    const spring = await progressOf('demo-lead', pair.id, '2025-2026-2')
    expect(doneOf(spring)).toMatchObject({ mentorObservations: 1, menteeObservations: 0 })
    // The spring term is over: what it lacks is overdue.
    expect(spring.duties.find((duty) => duty.key === 'mentorObservations')?.overdue).toBe(true)
  })

  it('counts plans handed in for guidance and the mentor’s comments on them', async () => {
    planId = await menteePlan('有理数的乘法（徒弟教案）')
    const path = `/api/mentoring/pairs/${pair.id}/guidance`
    const byMentor = await api.call('demo-teacher-a', 'POST', path, { documentId: planId })
    expect(byMentor.status).toBe(403)
    const asked = expectStatus<GuidanceInfo>(
      await api.call('demo-teacher-b', 'POST', path, {
        documentId: planId,
        note: '请师傅看看导入环节',
      }),
      201,
    )
    expect(asked.documentId).toBe(planId)
    const twice = await api.call('demo-teacher-b', 'POST', path, { documentId: planId })
    expect((twice.body as { error: string }).error).toBe('guidance_exists')
    const unknown = await api.call('demo-teacher-b', 'POST', path, { documentId: 'no-such-plan' })
    expect(unknown.status).toBe(404)

    // A private plan the mentor cannot comment on is refused, and nothing is stored.
    const privatePlan = expectStatus<{ id: string }>(
      await api.call('demo-teacher-b', 'POST', '/api/documents', { title: '私人草稿' }),
      201,
    ).id
    const hidden = await api.call('demo-teacher-b', 'POST', path, { documentId: privatePlan })
    expect((hidden.body as { error: string }).error).toBe('mentor_cannot_comment')

    const before = doneOf(await progressOf('demo-teacher-b', pair.id))
    expect([before.menteePlans, before.mentorPlanReviews]).toEqual([1, 0])
    // A comment by someone else does not count as the mentor's review.
    await commentOnPlan(api, 'demo-lead', planId, '组长：格式请统一')
    expect(doneOf(await progressOf('demo-teacher-b', pair.id)).mentorPlanReviews).toBe(0)
    await commentOnPlan(api, 'demo-teacher-a', planId, '导入可以用温度计的例子')
    await commentOnPlan(api, 'demo-teacher-a', planId, '练习的梯度再拉开一些')
    const after = await progressOf('demo-teacher-b', pair.id)
    const reviews = after.duties.find((duty) => duty.key === 'mentorPlanReviews')
    expect([reviews?.done, reviews?.items[0]?.comments, reviews?.items[0]?.link]).toEqual([
      1,
      2,
      `/plans/${planId}`,
    ])
  })

  it('counts a session both attended, not one only the mentee attended', async () => {
    const sessionPlan = await demoPlanId(server.kdb, 1)
    const both = await startMeeting(api, sessionPlan)
    const mentor = await openStream(
      server,
      (await api.session('demo-teacher-a')).cookie,
      both.sessionId,
    )
    const mentee = await openStream(
      server,
      (await api.session('demo-teacher-b')).cookie,
      both.sessionId,
    )
    expect([mentor.status, mentee.status]).toEqual([200, 200])
    mentor.close()
    mentee.close()
    await endMeeting(api, both.sessionId)
    const alone = await startMeeting(api, sessionPlan)
    const onlyMentee = await openStream(
      server,
      (await api.session('demo-teacher-b')).cookie,
      alone.sessionId,
    )
    onlyMentee.close()
    await endMeeting(api, alone.sessionId)
    const progress = await progressOf('demo-teacher-a', pair.id)
    const sessions = progress.duties.find((duty) => duty.key === 'studySessionsPerMonth')
    expect(sessions?.items.map((item) => item.link)).toEqual([`/sessions/${both.sessionId}`])
    // Five months (September to January) at two a month.
    expect(sessions?.required).toBe(10)
  })

  it('ends a pair with its reason kept; no more guidance requests, no more edits', async () => {
    const ended = expectStatus<PairInfo>(
      await api.call('demo-teacher-b', 'POST', `/api/mentoring/pairs/${pair.id}/end`, {
        reason: '徒弟调往其他学校',
      }),
      200,
    )
    expect([ended.status, ended.endReason]).toEqual(['ended', '徒弟调往其他学校'])
    const emptyReason = await api.call('demo-lead', 'POST', `/api/mentoring/pairs/${pair.id}/end`, {
      reason: ' ',
    })
    expect(emptyReason.status).toBe(400)
    const again = await api.call('demo-lead', 'POST', `/api/mentoring/pairs/${pair.id}/end`, {
      reason: '再次结束',
    })
    expect((again.body as { error: string }).error).toBe('pair_ended')
    const more = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/mentoring/pairs/${pair.id}/guidance`,
      {
        documentId: await menteePlan('另一份教案'),
      },
    )
    expect((more.body as { error: string }).error).toBe('pair_not_active')
    const edit = await api.call('demo-lead', 'PATCH', `/api/mentoring/pairs/${pair.id}`, {
      goals: '改',
    })
    expect((edit.body as { error: string }).error).toBe('pair_ended')
    // History kept: still listed, with its counts up to the end.
    const list = expectStatus<PairListResponse>(
      await api.call('demo-teacher-a', 'GET', '/api/mentoring/pairs'),
      200,
    )
    expect(list.pairs.find((entry) => entry.id === pair.id)?.endReason).toBe('徒弟调往其他学校')
    // Counting stops where the pair ended: a lesson after that no longer counts.
    const afterEnd = await progressOf('demo-teacher-a', pair.id)
    expect(afterEnd.to).toBe(ended.endedAt)
    expect(doneOf(afterEnd).mentorObservations).toBe(LESSON_AT < afterEnd.to ? 1 : 0)
  })
})
