import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DrillAnswer, PlanDrillRow } from '../../../shared/dashboard/dashboardApi.ts'
import { type Alliance, buildAlliance } from '../../helpers/alliance.ts'
import { httpRequest } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('the dashboard routes over HTTP', () => {
  let server: TestServer
  let alliance: Alliance

  /** GET /api/dashboard… as one account of the alliance. */
  const get = (account: keyof Alliance['accounts'], path: string) =>
    httpRequest(server, 'GET', `/api/dashboard${path}`, {
      cookie: alliance.accounts[account].cookie,
    })

  beforeAll(async () => {
    server = await startTestServer()
    alliance = await buildAlliance(server)
    // docGroup (school A) and docOtherSchool (school B) have each one registered writer.
    await server.kdb
      .insertInto('documentClients')
      .values([
        {
          documentId: alliance.documents.docGroup,
          clientId: 1,
          userId: alliance.accounts.owner.id,
          schoolId: alliance.schools.A,
          createdAt: Date.now(),
        },
        {
          documentId: alliance.documents.docOtherSchool,
          clientId: 2,
          userId: alliance.accounts.groupMemberOtherSchool.id,
          schoolId: alliance.schools.B,
          createdAt: Date.now(),
        },
      ])
      .execute()
  })
  afterAll(() => server.close())

  it('shows a school admin the alliance figures but drills down into their own school only', async () => {
    const figures = await get('schoolAdmin', '/cross-school')
    expect(figures.status).toBe(200)
    expect(figures.body).toMatchObject({ writtenPlans: 2, coAuthoredPlans: 0 })
    const plans = (path: string, account: 'schoolAdmin' | 'allianceAdmin') =>
      get(account, path).then((reply) =>
        (reply.body as DrillAnswer<PlanDrillRow>).rows.map((row) => row.documentId).sort(),
      )
    expect(await plans('/cross-school/plans?coAuthored=false', 'allianceAdmin')).toEqual(
      [alliance.documents.docGroup, alliance.documents.docOtherSchool].sort(),
    )
    expect(await plans('/cross-school/plans?coAuthored=false', 'schoolAdmin')).toEqual([
      alliance.documents.docGroup,
    ])
    const refused = await get(
      'schoolAdmin',
      `/cross-school/plans?coAuthored=false&school=${alliance.schools.B}`,
    )
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ ok: false, error: 'forbidden' })
    expect((await get('schoolAdmin', `/balance/plans?school=${alliance.schools.B}`)).status).toBe(
      403,
    )
  })

  it('bounds a lead to the groups they lead, and answers a bad filter with 400', async () => {
    const scope = await get('lead', '/scope')
    expect(scope.body).toMatchObject({ kind: 'groups' })
    expect((scope.body as { groups: Array<{ id: string }> }).groups.map((g) => g.id)).toEqual([
      alliance.groups.G,
    ])
    expect((await get('lead', `/sessions?group=${alliance.groups.H}`)).status).toBe(403)
    expect((await get('allianceAdmin', '/preparation/tasks?limit=0')).status).toBe(400)
    expect((await get('allianceAdmin', '/preparation?colour=red')).status).toBe(400)
    expect((await get('owner', '/preparation')).status).toBe(403)
  })
})
