import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import { InstrumentedStore } from '../helpers/instrumentedStore.ts'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { makeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts'

/** Writes `content` into a document through a provider, then stops the server cleanly. */
async function seedDocument(dataDir: string, documentId: string, content: string): Promise<void> {
  const server = await startTestServer({ dataDir })
  const doc = new Y.Doc()
  const provider = connectProvider(server, documentId, doc)
  await whenSynced(provider)
  doc.getText('body').insert(0, content)
  await vi.waitFor(async () => {
    const copy = await readDocument(server, documentId)
    expect(copy.getText('body').toString()).toBe(content)
  }, 10_000)
  provider.destroy()
  await server.close()
}

describe('open documents', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('are loaded once when twenty clients connect at the same instant, and shared', async () => {
    const dataDir = makeDataDir()
    await seedDocument(dataDir, 'shared-plan', '教学目标：理解分数的意义')
    let store: InstrumentedStore | undefined
    server = await startTestServer({
      dataDir,
      wrapStore: (inner) => {
        store = new InstrumentedStore(inner, { beforeLoad: () => sleep(150) })
        return store
      },
    })
    const target = server
    const docs = Array.from({ length: 20 }, () => new Y.Doc())
    const providers = docs.map((doc) => connectProvider(target, 'shared-plan', doc))
    await Promise.all(providers.map((provider) => whenSynced(provider)))
    expect(store?.loadCalls).toBe(1)
    expect(server.registry.loads).toBe(1)
    expect(server.registry.size).toBe(1)
    expect(server.registry.get('shared-plan')?.connections.size).toBe(20)
    for (const doc of docs) expect(doc.getText('body').toString()).toBe('教学目标：理解分数的意义')
    docs[3]?.getText('body').insert(0, '【修订】')
    await vi.waitFor(() => {
      for (const doc of docs) expect(doc.getText('body').toString()).toMatch(/^【修订】/)
    }, 10_000)
    for (const provider of providers) provider.destroy()
  })

  it('are unloaded within the grace period after the last client left, and reopen unchanged', async () => {
    const graceMs = 1000
    let store: InstrumentedStore | undefined
    server = await startTestServer({
      unloadGraceMs: graceMs,
      wrapStore: (inner) => {
        store = new InstrumentedStore(inner)
        return store
      },
    })
    const a = connectProvider(server, 'to-unload')
    const b = connectProvider(server, 'to-unload')
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.doc.getText('body').insert(0, 'hello ')
    b.doc.getText('body').insert(0, 'world ')
    await vi.waitFor(
      () =>
        expect(a.doc.getText('body').length === 12 && b.doc.getText('body').length === 12).toBe(
          true,
        ),
      10_000,
    )
    const expected = a.doc.getText('body').toString()
    a.destroy()
    b.destroy()
    const leftAt = Date.now()
    await vi.waitFor(
      () => expect(server?.registry.get('to-unload')).toBeUndefined(),
      graceMs + 5000,
    )
    const unloadedAfter = Date.now() - leftAt
    expect(unloadedAfter).toBeGreaterThanOrEqual(graceMs - 50)
    expect(unloadedAfter).toBeLessThan(graceMs + 5000)
    expect(store?.compactCalls).toBe(1)
    const stored = await server.store.load('to-unload')
    expect(stored.updates).toHaveLength(0)
    expect(stored.snapshot).not.toBeNull()

    const reopened = await readDocument(server, 'to-unload')
    expect(reopened.getText('body').toString()).toBe(expected)
    expect(server.registry.loads).toBe(2)
  })

  it('stay open while a client comes back within the grace period', async () => {
    server = await startTestServer({ unloadGraceMs: 800 })
    const first = connectProvider(server, 'come-back')
    await whenSynced(first)
    first.destroy()
    await sleep(300)
    const second = connectProvider(server, 'come-back')
    await whenSynced(second)
    await sleep(900)
    expect(server.registry.get('come-back')).toBeDefined()
    expect(server.registry.loads).toBe(1)
    second.destroy()
  })

  it('close connections with LoadFailed when loading fails, and never serve an empty stand-in', async () => {
    const dataDir = makeDataDir()
    await seedDocument(dataDir, 'fragile', '真实的教案内容')
    let store: InstrumentedStore | undefined
    let failLoads = true
    server = await startTestServer({
      dataDir,
      wrapStore: (inner) => {
        store = new InstrumentedStore(inner, {
          beforeLoad: () => {
            if (failLoads) throw new Error('disk unavailable')
          },
        })
        return store
      },
    })
    const doc = new Y.Doc()
    const provider = connectProvider(server, 'fragile', doc)
    const closeCodes: number[] = []
    provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code)
    })
    await vi.waitFor(() => expect(closeCodes).toContain(CloseCode.LoadFailed), 10_000)
    expect(provider.synced).toBe(false)
    expect(server.registry.size).toBe(0)
    expect(store?.appendCalls).toBe(0)

    failLoads = false
    await whenSynced(provider)
    expect(doc.getText('body').toString()).toBe('真实的教案内容')
    provider.destroy()
  })
})
