import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { connectProvider, readDocument, whenSynced } from '../helpers/providers.ts'
import { processTarget, type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { makeDataDir } from '../helpers/testServer.ts'
import { containsUpdate } from '../helpers/yjsState.ts'

const CYCLES = 10

describe('durability across SIGKILL', () => {
  let server: ServerProcess | undefined
  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL')
      await server.exited
    }
  })

  it(`keeps every update an observer had received, over ${CYCLES} kill cycles`, async () => {
    const dataDir = makeDataDir()
    const typistDoc = new Y.Doc()
    const text = typistDoc.getText('body')
    let observedBeforeKill: Uint8Array | null = null
    let checkedCycles = 0

    for (let cycle = 0; cycle <= CYCLES; cycle++) {
      server = await spawnServer(dataDir)
      const target = await processTarget(server, dataDir)
      if (observedBeforeKill) {
        const recovered = await readDocument(target, 'durable')
        expect(containsUpdate(recovered, observedBeforeKill)).toBe(true)
        checkedCycles += 1
      }
      if (cycle === CYCLES) break

      const typist = connectProvider(target, 'durable', typistDoc)
      const observerDoc = new Y.Doc()
      const observer = connectProvider(target, 'durable', observerDoc)
      await Promise.all([whenSynced(typist), whenSynced(observer)])

      let typing = true
      const typed = (async () => {
        let n = 0
        while (typing) {
          const position = Math.floor(Math.random() * (text.length + 1))
          text.insert(position, `${cycle}:${n++} `)
          if (n % 7 === 0 && text.length > 10) text.delete(position % (text.length - 5), 3)
          await sleep(1)
        }
      })()
      await sleep(150 + Math.random() * 500)
      await vi.waitFor(() => expect(observerDoc.getText('body').length).toBeGreaterThan(0), 10_000)
      // Whatever the observer holds was relayed by the server, so it must survive the kill.
      observedBeforeKill = Y.encodeStateAsUpdate(observerDoc)
      server.child.kill('SIGKILL')
      expect(await server.exited).toBe('SIGKILL')
      typing = false
      await typed
      typist.destroy()
      observer.destroy()
    }
    expect(checkedCycles).toBe(CYCLES)

    // The typist's edits made while the server was down arrive once it reconnects.
    const final = server
    if (!final) throw new Error('no server')
    const finalTarget = await processTarget(final, dataDir)
    const typist = connectProvider(finalTarget, 'durable', typistDoc)
    await whenSynced(typist)
    await vi.waitFor(async () => {
      const recovered = await readDocument(finalTarget, 'durable')
      expect(recovered.getText('body').toString()).toBe(text.toString())
    }, 10_000)
    typist.destroy()
  })
})
