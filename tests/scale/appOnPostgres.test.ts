import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PLANS } from '../../server/seed/demoPlans.ts'
import { GROUP_PLAN_COUNT } from '../../server/seed/seedDemo.ts'
import { scaleSkipReason, startCluster, type TestCluster } from '../helpers/cluster.ts'
import { readDocument } from '../helpers/providers.ts'
import { createToken, httpRequest, signIn } from '../helpers/signIn.ts'

const skipReason = scaleSkipReason('tests/scale/appOnPostgres.test.ts')

interface SearchItem {
  id: string
  title: string
  schoolName?: string
}

/**
 * The whole app on PostgreSQL, as a teacher uses it: two instances on a database seeded with the
 * demo alliance (by one of them only), the library searched through the PostgreSQL index, a plan
 * adapted on one instance and opened over the websocket on the other.
 */
describe.skipIf(skipReason !== null)('the app on PostgreSQL', () => {
  let cluster: TestCluster | undefined
  const started = (): TestCluster => {
    if (!cluster) throw new Error('the cluster did not start')
    return cluster
  }

  beforeAll(async () => {
    cluster = await startCluster(2, { extraEnv: { JIBEI_SEED: 'demo' } })
  })
  afterAll(async () => {
    await cluster?.close()
  })

  it('is seeded once, and a teacher of another school finds, adapts and opens a published plan', async () => {
    const cluster = started()
    const seeded = cluster.server(0).logs.concat(cluster.server(1).logs)
    const seedLines = seeded.filter((line) => String(line.msg).startsWith('seeded the demo'))
    expect(seedLines).toHaveLength(1)
    const health = await httpRequest(cluster.httpTarget(1), 'GET', '/api/health')
    expect(health.body).toMatchObject({ database: { engine: 'postgres', ok: true } })

    const teacher = await signIn(cluster.httpTarget(0), 'demo-teacher-c')
    // Plans after the group's are the schools' final plans, published from the start.
    const published = DEMO_PLANS[GROUP_PLAN_COUNT + 1]
    if (!published) throw new Error('the demo alliance publishes school plans')
    const word = published.keywords[0] ?? ''
    const search = await httpRequest(
      cluster.httpTarget(1),
      'GET',
      `/api/library/search?q=${encodeURIComponent(word)}`,
      { cookie: teacher.cookie },
    )
    expect(search.status).toBe(200)
    const items = (search.body as { items: SearchItem[] }).items
    const hit = items.find((item) => item.title === published.title)
    expect(hit, `searching ${word} finds ${published.title}`).toBeDefined()

    const adapted = await httpRequest(
      cluster.httpTarget(0),
      'POST',
      `/api/library/${hit?.id}/adapt`,
      { cookie: teacher.cookie, origin: cluster.httpTarget(0).httpUrl },
    )
    expect(adapted.status).toBe(201)
    const planId = (adapted.body as { id: string }).id

    const token = await createToken(cluster.httpTarget(1), teacher)
    const doc = await readDocument(
      { collabUrl: cluster.server(1).collabUrl, token: token.secret, ensureDocument: () => {} },
      planId,
    )
    const text = JSON.stringify(doc.getXmlFragment('default').toJSON())
    expect(text.length).toBeGreaterThan(100)
    expect(text).toContain(word)
  })
})
