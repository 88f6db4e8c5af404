import { randomBytes } from 'node:crypto'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getBinary } from '../../helpers/docxExport.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { makeDataDir, startTestServer, type TestServer } from '../../helpers/testServer.ts'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const onPostgres = process.env.JIBEI_TEST_ENGINE === 'postgres' && !!process.env.DATABASE_URL

describe.skipIf(!onPostgres)('a binder job on two instances (PostgreSQL + Redis)', () => {
  const servers: TestServer[] = []

  beforeAll(async () => {
    // One database schema and one DATA_DIR shared, as behind a load balancer.
    const dataDir = makeDataDir()
    const redis = { url: REDIS_URL, prefix: `jibei-test-${randomBytes(4).toString('hex')}:` }
    servers.push(await startTestServer({ dataDir, seedDemo: true, redis }))
    servers.push(await startTestServer({ dataDir, redis }))
  })
  afterAll(async () => {
    for (const server of servers.reverse()) await server.close()
  })

  it('is started on one instance and followed and downloaded on the other', async () => {
    const [one, two] = servers as [TestServer, TestServer]
    const [apiOne, apiTwo] = [new DemoCaller(one), new DemoCaller(two)]
    await apiOne.taskWithPlan('两个实例的备课册')
    const groupId = await apiOne.demoGroupId()
    const started = await apiOne.call('demo-lead', 'POST', `/api/groups/${groupId}/binder`, {})
    expect(started.status).toBe(202)
    const { jobId } = started.body as { jobId: string }
    await vi.waitFor(
      async () => {
        const job = await apiTwo.call('demo-lead', 'GET', `/api/binder-jobs/${jobId}`)
        expect(job.status).toBe(200)
        expect((job.body as { status: string }).status).toBe('done')
      },
      { timeout: 30_000, interval: 50 },
    )
    const file = await getBinary(
      two,
      `/api/binder-jobs/${jobId}/file`,
      (await apiTwo.session('demo-lead')).cookie,
    )
    expect(file.status).toBe(200)
    const { value: text } = await mammoth.extractRawText({ buffer: file.bytes })
    expect(text).toContain('两个实例的备课册')
  }, 60_000)
})
