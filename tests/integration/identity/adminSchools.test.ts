import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_SCHOOLS } from '../../../server/seed/seedDemo.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface AdminSchoolItem {
  id: string
  name: string
  archivedAt: number | null
  userCount: number
}

describe('administering schools (PATCH /api/schools/:id, GET /api/admin/schools)', () => {
  let server: TestServer
  let caller: DemoCaller
  let serial = 0

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  async function newSchool(): Promise<string> {
    serial += 1
    const reply = await caller.call('demo-admin', 'POST', '/api/schools', {
      name: `测试学校${serial}`,
    })
    expect(reply.status).toBe(201)
    return (reply.body as { id: string }).id
  }

  async function schoolRow(id: string) {
    return server.kdb
      .selectFrom('schools')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  }

  async function auditActions(id: string): Promise<string[]> {
    const rows = await server.kdb
      .selectFrom('auditLog')
      .select('action')
      .where('targetType', '=', 'school')
      .where('targetId', '=', id)
      .orderBy('id', 'asc')
      .execute()
    return rows.map((row) => row.action)
  }

  it('lists every school with its account count for the alliance admin', async () => {
    const reply = await caller.call('demo-admin', 'GET', '/api/admin/schools')
    expect(reply.status).toBe(200)
    const items = (reply.body as { items: AdminSchoolItem[] }).items
    expect(items.map((item) => item.name).slice(0, 3)).toEqual([...DEMO_SCHOOLS])
    for (const item of items) {
      const count = await server.kdb
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('schoolId', '=', item.id)
        .executeTakeFirstOrThrow()
      expect(item.userCount).toBe(Number(count.n))
    }
    expect(items[0]?.userCount).toBeGreaterThan(0)
    const empty = await newSchool()
    const again = await caller.call('demo-admin', 'GET', '/api/admin/schools')
    const added = (again.body as { items: AdminSchoolItem[] }).items.find((s) => s.id === empty)
    expect(added).toMatchObject({ userCount: 0, archivedAt: null })
  })

  it('refuses the admin school list to anyone but the alliance admin', async () => {
    for (const who of ['demo-school-admin', 'demo-teacher-a', 'demo-lead']) {
      expect((await caller.call(who, 'GET', '/api/admin/schools')).status).toBe(403)
    }
    expect((await caller.call(null, 'GET', '/api/admin/schools')).status).toBe(401)
  })

  it('archives and restores a school, audited, and GET /api/schools shows archivedAt', async () => {
    const id = await newSchool()
    const archived = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      archived: true,
    })
    expect(archived.status).toBe(200)
    expect((await schoolRow(id)).archivedAt).toEqual(expect.any(Number))
    const listed = await caller.call('demo-teacher-a', 'GET', '/api/schools')
    const item = (listed.body as { items: AdminSchoolItem[] }).items.find((s) => s.id === id)
    expect(item?.archivedAt).toEqual(expect.any(Number))
    // Archiving an archived school again changes nothing and records nothing.
    await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, { archived: true })
    const restored = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      archived: false,
    })
    expect(restored.status).toBe(200)
    expect((await schoolRow(id)).archivedAt).toBeNull()
    expect(await auditActions(id)).toEqual(['school_created', 'school_archived', 'school_restored'])
  })

  it('keeps the accounts of an archived school', async () => {
    const id = await newSchool()
    const user = await caller.call('demo-admin', 'POST', '/api/users', {
      username: `kept-${id.slice(0, 8).toLowerCase()}`,
      displayName: '留下的老师',
      schoolId: id,
    })
    expect(user.status).toBe(201)
    await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, { archived: true })
    const userId = (user.body as { id: string }).id
    const row = await server.kdb
      .selectFrom('users')
      .select(['schoolId', 'disabled'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ schoolId: id, disabled: 0 })
  })

  it('renames (audited), and renames and archives in one request', async () => {
    const id = await newSchool()
    const renamed = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      name: '新名字中学',
    })
    expect(renamed.status).toBe(200)
    const both = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      name: '又一个名字中学',
      archived: true,
    })
    expect(both.status).toBe(200)
    const row = await schoolRow(id)
    expect(row.name).toBe('又一个名字中学')
    expect(row.archivedAt).not.toBeNull()
    expect(await auditActions(id)).toEqual([
      'school_created',
      'school_renamed',
      'school_renamed',
      'school_archived',
    ])
  })

  it('refuses a change of nothing, a taken name (changing nothing), and an unknown school', async () => {
    const id = await newSchool()
    const nothing = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {})
    expect(nothing.status).toBe(400)
    const taken = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      name: DEMO_SCHOOLS[1],
      archived: true,
    })
    expect(taken.status).toBe(409)
    expect((await schoolRow(id)).archivedAt).toBeNull()
    const unknown = await caller.call('demo-admin', 'PATCH', '/api/schools/no-such-school', {
      archived: true,
    })
    expect(unknown.status).toBe(404)
    const badField = await caller.call('demo-admin', 'PATCH', `/api/schools/${id}`, {
      archived: 'yes',
    })
    expect(badField.status).toBe(400)
  })

  it('refuses archiving to a school admin and teachers', async () => {
    const id = await newSchool()
    for (const who of ['demo-school-admin', 'demo-teacher-a']) {
      const reply = await caller.call(who, 'PATCH', `/api/schools/${id}`, { archived: true })
      expect(reply.status).toBe(403)
    }
    expect((await schoolRow(id)).archivedAt).toBeNull()
  })
})
