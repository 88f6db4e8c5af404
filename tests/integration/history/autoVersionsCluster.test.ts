import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openPlanEditor, type PlanEditor, sectionText } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { makeDataDir, startTestServer, type TestServer } from '../../helpers/testServer.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const IDLE_MS = 400
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const onPostgres = process.env.JIBEI_TEST_ENGINE === 'postgres' && !!process.env.DATABASE_URL

describe.skipIf(!onPostgres)('automatic versions on two instances (PostgreSQL + Redis)', () => {
  const servers: TestServer[] = []
  const editors: PlanEditor[] = []

  beforeAll(async () => {
    const dataDir = makeDataDir()
    const redis = { url: REDIS_URL, prefix: `jibei-test-${randomBytes(4).toString('hex')}:` }
    const timing = { versionTiming: { idleMs: IDLE_MS, maxIntervalMs: 60_000 }, redis }
    servers.push(await startTestServer({ dataDir, seedDemo: true, ...timing }))
    servers.push(await startTestServer({ dataDir, ...timing }))
  })
  afterAll(async () => {
    for (const editor of editors) editor.destroy()
    for (const server of servers) await server.close()
  })

  it('writes one version of a burst typed on both instances, not one per instance', async () => {
    const [one, two] = servers as [TestServer, TestServer]
    const [apiOne, apiTwo] = [new DemoCaller(one), new DemoCaller(two)]
    const { planId } = await apiOne.taskWithPlan('两个实例')
    expect(await apiOne.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    const a = await openPlanEditor(one, apiOne, 'demo-teacher-a', planId)
    const b = await openPlanEditor(two, apiTwo, 'demo-teacher-b', planId)
    editors.push(a, b)
    for (let i = 0; i < 10; i += 1) {
      sectionText(a.doc, 'objectives').insert(0, '甲')
      sectionText(b.doc, 'homework').insert(0, '乙')
      await sleep(30)
    }
    const autos = async () =>
      (await one.store.listVersions(planId)).filter((version) => version.kind === 'auto')
    await vi.waitFor(async () => expect((await autos()).length).toBeGreaterThan(0), {
      timeout: 5000,
      interval: 100,
    })
    await sleep(IDLE_MS * 4)
    const written = await autos()
    expect(written).toHaveLength(1)
    expect(written[0]?.changedParts.sort()).toEqual(['homework', 'objectives'])
    // Its editors are both typists, though each instance saw only one of them.
    const ids = [await apiOne.userId('demo-teacher-a'), await apiOne.userId('demo-teacher-b')]
    expect([...(written[0]?.editors ?? [])].sort()).toEqual(ids.sort())
  })
})
