import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { processTarget, type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { makeDataDir } from '../helpers/testServer.ts'

describe('SIGTERM', () => {
  let server: ServerProcess | undefined
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  })

  it('closes clients with "going away", persists every update and exits 0 while clients type', async () => {
    const dataDir = makeDataDir()
    server = await spawnServer(dataDir)
    const target = await processTarget(server, dataDir)
    const docs = Array.from({ length: 3 }, () => new Y.Doc())
    const typists = docs.map((doc, index) => connectProvider(target, `doc-${index}`, doc))
    const observerDocs = docs.map(() => new Y.Doc())
    const observers = observerDocs.map((doc, index) => connectProvider(target, `doc-${index}`, doc))
    await Promise.all([...typists, ...observers].map((provider) => whenSynced(provider)))
    // The first close each typist sees: later ones are its reconnect attempts to a server that
    // has gone (1006), which a loaded machine may fit in before the providers are destroyed.
    const closeCodes: number[] = []
    for (const typist of typists) {
      let closed = false
      typist.on('connection-close', (event: CloseEvent | null) => {
        if (event && !closed) closeCodes.push(event.code)
        closed = true
      })
      typist.shouldConnect = true
    }

    let typing = true
    const typed = Promise.all(
      docs.map(async (doc, index) => {
        let n = 0
        while (typing) {
          doc.getText('body').insert(0, `${index}.${n++};`)
          await sleep(1)
        }
      }),
    )
    await sleep(300)
    await vi.waitFor(
      () => expect(observerDocs.every((doc) => doc.getText('body').length > 0)).toBe(true),
      10_000,
    )
    const started = Date.now()
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    const observed = observerDocs.map((doc) => Y.encodeStateAsUpdate(doc))
    typing = false
    await typed
    for (const provider of [...typists, ...observers]) provider.destroy()
    expect(server.logs.some((entry) => entry.msg === 'stopped')).toBe(true)
    expect(closeCodes.length).toBeGreaterThan(0)
    expect(closeCodes.every((code) => code === CloseCode.ServerShutdown)).toBe(true)

    server = await spawnServer(dataDir)
    const restarted = await processTarget(server, dataDir)
    for (let index = 0; index < docs.length; index++) {
      const recovered = await readDocument(restarted, `doc-${index}`)
      const snapshot = Y.snapshot(recovered)
      expect(Y.snapshotContainsUpdate(snapshot, observed[index] as Uint8Array)).toBe(true)
      expect(recovered.getText('body').length).toBeGreaterThan(0)
    }
  })
})
