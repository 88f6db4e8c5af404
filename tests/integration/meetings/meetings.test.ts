import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { parseJson } from '../../../server/db/database.ts'
import type { AppKysely } from '../../../server/db/kysely.ts'
import { encodeAnchor } from '../../../shared/comments/commentApi.ts'
import { MEETING_REVOKED_EVENT, type MeetingSnapshot } from '../../../shared/meetings/meetingApi.ts'
import { readRecordJSON, roleListLines } from '../../../shared/meetings/recordSchema.ts'
import { openStream } from '../../helpers/meetingStream.ts'
import { demoPlanId, httpRequest, type Session, signIn } from '../../helpers/signIn.ts'
import { makeDataDir, startTestServer, type TestServer } from '../../helpers/testServer.ts'

async function minutesOf(server: TestServer, minutesId: string) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await server.registry.encodeState(minutesId))
  const json = readRecordJSON(doc)
  doc.destroy()
  return json
}

/** A session's attendance rows, of one person or of everyone. */
function attendanceRows(db: AppKysely, sessionId: string, userId?: string) {
  let query = db.selectFrom('sessionAttendance').selectAll().where('sessionId', '=', sessionId)
  if (userId !== undefined) query = query.where('userId', '=', userId)
  return query.execute()
}

describe('live sessions (集体研讨) and their minutes', () => {
  let server: TestServer
  const sessions = new Map<string, Session>()
  const as = async (username: string): Promise<Session> => {
    let session = sessions.get(username)
    if (!session) {
      session = await signIn(server, username)
      sessions.set(username, session)
    }
    return session
  }
  const call = async (username: string, method: string, path: string, json?: unknown) => {
    const session = await as(username)
    return httpRequest(server, method, path, {
      json,
      cookie: session.cookie,
      origin: server.httpUrl,
    })
  }
  const stream = async (username: string, sessionId: string) =>
    openStream(server, (await as(username)).cookie, sessionId)

  let planId: string
  let sessionId: string
  let minutesId: string

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    planId = await demoPlanId(server.kdb, 0)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('lets only the lead start a session, once per plan, and creates the linked minutes', async () => {
    for (const username of ['demo-teacher-a', 'demo-observer', 'demo-outsider']) {
      const refused = await call(username, 'POST', '/api/sessions', { documentId: planId })
      expect(refused.status, username).toBe(403)
    }
    expect((await call('demo-lead', 'POST', '/api/sessions', { documentId: 'nope' })).status).toBe(
      404,
    )
    const unknownTask = { documentId: planId, taskId: 'no-such-task' }
    expect((await call('demo-lead', 'POST', '/api/sessions', unknownTask)).status).toBe(404)
    const badAgenda = { documentId: planId, agenda: [{ title: '说课', minutes: 0 }] }
    expect((await call('demo-lead', 'POST', '/api/sessions', badAgenda)).status).toBe(400)
    const started = await call('demo-lead', 'POST', '/api/sessions', { documentId: planId })
    expect(started.status).toBe(201)
    const body = started.body as { id: string; minutesDocumentId: string }
    sessionId = body.id
    minutesId = body.minutesDocumentId
    const again = await call('demo-lead', 'POST', '/api/sessions', { documentId: planId })
    expect(again.status).toBe(409)

    const minutesRow = await server.kdb
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', minutesId)
      .executeTakeFirst()
    expect(minutesRow).toMatchObject({ kind: 'minutes', visibility: 'group' })
    expect(minutesRow?.title).toMatch(/^集体备课记录 · .+ · \d{4}-\d{2}-\d{2}$/)
    const minutes = await minutesOf(server, minutesId)
    const text = JSON.stringify(minutes)
    expect(text).toContain('七年级数学联合教研组')
    expect(text).toContain('李红梅')
    expect(roleListLines(minutes, 'agenda')).toEqual([
      '说课（10 分钟）',
      '议重点（10 分钟）',
      '议难点（10 分钟）',
      '议教法（10 分钟）',
      '议作业（5 分钟）',
    ])
    // Members of the group can open the minutes; the outsider cannot.
    expect((await call('demo-teacher-b', 'GET', `/api/documents/${minutesId}`)).status).toBe(200)
    expect((await call('demo-outsider', 'GET', `/api/documents/${minutesId}`)).status).toBe(403)

    const listed = await call('demo-teacher-a', 'GET', `/api/documents/${planId}/sessions`)
    expect((listed.body as { running: { id: string } | null }).running?.id).toBe(sessionId)

    const notified = await server.kdb
      .selectFrom('notifications')
      .select('userId')
      .where('sessionId', '=', sessionId)
      .where('kind', '=', 'session_started')
      .execute()
    expect(notified).toHaveLength(3) // teacher-a, teacher-b, observer; not the lead
    const audited = await server.kdb
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'session_started')
      .where('targetId', '=', sessionId)
      .execute()
    expect(audited).toHaveLength(1)
  })

  it('refuses people who cannot view the plan', async () => {
    expect((await call('demo-outsider', 'GET', `/api/sessions/${sessionId}`)).status).toBe(403)
    const outsider = await stream('demo-outsider', sessionId)
    expect(outsider.status).toBe(403)
    outsider.close()
    expect(
      (await call('demo-outsider', 'POST', `/api/sessions/${sessionId}/hand`, { raised: true }))
        .status,
    ).toBe(403)
    expect((await call('demo-lead', 'GET', '/api/sessions/unknown')).status).toBe(404)
  })

  it('streams the state to everyone in the room and records attendance once per person', async () => {
    const lead = await stream('demo-lead', sessionId)
    const teacherA = await stream('demo-teacher-a', sessionId)
    const teacherATab2 = await stream('demo-teacher-a', sessionId)
    expect(lead.status).toBe(200)
    const leadId = (await as('demo-lead')).userId
    const aId = (await as('demo-teacher-a')).userId
    await vi.waitFor(() => {
      const online = lead.latest().participants.filter((person) => person.online)
      expect(online.map((person) => person.userId).sort()).toEqual([leadId, aId].sort())
    }, 10_000)
    expect(lead.latest().isLead).toBe(true)
    expect(teacherA.latest().isLead).toBe(false)
    expect(teacherA.latest().state.agenda).toHaveLength(5)
    expect(Math.abs(teacherA.latest().serverNow - Date.now())).toBeLessThan(5000)

    const rowsOf = (userId: string) => attendanceRows(server.kdb, sessionId, userId)
    expect(await rowsOf(aId)).toHaveLength(1) // two tabs, one attendance row
    teacherATab2.close()
    await new Promise((done) => setTimeout(done, 200))
    expect((await rowsOf(aId))[0]?.leftAt).toBeNull()
    teacherA.close()
    await vi.waitFor(async () => expect((await rowsOf(aId))[0]?.leftAt).toBeGreaterThan(0), 10_000)
    await vi.waitFor(
      () => expect(lead.latest().participants.find((p) => p.userId === aId)?.online).toBe(false),
      10_000,
    )
    const row = (await rowsOf(aId))[0]
    expect(row?.leftAt).toBeGreaterThanOrEqual(row?.joinedAt ?? Number.POSITIVE_INFINITY)

    const teacherB = await stream('demo-teacher-b', sessionId)
    const rejoinA = await stream('demo-teacher-a', sessionId)
    // A second join is a second row. The stream answers with its headers before the join is
    // written, and on PostgreSQL the write is a round trip later: wait for it.
    await vi.waitFor(async () => expect(await rowsOf(aId)).toHaveLength(2), 10_000)
    await vi.waitFor(async () => {
      expect(roleListLines(await minutesOf(server, minutesId), 'attendees')).toEqual([
        '城关第一中学：李红梅、王建国',
        '实验中学：张晓燕',
      ])
    }, 10_000)

    // Hand and floor, seen by everyone.
    const bId = (await as('demo-teacher-b')).userId
    expect(
      (await call('demo-teacher-b', 'POST', `/api/sessions/${sessionId}/hand`, { raised: true }))
        .status,
    ).toBe(200)
    await vi.waitFor(
      () => expect(rejoinA.latest().state.queue.map((hand) => hand.userId)).toEqual([bId]),
      10_000,
    )
    expect(
      (await call('demo-teacher-a', 'POST', `/api/sessions/${sessionId}/floor`, { userId: aId }))
        .status,
    ).toBe(403)
    const outsiderId = (await as('demo-outsider')).userId
    expect(
      (await call('demo-lead', 'POST', `/api/sessions/${sessionId}/floor`, { userId: outsiderId }))
        .status,
    ).toBe(400)
    expect(
      (await call('demo-lead', 'POST', `/api/sessions/${sessionId}/floor`, { userId: bId })).status,
    ).toBe(200)
    for (const client of [lead, rejoinA, teacherB]) {
      await vi.waitFor(() => {
        expect(client.latest().state.floor).toBe(bId)
        expect(client.latest().state.queue).toEqual([])
      }, 10_000)
    }
    // The turn is recorded for the dashboard (once: giving the same floor again changes nothing).
    expect(
      (await call('demo-lead', 'POST', `/api/sessions/${sessionId}/floor`, { userId: bId })).status,
    ).toBe(200)
    const turns = await server.kdb
      .selectFrom('sessionTurns')
      .innerJoin('users', 'users.id', 'sessionTurns.userId')
      .select(['sessionTurns.userId', 'sessionTurns.schoolId', 'users.schoolId as homeSchool'])
      .where('sessionTurns.sessionId', '=', sessionId)
      .execute()
    expect(turns.map((turn) => turn.userId)).toEqual([bId])
    expect(turns[0]?.schoolId).toBe(turns[0]?.homeSchool)

    // Timer: only the lead; the state carries the server's start time.
    expect(
      (
        await call('demo-teacher-a', 'POST', `/api/sessions/${sessionId}/timer`, {
          action: 'start',
        })
      ).status,
    ).toBe(403)
    const before = Date.now()
    const timer = await call('demo-lead', 'POST', `/api/sessions/${sessionId}/timer`, {
      action: 'start',
    })
    expect(timer.status).toBe(200)
    await vi.waitFor(() => {
      const { timer: shown } = teacherB.latest().state
      expect(shown.running).toBe(true)
      expect(shown.startedAt).toBeGreaterThanOrEqual(before)
    }, 10_000)
    const agenda = await call('demo-lead', 'POST', `/api/sessions/${sessionId}/agenda`, {
      items: [
        { title: '说课', minutes: 12 },
        { title: '议作业', minutes: 5 },
      ],
    })
    expect(agenda.status).toBe(200)
    await vi.waitFor(
      async () =>
        expect(roleListLines(await minutesOf(server, minutesId), 'agenda')).toEqual([
          '说课（12 分钟）',
          '议作业（5 分钟）',
        ]),
      10_000,
    )

    for (const client of [lead, rejoinA, teacherB]) client.close()
  })

  it('runs a vote: one ballot per person, changeable until closed, result recorded', async () => {
    const base = `/api/sessions/${sessionId}/votes`
    expect((await call('demo-teacher-a', 'POST', base, { proposal: 'x' })).status).toBe(403)
    const opened = await call('demo-lead', 'POST', base, { proposal: '作业分层设计' })
    expect(opened.status).toBe(201)
    const { voteId } = opened.body as { voteId: string }
    expect((await call('demo-lead', 'POST', base, { proposal: 'second' })).status).toBe(409)

    const ballot = (username: string, choice: string) =>
      call(username, 'POST', `${base}/${voteId}/ballot`, { choice })
    expect((await ballot('demo-teacher-a', 'disagree')).status).toBe(200)
    expect((await ballot('demo-teacher-b', 'agree')).status).toBe(200)
    expect((await ballot('demo-lead', 'abstain')).status).toBe(200)
    expect((await ballot('demo-observer', 'agree')).status).toBe(403)
    expect((await ballot('demo-outsider', 'agree')).status).toBe(403)
    expect((await ballot('demo-teacher-b', 'maybe')).status).toBe(400)
    const changed = await ballot('demo-teacher-a', 'agree')
    const view = (changed.body as MeetingSnapshot).state.openVote
    expect(view?.counts).toEqual({ agree: 2, disagree: 0, abstain: 1 })
    expect(view?.myChoice).toBe('agree')

    const stored = await server.kdb
      .selectFrom('sessionVotes')
      .selectAll()
      .where('id', '=', voteId)
      .executeTakeFirst()
    expect(Object.keys(stored ? parseJson(stored.ballots) : {})).toHaveLength(3)
    expect(stored?.closedAt).toBeNull()

    expect((await call('demo-teacher-a', 'POST', `${base}/${voteId}/close`)).status).toBe(403)
    const closed = await call('demo-lead', 'POST', `${base}/${voteId}/close`)
    expect(closed.status).toBe(200)
    expect((closed.body as MeetingSnapshot).state.closedVotes[0]).toMatchObject({
      proposal: '作业分层设计',
      agree: 2,
      disagree: 0,
      abstain: 1,
      passed: true,
    })
    expect((await ballot('demo-teacher-b', 'disagree')).status).toBe(409)
    expect(
      (
        await server.kdb
          .selectFrom('sessionVotes')
          .selectAll()
          .where('id', '=', voteId)
          .executeTakeFirst()
      )?.closedAt,
    ).toBeGreaterThan(0)
    await vi.waitFor(
      async () =>
        expect(roleListLines(await minutesOf(server, minutesId), 'decisions')).toEqual([
          '表决：作业分层设计 — 同意 2 · 反对 0 · 弃权 1（通过）',
        ]),
      10_000,
    )
  })

  it('ends: closes attendance, writes the final minutes with comment decisions, refuses more', async () => {
    // A resolved comment thread on the plan, with a decision (结论), through the endpoints.
    const anchorDoc = new Y.Doc()
    const position = Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(anchorDoc.getXmlFragment('default'), 0),
    )
    anchorDoc.destroy()
    const created = await call(
      'demo-teacher-a',
      'POST',
      `/api/documents/${planId}/comments/threads`,
      {
        anchor: encodeAnchor({ start: position, end: position }),
        quote: '有理数的分类',
        body: '分类标准要统一',
        mentions: [],
      },
    )
    expect(created.status).toBe(201)
    const { threadId } = created.body as { threadId: string }
    const resolved = await call(
      'demo-lead',
      'POST',
      `/api/documents/${planId}/comments/threads/${threadId}/resolve`,
      { decision: '按定义分类，再按符号分类' },
    )
    expect(resolved.status).toBe(200)
    const teacherB = await stream('demo-teacher-b', sessionId)
    await vi.waitFor(() => expect(teacherB.snapshots.length).toBeGreaterThan(0), 10_000)

    expect((await call('demo-teacher-a', 'POST', `/api/sessions/${sessionId}/end`)).status).toBe(
      403,
    )
    const ended = await call('demo-lead', 'POST', `/api/sessions/${sessionId}/end`)
    expect(ended.status).toBe(200)
    await teacherB.ended
    expect(teacherB.latest().state.status).toBe('ended')

    const open = (await attendanceRows(server.kdb, sessionId)).filter((row) => row.leftAt === null)
    expect(open).toEqual([])
    const row = await server.kdb
      .selectFrom('prepSessions')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst()
    expect(row?.endedAt).toBeGreaterThan(0)

    const minutes = await minutesOf(server, minutesId)
    expect(roleListLines(minutes, 'attendees')).toEqual([
      '城关第一中学：李红梅、王建国',
      '实验中学：张晓燕',
    ])
    expect(roleListLines(minutes, 'decisions')).toEqual([
      '表决：作业分层设计 — 同意 2 · 反对 0 · 弃权 1（通过）',
      '决议：按定义分类，再按符号分类（关于“有理数的分类”）',
    ])

    expect((await call('demo-lead', 'POST', `/api/sessions/${sessionId}/end`)).status).toBe(409)
    expect(
      (await call('demo-lead', 'POST', `/api/sessions/${sessionId}/timer`, { action: 'start' }))
        .status,
    ).toBe(409)
    // Joining an ended session gets its final state, and the stream ends at once.
    const late = await stream('demo-teacher-a', sessionId)
    await late.ended
    expect(late.latest().state.status).toBe('ended')
    const listed = await call('demo-teacher-a', 'GET', `/api/documents/${planId}/sessions`)
    expect((listed.body as { running: unknown; items: unknown[] }).running).toBeNull()
    // A new session may start now.
    const next = await call('demo-lead', 'POST', '/api/sessions', { documentId: planId })
    expect(next.status).toBe(201)
    expect(
      (await call('demo-lead', 'POST', `/api/sessions/${(next.body as { id: string }).id}/end`))
        .status,
    ).toBe(200)
  })
})

