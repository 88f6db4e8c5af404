import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('updating a group (PATCH /api/groups/:id)', () => {
  let server: TestServer
  let caller: DemoCaller
  let groupId = ''

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    caller = new DemoCaller(server)
    groupId = await caller.demoGroupId()
  })
  afterAll(async () => {
    await server?.close()
  })

  async function groupName(): Promise<string> {
    const row = await server.kdb
      .selectFrom('groups')
      .select('name')
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow()
    return row.name
  }

  it('refuses a change of nothing as a bad request, and changes nothing', async () => {
    const before = await groupName()
    const reply = await caller.call('demo-lead', 'PATCH', `/api/groups/${groupId}`, {})
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({ error: 'bad_request' })
    expect(await groupName()).toBe(before)
  })

  it('renames the group when a field is given', async () => {
    const reply = await caller.call('demo-lead', 'PATCH', `/api/groups/${groupId}`, {
      name: '七年级数学联合教研组（新）',
    })
    expect(reply.status).toBe(200)
    expect(await groupName()).toBe('七年级数学联合教研组（新）')
  })
})
