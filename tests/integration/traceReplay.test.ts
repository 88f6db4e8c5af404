import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { applyPatches, isBmpOnly, loadTrace } from '../helpers/traces.ts'

describe('replaying the real sveltecomponent editing trace', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('gives exactly endContent to a second provider and to a fresh one after a restart', async () => {
    const trace = loadTrace('sveltecomponent')
    expect(isBmpOnly(trace)).toBe(true)
    server = await startTestServer()
    const writerDoc = new Y.Doc()
    const writer = connectProvider(server, 'svelte', writerDoc)
    const watcherDoc = new Y.Doc()
    const watcher = connectProvider(server, 'svelte', watcherDoc)
    await Promise.all([whenSynced(writer), whenSynced(watcher)])

    const text = writerDoc.getText('content')
    for (let index = 0; index < trace.txns.length; index++) {
      const txn = trace.txns[index]
      if (!txn) continue
      writerDoc.transact(() => applyPatches(text, txn.patches))
      if (index % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    expect(text.toString()).toBe(trace.endContent)
    await vi.waitFor(
      () => expect(watcherDoc.getText('content').toString()).toBe(trace.endContent),
      30_000,
    )
    writer.destroy()
    watcher.destroy()

    await server.close()
    server = await startTestServer({ dataDir: server.dataDir })
    const reopened = await readDocument(server, 'svelte')
    expect(reopened.getText('content').toString()).toBe(trace.endContent)
    expect(server.registry.loads).toBe(1)
  })
})
