import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { encodeAwareness, encodeAwarenessStates } from '../../shared/protocolMessages.ts'
import { connectProvider, socketUrl, whenSynced } from '../helpers/providers.ts'
import { openRawSocket } from '../helpers/rawSocket.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

describe('two stock y-websocket providers on one document', () => {
  let server: TestServer
  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    await server.close()
  })

  it('end with identical content after editing concurrently', async () => {
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    const a = connectProvider(server, 'plan-1', docA)
    const b = connectProvider(server, 'plan-1', docB)
    await Promise.all([whenSynced(a), whenSynced(b)])
    const textA = docA.getText('body')
    const textB = docB.getText('body')
    for (let i = 0; i < 200; i++) {
      textA.insert(Math.floor(Math.random() * (textA.length + 1)), 'a')
      textB.insert(Math.floor(Math.random() * (textB.length + 1)), 'b')
      if (i % 17 === 0 && textB.length > 3) textB.delete(1, 2)
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await vi.waitFor(() => {
      expect(textA.toString()).toBe(textB.toString())
      expect(textA.toString().match(/a/g)?.length).toBeGreaterThan(150)
      expect(Y.encodeStateVector(docA)).toEqual(Y.encodeStateVector(docB))
    }, 10_000)
    a.destroy()
    b.destroy()
  })

  it('relays updates of every frame length (7-, 16- and 64-bit) intact, and syncs a large document', async () => {
    // The server frames each relayed message once for all recipients (binaryFrame): the stock
    // ws client in each provider checks every frame it parses.
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    const a = connectProvider(server, 'plan-frames', docA)
    const b = connectProvider(server, 'plan-frames', docB)
    await Promise.all([whenSynced(a), whenSynced(b)])
    const textA = docA.getText('body')
    const textB = docB.getText('body')
    for (const length of [3, 100, 126, 1_000, 65_000, 65_536, 300_000]) {
      textA.insert(textA.length, String(length % 10).repeat(length))
      await vi.waitFor(() => expect(textB.length).toBe(textA.length), 10_000)
    }
    expect(textB.toString()).toBe(textA.toString())
    const docC = new Y.Doc()
    const c = connectProvider(server, 'plan-frames', docC)
    await whenSynced(c)
    expect(docC.getText('body').toString()).toBe(textA.toString())
    for (const provider of [a, b, c]) provider.destroy()
  })

  it('relays awareness both ways and removes it when a client disconnects', async () => {
    const a = connectProvider(server, 'plan-2')
    const b = connectProvider(server, 'plan-2')
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.awareness.setLocalStateField('user', { name: '王老师', school: '实验小学' })
    b.awareness.setLocalStateField('user', { name: 'Li', school: '第二小学' })
    const clientA = a.awareness.clientID
    const clientB = b.awareness.clientID
    await vi.waitFor(() => {
      // The server stamps who the connection really is over the claimed name.
      expect(b.awareness.getStates().get(clientA)).toMatchObject({
        user: { name: 'tester', school: '实验小学', readOnly: false },
      })
      expect(a.awareness.getStates().get(clientB)).toMatchObject({
        user: { name: 'tester', school: '第二小学', readOnly: false },
      })
    }, 10_000)
    a.disconnect()
    await vi.waitFor(() => expect(b.awareness.getStates().has(clientA)).toBe(false), 10_000)
    a.destroy()
    b.destroy()
  })

  it('drops the presence of a client not heard of for 30 s (one sweep for all documents)', async () => {
    const watcher = connectProvider(server, 'plan-4')
    await whenSynced(watcher)
    watcher.awareness.setLocalStateField('user', { name: 'B' })
    // A client that announced itself once and then went silent with its socket still open
    // (stock clients renew their state every 15 s; one that stops is dropped after 30 s).
    const silent = await openRawSocket(await socketUrl(server, 'plan-4'))
    const silentId = 4242
    const update = encodeAwarenessStates([
      { clientId: silentId, clock: 1, state: { user: { name: 'A' } } },
    ])
    silent.ws.send(encodeAwareness(update))
    await vi.waitFor(() => expect(watcher.awareness.getStates().has(silentId)).toBe(true), 10_000)
    server.registry.expireOutdatedPresence(Date.now() + 29_000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(watcher.awareness.getStates().has(silentId)).toBe(true)
    server.registry.expireOutdatedPresence(Date.now() + 31_000)
    await vi.waitFor(() => expect(watcher.awareness.getStates().has(silentId)).toBe(false), 10_000)
    // The watcher itself renews its state (it is alive), so it stays present.
    await vi.waitFor(
      () =>
        expect(
          server.registry.get('plan-4')?.awareness.getStates().has(watcher.awareness.clientID),
        ).toBe(true),
      10_000,
    )
    silent.ws.close()
    watcher.destroy()
  })

  it('removes the awareness of a client whose socket dies without saying goodbye', async () => {
    const a = connectProvider(server, 'plan-3')
    const b = connectProvider(server, 'plan-3')
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.awareness.setLocalStateField('user', { name: 'A' })
    await vi.waitFor(
      () => expect(b.awareness.getStates().has(a.awareness.clientID)).toBe(true),
      10_000,
    )
    const socket = a.ws as unknown as { terminate(): void }
    a.shouldConnect = false
    socket.terminate()
    await vi.waitFor(
      () => expect(b.awareness.getStates().has(a.awareness.clientID)).toBe(false),
      10_000,
    )
    a.destroy()
    b.destroy()
  })
})
