import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findLiveOneTimeLink } from '../../../server/features/identity/oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from '../../../server/features/identity/passwords.ts'
import { DEMO_PASSWORD, DEMO_SCHOOLS } from '../../../server/seed/seedDemo.ts'
import type { AdminUser } from '../../../shared/domain.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { createToken, httpRequest, login } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface ListReply {
  ok: true
  items: AdminUser[]
  total: number
}

describe('administering accounts (GET /api/admin/users, POST/PATCH /api/users, sign-in links)', () => {
  let server: TestServer
  let caller: DemoCaller
  /** Demo school ids by their index in DEMO_SCHOOLS. */
  const schools: string[] = []
  let serial = 0

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    for (const name of DEMO_SCHOOLS) {
      const row = await server.kdb
        .selectFrom('schools')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      schools.push(row.id)
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  function schoolId(index: number): string {
    const id = schools[index]
    if (!id) throw new Error(`no demo school ${index}`)
    return id
  }

  function fresh(prefix: string): string {
    serial += 1
    return `${prefix}-${serial}`
  }

  async function list(username: string, query = ''): Promise<ListReply> {
    const reply = await caller.call(username, 'GET', `/api/admin/users${query}`)
    expect(reply.status).toBe(200)
    return reply.body as ListReply
  }

  async function userRow(id: string) {
    return server.kdb.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }

  /** Creates a teacher with a password as the alliance admin; returns its id. */
  async function createTeacher(fields: Record<string, unknown> = {}): Promise<string> {
    const username = fresh('t')
    const reply = await caller.call('demo-admin', 'POST', '/api/users', {
      username,
      displayName: `教师${username}`,
      password: DEMO_PASSWORD,
      schoolId: schoolId(0),
      ...fields,
    })
    expect(reply.status).toBe(201)
    return (reply.body as { id: string }).id
  }

  describe('the list', () => {
    it('shows the alliance admin every account with contact fields, by school then name', async () => {
      const page = await list('demo-admin', '?limit=200')
      const all = await server.kdb.selectFrom('users').select('id').execute()
      expect(page.total).toBe(all.length)
      expect(page.items).toHaveLength(all.length)
      const admin = page.items.find((item) => item.username === 'demo-admin')
      expect(admin).toMatchObject({ role: 'alliance_admin', hasPassword: true, phone: null })
      expect(admin).not.toHaveProperty('passwordHash')
      const keys = page.items.map((item) => `${item.schoolName}\u0000${item.displayName}`)
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      expect(keys).toEqual(sorted)
    })

    it("shows a school admin only their own school's accounts, without alliance admins", async () => {
      const page = await list('demo-school-admin', '?limit=200')
      expect(page.items.length).toBeGreaterThan(0)
      expect(page.items.every((item) => item.schoolId === schoolId(0))).toBe(true)
      expect(page.items.some((item) => item.role === 'alliance_admin')).toBe(false)
      const other = await list('demo-school-admin', `?schoolId=${schoolId(1)}`)
      expect(other).toMatchObject({ items: [], total: 0 })
    })

    it('refuses teachers and anonymous callers', async () => {
      expect((await caller.call('demo-teacher-a', 'GET', '/api/admin/users')).status).toBe(403)
      expect((await caller.call('demo-lead', 'GET', '/api/admin/users')).status).toBe(403)
      expect((await caller.call(null, 'GET', '/api/admin/users')).status).toBe(401)
    })

    it('filters by school, role and status, and pages with a total', async () => {
      const school1 = await list('demo-admin', `?schoolId=${schoolId(1)}`)
      const inSchool1 = await server.kdb
        .selectFrom('users')
        .select('username')
        .where('schoolId', '=', schoolId(1))
        .execute()
      expect(school1.items.map((item) => item.username).sort()).toEqual(
        inSchool1.map((row) => row.username).sort(),
      )
      expect(school1.items.every((item) => item.schoolId === schoolId(1))).toBe(true)
      const schoolAdmins = await list('demo-admin', '?role=school_admin')
      expect(schoolAdmins.items.map((item) => item.username)).toEqual(['demo-school-admin'])

      const pendingName = fresh('pending')
      const created = await caller.call('demo-admin', 'POST', '/api/users', {
        username: pendingName,
        displayName: '待激活教师',
        schoolId: schoolId(2),
      })
      expect(created.status).toBe(201)
      const disabledId = await createTeacher()
      expect(
        (await caller.call('demo-admin', 'PATCH', `/api/users/${disabledId}`, { disabled: true }))
          .status,
      ).toBe(200)

      const pending = await list('demo-admin', '?status=pending')
      const withoutPassword = await server.kdb
        .selectFrom('users')
        .select('username')
        .where('passwordHash', '=', NO_PASSWORD_HASH)
        .where('disabled', '=', 0)
        .execute()
      expect(pending.items.map((item) => item.username).sort()).toEqual(
        withoutPassword.map((row) => row.username).sort(),
      )
      expect(pending.items.map((item) => item.username)).toContain(pendingName)
      expect(pending.items.every((item) => !item.hasPassword && !item.disabled)).toBe(true)
      const disabled = await list('demo-admin', '?status=disabled')
      expect(disabled.items.map((item) => item.id)).toEqual([disabledId])
      const active = await list('demo-admin', '?status=active&limit=200')
      const ids = active.items.map((item) => item.id)
      expect(ids).not.toContain(disabledId)
      expect(active.items.some((item) => item.username === pendingName)).toBe(false)
      expect(active.items.every((item) => item.hasPassword && !item.disabled)).toBe(true)

      const first = await list('demo-admin', '?limit=2&offset=0')
      const second = await list('demo-admin', '?limit=2&offset=2')
      expect(first.items).toHaveLength(2)
      expect(first.total).toBe(second.total)
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id)
      expect(second.items[0]?.id).not.toBe(first.items[1]?.id)
    })

    it('searches username, display name, phone and email; a % is a literal character', async () => {
      const id = await createTeacher({
        displayName: '搜索100%测试',
        phone: '139 1234-5678',
        email: 'Search.Me@example.cn',
      })
      await createTeacher({ displayName: '搜索1000测试' })
      const byPercent = await list('demo-admin', `?q=${encodeURIComponent('100%')}`)
      expect(byPercent.items.map((item) => item.id)).toEqual([id])
      const byPhone = await list('demo-admin', '?q=12345678')
      expect(byPhone.items.map((item) => item.id)).toEqual([id])
      const byEmail = await list('demo-admin', '?q=search.me')
      expect(byEmail.items.map((item) => item.id)).toEqual([id])
      expect(byEmail.items[0]).toMatchObject({
        phone: '13912345678',
        email: 'Search.Me@example.cn',
      })
      const byUsername = await list('demo-admin', '?q=DEMO-TEACHER-C')
      expect(byUsername.items.map((item) => item.username)).toEqual(['demo-teacher-c'])
      const underscore = await list('demo-admin', '?q=_')
      expect(underscore.items).toEqual([])
    })

    it('refuses a bad query', async () => {
      const reply = await caller.call('demo-admin', 'GET', '/api/admin/users?status=locked')
      expect(reply.status).toBe(400)
      const tooMany = await caller.call('demo-admin', 'GET', '/api/admin/users?limit=100000')
      expect(tooMany.status).toBe(400)
    })

    it('keeps teachers on the public view of accounts, without contact fields', async () => {
      await createTeacher({ phone: '13800000001', email: 'x@example.cn' })
      const reply = await caller.call('demo-teacher-a', 'GET', '/api/users')
      const items = (reply.body as { items: Array<Record<string, unknown>> }).items
      expect(items.length).toBeGreaterThan(0)
      for (const item of items) {
        expect(item).not.toHaveProperty('phone')
        expect(item).not.toHaveProperty('email')
      }
    })
  })

  describe('creating', () => {
    it('stores the contact and roster fields, with the phone normalised to digits', async () => {
      const id = await createTeacher({
        phone: '+86 139-0000-1111',
        email: 'li@example.cn',
        subject: '数学',
        grade: '七年级',
      })
      expect(await userRow(id)).toMatchObject({
        phone: '8613900001111',
        email: 'li@example.cn',
        subject: '数学',
        grade: '七年级',
      })
    })

    it('without a password: no password works, and the answer carries a live one-time link', async () => {
      const username = fresh('nopw')
      const reply = await caller.call('demo-school-admin', 'POST', '/api/users', {
        username,
        displayName: '王老师',
      })
      expect(reply.status).toBe(201)
      const body = reply.body as { id: string; link: { url: string; expiresAt: number } }
      expect(body.link.url).toMatch(new RegExp(`^${server.httpUrl}/welcome#.+`))
      expect(body.link.expiresAt).toBeGreaterThan(Date.now())
      const secret = body.link.url.split('#')[1] ?? ''
      const live = await findLiveOneTimeLink(server.kdb, secret)
      expect(live).toMatchObject({ purpose: 'sign_in', userId: body.id })
      expect((await userRow(body.id)).passwordHash).toBe(NO_PASSWORD_HASH)
      expect((await login(server, username, DEMO_PASSWORD)).status).toBe(401)
      expect((await login(server, username, NO_PASSWORD_HASH)).status).toBe(401)
      const audit = await server.kdb
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'user_created')
        .where('targetId', '=', body.id)
        .executeTakeFirstOrThrow()
      expect(audit.details ?? '').not.toContain(secret)
    })

    it('with a password: no link', async () => {
      const reply = await caller.call('demo-admin', 'POST', '/api/users', {
        username: fresh('withpw'),
        displayName: '有密码',
        password: DEMO_PASSWORD,
      })
      expect(reply.status).toBe(201)
      expect(reply.body).not.toHaveProperty('link')
    })

    it('refuses a duplicate username or phone with a code naming the field', async () => {
      const phone = '13700000000'
      await createTeacher({ phone })
      const dupPhone = await caller.call('demo-admin', 'POST', '/api/users', {
        username: fresh('dup'),
        displayName: '重复手机',
        phone: '137 0000 0000',
      })
      expect(dupPhone.status).toBe(409)
      expect(dupPhone.body).toMatchObject({ error: 'phone_taken' })
      const dupName = await caller.call('demo-admin', 'POST', '/api/users', {
        username: 'demo-teacher-a',
        displayName: '重复用户名',
      })
      expect(dupName.status).toBe(409)
      expect(dupName.body).toMatchObject({ error: 'username_taken' })
    })

    it('refuses a bad phone or email, and keeps nothing', async () => {
      for (const fields of [
        { phone: '12345' },
        { phone: '139abc12345' },
        { email: 'not-an-email' },
      ]) {
        const username = fresh('bad')
        const reply = await caller.call('demo-admin', 'POST', '/api/users', {
          username,
          displayName: '坏数据',
          ...fields,
        })
        expect(reply.status).toBe(400)
        expect(reply.body).toMatchObject({ error: 'bad_request' })
        const row = await server.kdb
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst()
        expect(row).toBeUndefined()
      }
    })

    it('refuses a new account in an archived school', async () => {
      const created = await caller.call('demo-admin', 'POST', '/api/schools', {
        name: fresh('归档学校'),
      })
      const archivedId = (created.body as { id: string }).id
      const archived = await caller.call('demo-admin', 'PATCH', `/api/schools/${archivedId}`, {
        archived: true,
      })
      expect(archived.status).toBe(200)
      const username = fresh('inarchived')
      const reply = await caller.call('demo-admin', 'POST', '/api/users', {
        username,
        displayName: '归档校教师',
        schoolId: archivedId,
      })
      expect(reply.status).toBe(400)
      expect(reply.body).toMatchObject({ error: 'school_archived' })
      const moved = await caller.call(
        'demo-admin',
        'PATCH',
        `/api/users/${await createTeacher()}`,
        {
          schoolId: archivedId,
        },
      )
      expect(moved.status).toBe(400)
      expect(moved.body).toMatchObject({ error: 'school_archived' })
    })
  })

  describe('editing', () => {
    it('changes and clears the contact and roster fields, and audits what changed', async () => {
      const id = await createTeacher({ phone: '13600000000', email: 'a@example.cn' })
      const reply = await caller.call('demo-school-admin', 'PATCH', `/api/users/${id}`, {
        subject: '语文',
        grade: '八年级',
        phone: null,
        email: 'b@example.cn',
      })
      expect(reply.status).toBe(200)
      expect(await userRow(id)).toMatchObject({
        subject: '语文',
        grade: '八年级',
        phone: null,
        email: 'b@example.cn',
      })
      const cleared = await caller.call('demo-admin', 'PATCH', `/api/users/${id}`, { email: null })
      expect(cleared.status).toBe(200)
      expect((await userRow(id)).email).toBeNull()
      const audit = await server.kdb
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'user_updated')
        .where('targetId', '=', id)
        .orderBy('id', 'asc')
        .execute()
      expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ subject: '语文', phone: null })
    })

    it("refuses a phone that is another account's", async () => {
      await createTeacher({ phone: '13500000000' })
      const id = await createTeacher()
      const reply = await caller.call('demo-admin', 'PATCH', `/api/users/${id}`, {
        phone: '13500000000',
      })
      expect(reply.status).toBe(409)
      expect(reply.body).toMatchObject({ error: 'phone_taken' })
    })

    it('lets the alliance admin move an account to another school, and audits the move', async () => {
      const id = await createTeacher()
      const reply = await caller.call('demo-admin', 'PATCH', `/api/users/${id}`, {
        schoolId: schoolId(1),
      })
      expect(reply.status).toBe(200)
      expect((await userRow(id)).schoolId).toBe(schoolId(1))
      const audit = await server.kdb
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'user_updated')
        .where('targetId', '=', id)
        .executeTakeFirstOrThrow()
      expect(JSON.parse(audit.details ?? '{}')).toMatchObject({
        schoolId: schoolId(1),
        fromSchoolId: schoolId(0),
      })
      const unknown = await caller.call('demo-admin', 'PATCH', `/api/users/${id}`, {
        schoolId: 'no-such-school',
      })
      expect(unknown.status).toBe(400)
    })

    it('refuses a school admin moving an account out of or into their school', async () => {
      const own = await createTeacher()
      const out = await caller.call('demo-school-admin', 'PATCH', `/api/users/${own}`, {
        schoolId: schoolId(1),
      })
      expect(out.status).toBe(403)
      expect((await userRow(own)).schoolId).toBe(schoolId(0))
      const theirs = await createTeacher({ schoolId: schoolId(1) })
      const into = await caller.call('demo-school-admin', 'PATCH', `/api/users/${theirs}`, {
        schoolId: schoolId(0),
      })
      expect(into.status).toBe(403)
      expect((await userRow(theirs)).schoolId).toBe(schoolId(1))
      // Naming the school the account is in already is no move.
      const same = await caller.call('demo-school-admin', 'PATCH', `/api/users/${own}`, {
        schoolId: schoolId(0),
        grade: '九年级',
      })
      expect(same.status).toBe(200)
    })
  })

  describe('reset by one-time sign-in link (POST /api/users/:id/sign-in-link)', () => {
    it('takes the password away, ends sessions and tokens, and hands out a live link', async () => {
      const username = fresh('reset')
      const created = await caller.call('demo-admin', 'POST', '/api/users', {
        username,
        displayName: '重置老师',
        password: DEMO_PASSWORD,
        schoolId: schoolId(0),
      })
      const id = (created.body as { id: string }).id
      const session = await caller.session(username)
      const { secret: token } = await createToken(server, session)
      expect((await httpRequest(server, 'GET', '/api/me', { bearer: token })).status).toBe(200)

      const reply = await caller.call('demo-school-admin', 'POST', `/api/users/${id}/sign-in-link`)
      expect(reply.status).toBe(200)
      const body = reply.body as { url: string; expiresAt: number }
      expect(body.url).toMatch(/\/welcome#/)
      expect(body.expiresAt).toBeGreaterThan(Date.now())
      const live = await findLiveOneTimeLink(server.kdb, body.url.split('#')[1] ?? '')
      expect(live).toMatchObject({ purpose: 'sign_in', userId: id })

      expect((await login(server, username, DEMO_PASSWORD)).status).toBe(401)
      const oldSession = await httpRequest(server, 'GET', '/api/me', {
        cookie: session.cookie,
        origin: server.httpUrl,
      })
      expect(oldSession.status).toBe(401)
      expect((await httpRequest(server, 'GET', '/api/me', { bearer: token })).status).toBe(401)
      expect((await userRow(id)).passwordHash).toBe(NO_PASSWORD_HASH)
      const pending = await list('demo-admin', `?q=${username}`)
      expect(pending.items[0]).toMatchObject({ hasPassword: false })

      const audit = await server.kdb
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'sign_in_link_created')
        .where('targetId', '=', id)
        .execute()
      expect(audit).toHaveLength(1)

      // A second link replaces the first.
      const again = await caller.call('demo-admin', 'POST', `/api/users/${id}/sign-in-link`)
      expect(again.status).toBe(200)
      expect(await findLiveOneTimeLink(server.kdb, body.url.split('#')[1] ?? '')).toBeNull()
    })

    it('refuses teachers, other schools, alliance admins (for a school admin) and oneself', async () => {
      const own = await createTeacher()
      const other = await createTeacher({ schoolId: schoolId(1) })
      const adminId = await caller.userId('demo-admin')
      const schoolAdminId = await caller.userId('demo-school-admin')
      const cases: Array<[string, string, number]> = [
        ['demo-teacher-a', own, 403],
        ['demo-lead', own, 403],
        ['demo-school-admin', other, 403],
        ['demo-school-admin', adminId, 403],
        ['demo-school-admin', schoolAdminId, 403],
        ['demo-admin', adminId, 403],
        ['demo-admin', 'no-such-user', 404],
      ]
      for (const [who, target, status] of cases) {
        const reply = await caller.call(who, 'POST', `/api/users/${target}/sign-in-link`)
        expect(`${who} → ${target}: ${reply.status}`).toBe(`${who} → ${target}: ${status}`)
      }
      expect((await userRow(own)).passwordHash).not.toBe(NO_PASSWORD_HASH)
      expect((await userRow(adminId)).passwordHash).not.toBe(NO_PASSWORD_HASH)
      expect((await login(server, 'demo-admin', DEMO_PASSWORD)).status).toBe(200)
    })
  })
})