describe('a session across a restart', () => {
  it('restores the live state and closes attendance left open', async () => {
    const dataDir = makeDataDir()
    let server = await startTestServer({ dataDir, seedDemo: true })
    const planId = await demoPlanId(server.kdb, 1)
    const lead = await signIn(server, 'demo-lead')
    const post = (target: TestServer, path: string, json?: unknown) =>
      httpRequest(target, 'POST', path, { json, cookie: lead.cookie, origin: target.httpUrl })
    const started = await post(server, '/api/sessions', { documentId: planId })
    const sessionId = (started.body as { id: string }).id
    await post(server, `/api/sessions/${sessionId}/timer`, { action: 'start' })
    await post(server, `/api/sessions/${sessionId}/votes`, { proposal: '保留' })
    const room = await openStream(server, lead.cookie, sessionId)
    await vi.waitFor(() => expect(room.snapshots.length).toBeGreaterThan(0), 10_000)
    const before = room.latest().state
    await server.close()
    await room.ended

    server = await startTestServer({ dataDir })
    try {
      const answer = await httpRequest(server, 'GET', `/api/sessions/${sessionId}`, {
        cookie: lead.cookie,
      })
      expect(answer.status).toBe(200)
      const { state } = answer.body as MeetingSnapshot
      expect(state.timer).toEqual(before.timer)
      expect(state.openVote?.proposal).toBe('保留')
      expect(state.version).toBe(before.version)
      const open = (await attendanceRows(server.kdb, sessionId)).filter(
        (row) => row.leftAt === null,
      )
      expect(open).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('a session stream whose viewer loses access', () => {
  it('ends with access_revoked when the lead removes the viewer from the group', async () => {
    const server = await startTestServer({ seedDemo: true })
    try {
      const planId = await demoPlanId(server.kdb, 0)
      const plan = await server.kdb
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', planId)
        .executeTakeFirst()
      const groupId = plan?.groupId
      if (!groupId) throw new Error('the demo plan has no group')
      const lead = await signIn(server, 'demo-lead')
      const teacherA = await signIn(server, 'demo-teacher-a')
      const teacherB = await signIn(server, 'demo-teacher-b')
      const asLead = (method: string, path: string, json?: unknown) =>
        httpRequest(server, method, path, { json, cookie: lead.cookie, origin: server.httpUrl })
      const started = await asLead('POST', '/api/sessions', { documentId: planId })
      expect(started.status).toBe(201)
      const sessionId = (started.body as { id: string }).id

      const streamA = await openStream(server, teacherA.cookie, sessionId)
      const streamB = await openStream(server, teacherB.cookie, sessionId)
      expect([streamA.status, streamB.status]).toEqual([200, 200])
      await vi.waitFor(() => {
        const online = streamB.latest().participants.filter((person) => person.online)
        expect(online.map((person) => person.userId).sort()).toEqual(
          [teacherA.userId, teacherB.userId].sort(),
        )
      }, 10_000)

      const removed = await asLead('DELETE', `/api/groups/${groupId}/members/${teacherA.userId}`)
      expect(removed.status).toBe(200)
      const endedInTime = await Promise.race([
        streamA.ended.then(() => true),
        sleep(1000).then(() => false),
      ])
      expect(endedInTime).toBe(true)
      expect(streamA.events.at(-1)).toEqual({
        event: MEETING_REVOKED_EVENT,
        data: { type: 'access_revoked' },
      })

      await vi.waitFor(async () => {
        const rows = await attendanceRows(server.kdb, sessionId, teacherA.userId)
        expect(rows).toHaveLength(1)
        expect(rows[0]?.leftAt).not.toBeNull()
      }, 10_000)

      // The unrelated member's stream keeps going and sees the removed member go offline.
      const before = streamB.snapshots.length
      expect(
        (await asLead('POST', `/api/sessions/${sessionId}/timer`, { action: 'start' })).status,
      ).toBe(200)
      await vi.waitFor(() => {
        expect(streamB.snapshots.length).toBeGreaterThan(before)
        expect(streamB.latest().state.timer.running).toBe(true)
        const online = streamB.latest().participants.filter((person) => person.online)
        expect(online.map((person) => person.userId)).toEqual([teacherB.userId])
      }, 10_000)
      expect(streamB.events.map((entry) => entry.event)).not.toContain(MEETING_REVOKED_EVENT)
      const openB = await attendanceRows(server.kdb, sessionId, teacherB.userId)
      expect(openB.map((row) => row.leftAt)).toEqual([null])

      // Reconnecting is refused.
      const again = await openStream(server, teacherA.cookie, sessionId)
      expect(again.status).toBe(403)
      again.close()
      streamB.close()
    } finally {
      await server.close()
    }
  })
})

describe('a session whose room moved to another instance and came back', () => {
  it('is served from the stored state, not from the first instance’s stale copy', async () => {
    const dataDir = makeDataDir()
    // Two servers on one database: the balancer sent the room to A, then (A taken out for a
    // moment) to B, then back to A.
    const a = await startTestServer({ dataDir, seedDemo: true })
    const b = await startTestServer({ dataDir })
    try {
      const planId = await demoPlanId(a.kdb, 2)
      const lead = await signIn(a, 'demo-lead')
      const post = (target: TestServer, path: string, json?: unknown) =>
        httpRequest(target, 'POST', path, { json, cookie: lead.cookie, origin: target.httpUrl })
      const started = await post(a, '/api/sessions', { documentId: planId })
      const sessionId = (started.body as { id: string }).id
      expect((await post(a, `/api/sessions/${sessionId}/timer`, { action: 'start' })).status).toBe(
        200,
      )
      const opened = await post(b, `/api/sessions/${sessionId}/votes`, { proposal: '分层作业' })
      expect(opened.status).toBe(201)

      const seenByA = await httpRequest(a, 'GET', `/api/sessions/${sessionId}`, {
        cookie: lead.cookie,
      })
      const { state } = seenByA.body as MeetingSnapshot
      expect(state.openVote?.proposal).toBe('分层作业')
      expect(state.timer.running).toBe(true)
      const voteId = state.openVote?.id ?? ''
      const closed = await post(a, `/api/sessions/${sessionId}/votes/${voteId}/close`)
      expect(closed.status).toBe(200)
      const seenByB = await httpRequest(b, 'GET', `/api/sessions/${sessionId}`, {
        cookie: lead.cookie,
      })
      expect((seenByB.body as MeetingSnapshot).state.openVote).toBeNull()

      expect((await post(b, `/api/sessions/${sessionId}/end`)).status).toBe(200)
      const refused = await post(a, `/api/sessions/${sessionId}/timer`, { action: 'pause' })
      expect(refused.status).toBe(409)
    } finally {
      await b.close()
      await a.close()
    }
  })
})
