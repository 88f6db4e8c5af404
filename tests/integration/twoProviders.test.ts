import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectProvider, whenSynced } from '../helpers/providers.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'
import { eventually } from '../helpers/waitFor.ts'

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
    await eventually(() => {
      expect(textA.toString()).toBe(textB.toString())
      expect(textA.toString().match(/a/g)?.length).toBeGreaterThan(150)
      expect(Y.encodeStateVector(docA)).toEqual(Y.encodeStateVector(docB))
    })
    a.destroy()
    b.destroy()
  })

  it('relays awareness both ways and removes it when a client disconnects', async () => {
    const a = connectProvider(server, 'plan-2')
    const b = connectProvider(server, 'plan-2')
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.awareness.setLocalStateField('user', { name: '王老师', school: '实验小学' })
    b.awareness.setLocalStateField('user', { name: 'Li', school: '第二小学' })
    const clientA = a.awareness.clientID
    const clientB = b.awareness.clientID
    await eventually(() => {
      expect(b.awareness.getStates().get(clientA)).toEqual({
        user: { name: '王老师', school: '实验小学' },
      })
      expect(a.awareness.getStates().get(clientB)).toEqual({
        user: { name: 'Li', school: '第二小学' },
      })
    })
    a.disconnect()
    await eventually(() => expect(b.awareness.getStates().has(clientA)).toBe(false))
    a.destroy()
    b.destroy()
  })

  it('removes the awareness of a client whose socket dies without saying goodbye', async () => {
    const a = connectProvider(server, 'plan-3')
    const b = connectProvider(server, 'plan-3')
    await Promise.all([whenSynced(a), whenSynced(b)])
    a.awareness.setLocalStateField('user', { name: 'A' })
    await eventually(() => expect(b.awareness.getStates().has(a.awareness.clientID)).toBe(true))
    const socket = a.ws as unknown as { terminate(): void }
    a.shouldConnect = false
    socket.terminate()
    await eventually(() => expect(b.awareness.getStates().has(a.awareness.clientID)).toBe(false))
    a.destroy()
    b.destroy()
  })
})
