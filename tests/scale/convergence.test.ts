import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { scaleSkipReason, startCluster, type TestCluster } from '../helpers/cluster.ts'
import { planConcurrentReplay, runWriter } from '../helpers/concurrentReplay.ts'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { loadConcurrentTrace } from '../helpers/traces.ts'
import { docOf } from '../helpers/yjsState.ts'

const skipReason = scaleSkipReason('tests/scale/convergence.test.ts')
const TEXT = 'body'

describe.skipIf(skipReason !== null)('three instances on one PostgreSQL and one Redis', () => {
  let cluster: TestCluster | undefined
  const started = (): TestCluster => {
    if (!cluster) throw new Error('the cluster did not start')
    return cluster
  }

  beforeAll(async () => {
    cluster = await startCluster(3)
  })
  afterAll(async () => {
    await cluster?.close()
  })

  it('every instance reports PostgreSQL and a working Redis in its health', async () => {
    for (const index of [0, 1, 2]) {
      const health = await started().health(index)
      expect(health.status).toBe(200)
      expect(health.body).toMatchObject({
        ok: true,
        database: { engine: 'postgres', ok: true },
        redis: { ok: true },
      })
    }
  })

  it('two writers on instances 1 and 2 replay friendsforever concurrently; all docs end at endContent', async () => {
    const cluster = started()
    const trace = loadConcurrentTrace('friendsforever')
    expect(trace.numAgents).toBe(2)
    const plan = planConcurrentReplay(trace, TEXT)
    // The local reference replay (one replica per agent along the parents edges) is right.
    expect(plan.referenceText).toBe(trace.endContent)

    await cluster.ensureDocument('friendsforever')
    const writerDocs = plan.clientIds.map((clientId) => {
      const doc = new Y.Doc()
      doc.clientID = clientId
      return doc
    })
    const [docA, docB] = writerDocs
    if (!docA || !docB) throw new Error('two writers expected')
    const observerDoc = new Y.Doc()
    const providers = [
      connectProvider(cluster.target(0), 'friendsforever', docA),
      connectProvider(cluster.target(1), 'friendsforever', docB),
      connectProvider(cluster.target(2), 'friendsforever', observerDoc),
    ]
    try {
      await Promise.all(providers.map((provider) => whenSynced(provider)))

      const startedAt = Date.now()
      const stats = await Promise.all(
        writerDocs.map((doc, agent) => runWriter(plan, agent, doc, TEXT, { timeoutMs: 60_000 })),
      )
      await vi.waitFor(() => {
        for (const doc of [docA, docB, observerDoc]) {
          expect(doc.getText(TEXT).toString()).toBe(trace.endContent)
        }
      }, 30_000)
      console.info(
        `friendsforever through 3 instances: ${Date.now() - startedAt} ms, ${JSON.stringify(stats)}`,
      )
    } finally {
      for (const provider of providers) provider.destroy()
    }

    // What PostgreSQL holds, and a fresh reader on the observer's instance after a restart (so
    // the document is loaded from PostgreSQL), give endContent too.
    await vi.waitFor(async () => {
      const stored = docOf(await cluster.storedState('friendsforever'))
      expect(stored.getText(TEXT).toString()).toBe(trace.endContent)
    }, 10_000)
    await cluster.restart(2)
    const reread = await readDocument(cluster.target(2), 'friendsforever')
    expect(reread.getText(TEXT).toString()).toBe(trace.endContent)
  })

  it('awareness set on instance 1 reaches a client that joins on instance 3, and leaves with it', async () => {
    const cluster = started()
    await cluster.ensureDocument('presence')
    const presentDoc = new Y.Doc()
    const present = connectProvider(cluster.target(0), 'presence', presentDoc)
    const watcher = connectProvider(cluster.target(2), 'presence', new Y.Doc(), { connect: false })
    try {
      await whenSynced(present)
      present.awareness.setLocalStateField('user', { note: 'Writer on instance 1' })
      watcher.connect()
      await whenSynced(watcher)
      await vi.waitFor(
        () =>
          // The name is the one the server stamps (who the connection is), not a claimed one.
          expect(watcher.awareness.getStates().get(presentDoc.clientID)).toMatchObject({
            user: { note: 'Writer on instance 1', name: 'tester' },
          }),
        5_000,
      )

      // A clean disconnect (the socket closes) removes the state everywhere, well before the
      // 30 s awareness timeout.
      present.destroy()
      await vi.waitFor(
        () => expect(watcher.awareness.getStates().has(presentDoc.clientID)).toBe(false),
        5_000,
      )
    } finally {
      present.destroy()
      watcher.destroy()
    }
  })
})
