import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../../server/features/identity/index.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const FROM = '2026-2027-1'
const TO = '2026-2027-2'

describe('rolling a term over (POST /api/admin/terms/rollover)', () => {
  let server: TestServer
  let caller: DemoCaller
  let demoGroupId = ''
  let secondGroupId = ''
  let otherTermGroupId = ''
  let taskId = ''
  let planId = ''

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    demoGroupId = await caller.demoGroupId()
    ;({ taskId, planId } = await caller.taskWithPlan('学期切换前的课'))
    await server.kdb
      .updateTable('groups')
      .set({ term: FROM })
      .where('id', '=', demoGroupId)
      .execute()
    secondGroupId = newId()
    otherTermGroupId = newId()
    await server.kdb
      .insertInto('groups')
      .values([
        {
          id: secondGroupId,
          name: '八年级语文组',
          subject: '语文',
          grade: '八年级',
          term: FROM,
          createdAt: 1,
        },
        {
          id: otherTermGroupId,
          name: '旧学期组',
          subject: '语文',
          grade: '八年级',
          term: '2025-2026-2',
          createdAt: 1,
        },
      ])
      .execute()
    await server.kdb
      .insertInto('groupMembers')
      .values({
        groupId: secondGroupId,
        userId: await caller.userId('demo-teacher-c'),
        role: 'lead',
        createdAt: 1,
      })
      .execute()
  })
  afterAll(async () => {
    await server?.close()
  })

  const groupsOfTerm = (term: string) =>
    server.kdb
      .selectFrom('groups')
      .select(['id', 'name', 'subject', 'grade', 'archivedAt'])
      .where('term', '=', term)
      .orderBy('name', 'asc')
      .execute()
  const membersOf = (groupId: string) =>
    server.kdb
      .selectFrom('groupMembers')
      .select(['userId', 'role'])
      .where('groupId', '=', groupId)
      .orderBy('userId', 'asc')
      .execute()

  it('is for the alliance admin only', async () => {
    for (const username of ['demo-school-admin', 'demo-lead', 'demo-teacher-a']) {
      const reply = await caller.call(username, 'POST', '/api/admin/terms/rollover', {
        fromTerm: FROM,
        toTerm: TO,
      })
      expect(reply.status).toBe(403)
    }
    expect(
      (await caller.call(null, 'POST', '/api/admin/terms/rollover', { fromTerm: FROM, toTerm: TO }))
        .status,
    ).toBe(401)
    expect((await caller.call('demo-lead', 'GET', '/api/admin/terms')).status).toBe(403)
  })

  it('leaves nothing half-done when one of the groups is not of the term', async () => {
    const reply = await caller.call('demo-admin', 'POST', '/api/admin/terms/rollover', {
      fromTerm: FROM,
      toTerm: TO,
      // The first two are copied before the third is found wrong: the transaction undoes them.
      groupIds: [demoGroupId, secondGroupId, otherTermGroupId],
    })
    expect(reply.status).toBe(400)
    expect(await groupsOfTerm(TO)).toEqual([])
    expect((await groupsOfTerm(FROM)).map((group) => group.archivedAt)).toEqual([null, null])
    const audit = await server.kdb
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'term_rolled_over')
      .execute()
    expect(audit).toEqual([])
  })

  it('refuses the same term as the new one', async () => {
    const reply = await caller.call('demo-admin', 'POST', '/api/admin/terms/rollover', {
      fromTerm: FROM,
      toTerm: FROM,
    })
    expect(reply.status).toBe(400)
  })

  it('copies every active group of the term with its members and roles, and archives the old ones', async () => {
    const membersBefore = await membersOf(demoGroupId)
    const reply = await caller.call('demo-admin', 'POST', '/api/admin/terms/rollover', {
      fromTerm: FROM,
      toTerm: TO,
    })
    expect(reply.status).toBe(200)
    const body = reply.body as { groups: Array<{ fromId: string; toId: string }>; members: number }
    expect(body.groups).toHaveLength(2)
    expect(body.members).toBe(membersBefore.length + 1)

    const old = await groupsOfTerm(FROM)
    expect(old.every((group) => group.archivedAt !== null)).toBe(true)
    const copies = await groupsOfTerm(TO)
    expect(
      copies.map(({ name, subject, grade, archivedAt }) => ({ name, subject, grade, archivedAt })),
    ).toEqual([
      { name: '七年级数学联合教研组', subject: '数学', grade: '七年级', archivedAt: null },
      { name: '八年级语文组', subject: '语文', grade: '八年级', archivedAt: null },
    ])
    const copyOfDemo = body.groups.find((group) => group.fromId === demoGroupId)?.toId ?? ''
    expect(await membersOf(copyOfDemo)).toEqual(membersBefore)
    const copyOfSecond = body.groups.find((group) => group.fromId === secondGroupId)?.toId ?? ''
    expect(await membersOf(copyOfSecond)).toEqual([
      { userId: await caller.userId('demo-teacher-c'), role: 'lead' },
    ])
    // The old memberships stay on the archived group.
    expect(await membersOf(demoGroupId)).toEqual(membersBefore)

    const audit = await server.kdb
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'term_rolled_over')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(String(audit.details))).toMatchObject({
      fromTerm: FROM,
      toTerm: TO,
      groups: 2,
      members: membersBefore.length + 1,
    })
  })

  it('lists the terms with their active and archived groups', async () => {
    const reply = await caller.call('demo-admin', 'GET', '/api/admin/terms')
    expect(reply.status).toBe(200)
    const items = (reply.body as { items: Array<{ term: string }> }).items
    expect(items).toEqual(
      expect.arrayContaining([
        { term: FROM, activeGroups: 0, archivedGroups: 2 },
        { term: TO, activeGroups: 2, archivedGroups: 0 },
        { term: '2025-2026-2', activeGroups: 1, archivedGroups: 0 },
      ]),
    )
  })

  it('makes the tasks of the archived group read-only, and keeps its plans readable', async () => {
    const patched = await caller.call('demo-lead', 'PATCH', `/api/tasks/${taskId}`, {
      dueDate: '2030-11-01',
    })
    expect(patched.status).toBe(409)
    expect(patched.body).toMatchObject({ error: 'group_archived' })
    const deleted = await caller.call('demo-lead', 'DELETE', `/api/tasks/${taskId}`)
    expect(deleted.status).toBe(409)
    const created = await caller.call('demo-lead', 'POST', `/api/groups/${demoGroupId}/tasks`, {
      unit: '第三章',
      lesson: '归档后的新课',
      mainPreparerId: await caller.userId('demo-teacher-a'),
      dueDate: '2030-10-20',
    })
    expect(created.status).toBe(409)
    const tasks = await caller.call('demo-lead', 'GET', `/api/groups/${demoGroupId}/tasks`)
    expect(tasks.status).toBe(200)
    expect(JSON.stringify(tasks.body)).toContain(taskId)

    expect(await caller.permission('demo-teacher-b', planId)).not.toMatch(/^4/)
    const found = await caller.call('demo-teacher-b', 'GET', '/api/documents')
    expect(JSON.stringify(found.body)).toContain(planId)
  })

  it('changes nothing when the term has no active group left', async () => {
    const reply = await caller.call('demo-admin', 'POST', '/api/admin/terms/rollover', {
      fromTerm: FROM,
      toTerm: '2027-2028-1',
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ groups: [], members: 0 })
    expect(await groupsOfTerm('2027-2028-1')).toEqual([])
  })
})
