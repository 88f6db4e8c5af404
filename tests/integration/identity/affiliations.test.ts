import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../../shared/closeCodes.ts'
import { addDays } from '../../../shared/identity/affiliations.ts'
import {
  type Account,
  ALLIANCE_PASSWORD,
  type Alliance,
  buildAlliance,
  insertDocument,
  insertUser,
} from '../../helpers/alliance.ts'
import { httpRequest, openRecordingSocket, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** The day the tests start on; `day` moves from here. */
const START = '2026-09-01'

describe('exchange affiliations (交流轮岗)', () => {
  let server: TestServer
  let alliance: Alliance
  let day = START
  let counter = 0

  beforeAll(async () => {
    server = await startTestServer({ today: () => day })
    alliance = await buildAlliance(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  /** A fresh teacher of `school`, signed in. */
  async function freshTeacher(school: 'A' | 'B' | 'C') {
    counter += 1
    const username = `exchange-${counter}-${Date.now().toString(36)}`
    const id = await insertUser(server.kdb, {
      username,
      schoolId: alliance.schools[school],
      role: 'teacher',
      passwordHash: alliance.passwordHash,
    })
    const session = await signIn(server, username, ALLIANCE_PASSWORD)
    return { id, cookie: session.cookie }
  }

  function as(account: Account | { cookie: string }) {
    return {
      call: (method: string, path: string, json?: unknown) =>
        httpRequest(server, method, path, {
          cookie: account.cookie,
          origin: server.httpUrl,
          ...(json === undefined ? {} : { json }),
        }),
    }
  }

  const admin = () => as(alliance.accounts.allianceAdmin)

  /**
   * A fresh teacher of `school` with an exchange affiliation to school A over `dates`, and a
   * school-visible plan of school A titled `title` (readable to them only on those dates).
   */
  async function exchangeToA(
    school: 'B' | 'C',
    title: string,
    dates: { startsOn: string; endsOn: string },
  ) {
    const teacher = await freshTeacher(school)
    const planId = await insertDocument(server.kdb, {
      ownerId: alliance.accounts.owner.id,
      schoolId: alliance.schools.A,
      groupId: null,
      visibility: 'school',
      title,
    })
    const created = await admin().call('POST', `/api/users/${teacher.id}/affiliations`, {
      schoolId: alliance.schools.A,
      ...dates,
    })
    return { teacher, planId, created }
  }

  it('refuses invalid affiliations with a reason, and stores nothing', async () => {
    const teacher = await freshTeacher('C')
    const post = (body: unknown) =>
      admin().call('POST', `/api/users/${teacher.id}/affiliations`, body)
    const B = alliance.schools.B
    const cases: Array<[unknown, number, string]> = [
      [
        { schoolId: alliance.schools.C, startsOn: START, endsOn: START },
        400,
        'invalid_affiliation',
      ],
      [{ schoolId: B, startsOn: '2026-09-10', endsOn: '2026-09-09' }, 400, 'invalid_affiliation'],
      [{ schoolId: B, startsOn: '2026-09-01', endsOn: '2029-09-30' }, 400, 'invalid_affiliation'],
      [{ schoolId: B, startsOn: '2026-02-30', endsOn: '2026-03-01' }, 400, 'bad_request'],
      [{ schoolId: B, startsOn: '2026/09/01', endsOn: '2026-10-01' }, 400, 'bad_request'],
      [{ schoolId: 'no-such-school', startsOn: START, endsOn: START }, 404, 'not_found'],
    ]
    for (const [body, status, error] of cases) {
      const reply = await post(body)
      expect({ body, status: reply.status, reply: reply.body }).toMatchObject({
        status,
        reply: { error },
      })
    }
    const stored = await server.kdb
      .selectFrom('schoolAffiliations')
      .select('id')
      .where('userId', '=', teacher.id)
      .execute()
    expect(stored).toEqual([])
  })

  it('refuses an archived host school and an overlapping exchange to the same school', async () => {
    const teacher = await freshTeacher('C')
    const archived = `Archived ${Date.now()}`
    const archivedId = `archived-${Date.now()}`
    await server.kdb
      .insertInto('schools')
      .values({ id: archivedId, name: archived, createdAt: Date.now(), archivedAt: Date.now() })
      .execute()
    const post = (body: unknown) =>
      admin().call('POST', `/api/users/${teacher.id}/affiliations`, body)
    const toArchived = await post({ schoolId: archivedId, startsOn: START, endsOn: '2026-12-31' })
    expect(toArchived.status).toBe(400)
    expect(toArchived.body).toMatchObject({ error: 'invalid_affiliation' })

    const first = await post({
      schoolId: alliance.schools.A,
      startsOn: START,
      endsOn: '2027-01-31',
    })
    expect(first.status).toBe(201)
    // The last day counts: an exchange starting on the first one's last day overlaps it.
    const overlapping = await post({
      schoolId: alliance.schools.A,
      startsOn: '2027-01-31',
      endsOn: '2027-06-30',
    })
    expect(overlapping.status).toBe(409)
    expect(overlapping.body).toMatchObject({ error: 'affiliation_overlap' })
    const after = await post({
      schoolId: alliance.schools.A,
      startsOn: '2027-02-01',
      endsOn: '2027-06-30',
    })
    expect(after.status).toBe(201)
    const elsewhere = await post({ schoolId: alliance.schools.B, startsOn: START, endsOn: START })
    expect(elsewhere.status).toBe(201)
  })

  it('lets the school admin of the home or the host school manage it, nobody else', async () => {
    const schoolAdmin = as(alliance.accounts.schoolAdmin) // school A
    const ofA = await freshTeacher('A')
    const ofB = await freshTeacher('B')
    const days = { startsOn: '2026-10-01', endsOn: '2026-10-31' }
    const sending = await schoolAdmin.call('POST', `/api/users/${ofA.id}/affiliations`, {
      schoolId: alliance.schools.B,
      ...days,
    })
    expect(sending.status).toBe(201)
    const receiving = await schoolAdmin.call('POST', `/api/users/${ofB.id}/affiliations`, {
      schoolId: alliance.schools.A,
      ...days,
    })
    expect(receiving.status).toBe(201)
    const neither = await schoolAdmin.call('POST', `/api/users/${ofB.id}/affiliations`, {
      schoolId: alliance.schools.C,
      ...days,
    })
    expect(neither.status).toBe(403)
    const byTeacher = await as(alliance.accounts.teacherOwnSchool).call(
      'POST',
      `/api/users/${ofA.id}/affiliations`,
      { schoolId: alliance.schools.C, ...days },
    )
    expect(byTeacher.status).toBe(403)

    // B → C, made by the alliance admin: school A's admin neither sees nor changes it.
    const other = await admin().call('POST', `/api/users/${ofB.id}/affiliations`, {
      schoolId: alliance.schools.C,
      ...days,
    })
    expect(other.status).toBe(201)
    const otherId = (other.body as { id: string }).id
    expect((await schoolAdmin.call('DELETE', `/api/affiliations/${otherId}`)).status).toBe(403)
    expect(
      (await schoolAdmin.call('PATCH', `/api/affiliations/${otherId}`, { endsOn: '2026-10-15' }))
        .status,
    ).toBe(403)

    const listed = await schoolAdmin.call('GET', '/api/admin/affiliations')
    expect(listed.status).toBe(200)
    const ids = (listed.body as { items: Array<{ id: string }> }).items.map((item) => item.id)
    expect(ids).toContain((sending.body as { id: string }).id)
    expect(ids).toContain((receiving.body as { id: string }).id)
    expect(ids).not.toContain(otherId)
    expect(
      (await as(alliance.accounts.outsider).call('GET', '/api/admin/affiliations')).status,
    ).toBe(403)
  })

  it('lists with teacher, both schools, dates and status, and filters by school and status', async () => {
    const teacher = await freshTeacher('B')
    const created = await admin().call('POST', `/api/users/${teacher.id}/affiliations`, {
      schoolId: alliance.schools.C,
      startsOn: START,
      endsOn: '2027-06-30',
    })
    const id = (created.body as { id: string }).id
    const list = async (query: string) =>
      (
        (await admin().call('GET', `/api/admin/affiliations${query}`)).body as {
          items: Array<Record<string, unknown>>
        }
      ).items
    const item = (await list(`?schoolId=${alliance.schools.C}`)).find((row) => row.id === id)
    expect(item).toMatchObject({
      userId: teacher.id,
      homeSchoolId: alliance.schools.B,
      hostSchoolId: alliance.schools.C,
      startsOn: START,
      endsOn: '2027-06-30',
      status: 'active',
    })
    expect(typeof item?.displayName).toBe('string')
    expect(typeof item?.homeSchoolName).toBe('string')
    expect((await list('?active=true')).some((row) => row.id === id)).toBe(true)
    expect((await list('?status=upcoming')).some((row) => row.id === id)).toBe(false)
    expect((await list(`?schoolId=${alliance.schools.A}`)).some((row) => row.id === id)).toBe(false)
  })

  it('gives a host-school plan to the teacher only within the dates, ends included', async () => {
    const { teacher, planId, created } = await exchangeToA('C', '城关第一中学 校内教案', {
      startsOn: addDays(START, 1),
      endsOn: addDays(START, 3),
    })
    expect(created.status).toBe(201)
    const read = async (onDay: string) => {
      day = onDay
      return (await as(teacher).call('GET', `/api/documents/${planId}`)).status
    }
    try {
      expect(await read(START)).toBe(403)
      expect(await read(addDays(START, 1))).toBe(200)
      expect(await read(addDays(START, 3))).toBe(200)
      expect(await read(addDays(START, 4))).toBe(403)
    } finally {
      day = START
    }
    // The document list follows too.
    day = addDays(START, 2)
    try {
      const listed = await as(teacher).call('GET', '/api/documents')
      expect(JSON.stringify(listed.body)).toContain(planId)
    } finally {
      day = START
    }
  })

  it('closes the socket on a host-school plan when the day after the last one comes', async () => {
    const { teacher, planId, created } = await exchangeToA('B', '交流结束测试', {
      startsOn: addDays(START, -30),
      endsOn: START,
    })
    expect(created.status).toBe(201)
    await server.affiliationClock.tick()
    const socket = await openRecordingSocket(`${server.collabUrl}/${planId}`, {
      cookie: teacher.cookie,
      origin: server.httpUrl,
    })
    // Same day: a tick changes nothing.
    await server.affiliationClock.tick()
    expect(socket.isClosed).toBe(false)
    day = addDays(START, 1)
    try {
      await server.affiliationClock.tick()
      expect((await socket.closed).code).toBe(CloseCode.AccessRevoked)
    } finally {
      day = START
      await server.affiliationClock.tick()
    }
  })

  it('rechecks open sockets at once when an affiliation is ended early or deleted', async () => {
    const { teacher, planId, created } = await exchangeToA('C', '提前结束测试', {
      startsOn: addDays(START, -10),
      endsOn: addDays(START, 100),
    })
    const id = (created.body as { id: string }).id
    const open = () =>
      openRecordingSocket(`${server.collabUrl}/${planId}`, {
        cookie: teacher.cookie,
        origin: server.httpUrl,
      })
    const first = await open()
    const ended = await admin().call('PATCH', `/api/affiliations/${id}`, {
      endsOn: addDays(START, -1),
    })
    expect(ended.status).toBe(200)
    expect((await first.closed).code).toBe(CloseCode.AccessRevoked)

    const reopened = await admin().call('PATCH', `/api/affiliations/${id}`, {
      endsOn: addDays(START, 5),
    })
    expect(reopened.status).toBe(200)
    const second = await open()
    const deleted = await admin().call('DELETE', `/api/affiliations/${id}`)
    expect(deleted.status).toBe(200)
    expect((await second.closed).code).toBe(CloseCode.AccessRevoked)
    expect((await admin().call('DELETE', `/api/affiliations/${id}`)).status).toBe(404)

    const audit = await server.kdb
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', teacher.id)
      .orderBy('id', 'asc')
      .execute()
    expect(audit.map((row) => row.action)).toEqual([
      'affiliation_created',
      'affiliation_updated',
      'affiliation_updated',
      'affiliation_deleted',
    ])
  })

  it('lets a teacher on exchange see the teachers of the host school', async () => {
    const teacher = await freshTeacher('C')
    const hostTeacher = alliance.accounts.teacherOwnSchool // school A, in no group
    const sees = async () => (await as(teacher).call('GET', `/api/users/${hostTeacher.id}`)).status
    expect(await sees()).toBe(404)
    await admin().call('POST', `/api/users/${teacher.id}/affiliations`, {
      schoolId: alliance.schools.A,
      startsOn: START,
      endsOn: START,
    })
    expect(await sees()).toBe(200)
  })
})
