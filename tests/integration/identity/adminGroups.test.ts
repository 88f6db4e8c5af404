import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertUser } from '../../helpers/alliance.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface GroupItem {
  id: string
  name: string
  term: string
  archivedAt: number | null
  memberCount: number
  schools: Array<{ id: string; name: string }>
}

interface Candidate {
  id: string
  displayName: string
  username: string
  schoolId: string
  schoolName: string
  memberRole: string | null
}

describe('administering groups (term, archive, member picker)', () => {
  let server: TestServer
  let caller: DemoCaller

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  async function createGroup(body: Record<string, unknown>): Promise<string> {
    const reply = await caller.call('demo-admin', 'POST', '/api/groups', body)
    expect(reply.status).toBe(201)
    return (reply.body as { id: string }).id
  }

  async function listed(username: string, query = ''): Promise<GroupItem[]> {
    const reply = await caller.call(username, 'GET', `/api/groups${query}`)
    expect(reply.status).toBe(200)
    return (reply.body as { items: GroupItem[] }).items
  }

  async function auditActions(groupId: string): Promise<string[]> {
    const rows = await server.kdb
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', groupId)
      .orderBy('id', 'asc')
      .execute()
    return rows.map((row) => row.action)
  }

  it('stores the term on create and update, defaulting to empty, and audits the update', async () => {
    const withTerm = await createGroup({
      name: '八年级物理组',
      subject: '物理',
      grade: '八年级',
      term: '2026-2027-1',
    })
    const without = await createGroup({ name: '九年级化学组', subject: '化学', grade: '九年级' })
    let items = await listed('demo-admin')
    expect(items.find((item) => item.id === withTerm)?.term).toBe('2026-2027-1')
    expect(items.find((item) => item.id === without)?.term).toBe('')
    const reply = await caller.call('demo-admin', 'PATCH', `/api/groups/${without}`, {
      term: '2026-2027-2',
    })
    expect(reply.status).toBe(200)
    items = await listed('demo-admin', '?term=2026-2027-2')
    expect(items.map((item) => item.id)).toEqual([without])
    expect(await auditActions(without)).toEqual(['group_created', 'group_updated'])
    const tooLong = await caller.call('demo-admin', 'PATCH', `/api/groups/${without}`, {
      term: 'x'.repeat(41),
    })
    expect(tooLong.status).toBe(400)
  })

  it('lists member counts and the schools represented', async () => {
    const groupId = await caller.demoGroupId()
    const item = (await listed('demo-admin')).find((group) => group.id === groupId)
    const members = await caller.call('demo-admin', 'GET', `/api/groups/${groupId}/members`)
    const memberItems = (members.body as { items: Array<{ schoolName: string }> }).items
    expect(item?.memberCount).toBe(memberItems.length)
    expect(item?.schools.map((school) => school.name).sort()).toEqual(
      [...new Set(memberItems.map((member) => member.schoolName))].sort(),
    )
  })

  it('archives a group: hidden from the list, readable, no new tasks; restores it', async () => {
    const groupId = await createGroup({ name: '归档测试组', subject: '数学', grade: '七年级' })
    const leadId = await caller.userId('demo-teacher-c')
    expect(
      (
        await caller.call('demo-admin', 'PUT', `/api/groups/${groupId}/members/${leadId}`, {
          role: 'lead',
        })
      ).status,
    ).toBe(200)
    // Only the alliance admin archives, not the group's lead.
    const byLead = await caller.call('demo-teacher-c', 'PATCH', `/api/groups/${groupId}`, {
      archived: true,
    })
    expect(byLead.status).toBe(403)
    const archived = await caller.call('demo-admin', 'PATCH', `/api/groups/${groupId}`, {
      archived: true,
    })
    expect(archived.status).toBe(200)
    expect((await listed('demo-admin')).some((group) => group.id === groupId)).toBe(false)
    expect((await listed('demo-teacher-c')).some((group) => group.id === groupId)).toBe(false)
    const only = await listed('demo-admin', '?archived=only')
    expect(only.map((group) => group.id)).toEqual([groupId])
    expect(only[0]?.archivedAt).toEqual(expect.any(Number))
    expect((await listed('demo-admin', '?archived=include')).some((g) => g.id === groupId)).toBe(
      true,
    )
    expect((await caller.call('demo-teacher-c', 'GET', `/api/groups/${groupId}`)).status).toBe(200)
    const task = {
      unit: '第一章',
      lesson: '有理数',
      mainPreparerId: leadId,
      participantIds: [],
      dueDate: '2030-10-20',
      discussionAt: null,
    }
    const refused = await caller.call(
      'demo-teacher-c',
      'POST',
      `/api/groups/${groupId}/tasks`,
      task,
    )
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: 'group_archived' })
    const tasks = await server.kdb
      .selectFrom('prepTasks')
      .select('id')
      .where('groupId', '=', groupId)
      .execute()
    expect(tasks).toEqual([])
    // Its settings and members are locked too, for the admin as for the lead.
    const memberId = await caller.userId('demo-teacher-a')
    for (const [who, method, path, body] of [
      ['demo-admin', 'PATCH', `/api/groups/${groupId}`, { name: '改名' }],
      ['demo-teacher-c', 'PATCH', `/api/groups/${groupId}`, { grade: '八年级' }],
      ['demo-admin', 'PUT', `/api/groups/${groupId}/members/${memberId}`, { role: 'member' }],
      ['demo-admin', 'PUT', `/api/groups/${groupId}/members/${leadId}`, { role: 'observer' }],
      ['demo-admin', 'DELETE', `/api/groups/${groupId}/members/${leadId}`, undefined],
    ] as const) {
      const locked = await caller.call(who, method, path, body)
      expect(locked.status, `${who} ${method} ${path}`).toBe(409)
      expect(locked.body).toMatchObject({ error: 'group_archived' })
    }
    const unchanged = await server.kdb
      .selectFrom('groups')
      .select(['name', 'grade'])
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow()
    expect(unchanged).toEqual({ name: '归档测试组', grade: '七年级' })
    const roles = await server.kdb
      .selectFrom('groupMembers')
      .select(['userId', 'role'])
      .where('groupId', '=', groupId)
      .execute()
    expect(roles).toEqual([{ userId: leadId, role: 'lead' }])

    // Restoring and renaming in one request is allowed: the group is active again first.
    const restored = await caller.call('demo-admin', 'PATCH', `/api/groups/${groupId}`, {
      archived: false,
      name: '归档测试组（恢复）',
    })
    expect(restored.status).toBe(200)
    expect((await listed('demo-admin')).some((group) => group.id === groupId)).toBe(true)
    const created = await caller.call(
      'demo-teacher-c',
      'POST',
      `/api/groups/${groupId}/tasks`,
      task,
    )
    expect(created.status).toBe(201)
    expect(await auditActions(groupId)).toEqual([
      'group_created',
      'membership_set',
      'group_archived',
      'group_updated',
      'group_restored',
    ])
  })

  it('searches candidates across every school, marks members, and escapes LIKE wildcards', async () => {
    const groupId = await caller.demoGroupId()
    const search = async (q: string): Promise<Candidate[]> => {
      const reply = await caller.call(
        'demo-admin',
        'GET',
        `/api/groups/${groupId}/candidates?q=${encodeURIComponent(q)}`,
      )
      expect(reply.status).toBe(200)
      return (reply.body as { items: Candidate[] }).items
    }
    const demo = await search('demo-')
    const schools = new Set(demo.map((candidate) => candidate.schoolName))
    expect(schools.size).toBe(3)
    expect(demo.find((c) => c.username === 'demo-lead')?.memberRole).toBe('lead')
    expect(demo.find((c) => c.username === 'demo-outsider')?.memberRole).toBeNull()
    expect((await search('赵')).map((c) => c.username)).toContain('demo-outsider')

    // Underscore and percent match literally.
    const outsiderSchool = demo.find((c) => c.username === 'demo-outsider')?.schoolId ?? ''
    expect(outsiderSchool).not.toBe('')
    for (const username of ['wild_card', 'wildxcard', 'pct%user', 'pctxuser']) {
      await insertUser(server.kdb, {
        username,
        displayName: `通配 ${username}`,
        schoolId: outsiderSchool,
        role: 'teacher',
        passwordHash: '!',
      })
    }
    expect((await search('wild_')).map((c) => c.username)).toEqual(['wild_card'])
    expect((await search('pct%')).map((c) => c.username)).toEqual(['pct%user'])

    // Disabled accounts are not offered; at most 20 are.
    await server.kdb
      .updateTable('users')
      .set({ disabled: 1 })
      .where('username', '=', 'wildxcard')
      .execute()
    expect((await search('wildx')).length).toBe(0)
    for (let index = 0; index < 25; index += 1) {
      await insertUser(server.kdb, {
        username: `many-${index}`,
        displayName: `众多 ${index}`,
        schoolId: outsiderSchool,
        role: 'teacher',
        passwordHash: '!',
      })
    }
    expect((await search('many-')).length).toBe(20)
  })

  it('offers candidates to the group lead, and refuses plain members, teachers and school admins', async () => {
    const groupId = await caller.demoGroupId()
    const path = `/api/groups/${groupId}/candidates?q=demo`
    expect((await caller.call('demo-lead', 'GET', path)).status).toBe(200)
    expect((await caller.call('demo-teacher-a', 'GET', path)).status).toBe(403)
    expect((await caller.call('demo-school-admin', 'GET', path)).status).toBe(403)
    expect((await caller.call('demo-outsider', 'GET', path)).status).toBe(404)
    expect((await caller.call(null, 'GET', path)).status).toBe(401)
  })
})
