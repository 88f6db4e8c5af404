import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import {
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_AWARENESS_STATE_BYTES,
  MAX_DOCUMENT_BYTES,
} from '../../shared/limits.ts'
import {
  encodeAwareness,
  encodeAwarenessJson,
  encodeUpdate,
} from '../../shared/protocolMessages.ts'
import { createTester } from '../helpers/fixtures.ts'
import { connectProvider, socketUrl, whenSynced } from '../helpers/providers.ts'
import { closeWithin, openRawSocket, type RawSocket } from '../helpers/rawSocket.ts'
import { httpRequest } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

function awarenessFrame(entries: ReadonlyArray<[clientId: number, clock: number, json: string]>) {
  return encodeAwareness(
    encodeAwarenessJson(entries.map(([clientId, clock, json]) => ({ clientId, clock, json }))),
  )
}

let server: TestServer | null = null
const providers: WebsocketProvider[] = []
const sockets: RawSocket[] = []

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy()
  for (const socket of sockets.splice(0)) socket.ws.terminate()
  await server?.close()
  server = null
})

async function start(): Promise<TestServer> {
  server = await startTestServer()
  return server
}

async function raw(running: TestServer, documentId: string): Promise<RawSocket> {
  const socket = await openRawSocket(await socketUrl(running, documentId))
  sockets.push(socket)
  return socket
}

/** A provider that has synced `documentId`, with a line of text typed into it. */
async function typingEditor(running: TestServer, documentId: string): Promise<WebsocketProvider> {
  const doc = new Y.Doc()
  const provider = connectProvider(running, documentId, doc)
  providers.push(provider)
  await whenSynced(provider)
  return provider
}

async function healthStatus(running: TestServer): Promise<number> {
  return (await httpRequest(running, 'GET', '/api/health')).status
}

describe('presence (awareness) limits on the collaboration endpoint', () => {
  it('closes only the sender of a state nested thousands of levels deep, and the server keeps serving', async () => {
    const running = await start()
    const editor = await typingEditor(running, 'deep-presence')
    const attacker = await raw(running, 'deep-presence')
    const depth = 6000

    attacker.ws.send(awarenessFrame([[4242, 1, `${'['.repeat(depth)}${']'.repeat(depth)}`]]))

    expect((await closeWithin(attacker)).code).toBe(CloseCode.InvalidPresence)
    // Past the turn in which a relay of that state would have been flushed.
    await sleep(50)
    expect(await healthStatus(running)).toBe(200)
    editor.doc.getText('t').insert(0, 'still here')
    const reader = await typingEditor(running, 'deep-presence')
    await vi.waitFor(() => expect(reader.doc.getText('t').toString()).toBe('still here'), 10_000)
    expect(editor.awareness.getStates().has(4242)).toBe(false)
  })

  it('closes the sender of a presence state larger than the limit', async () => {
    const running = await start()
    const attacker = await raw(running, 'big-presence')
    const big = JSON.stringify({ user: { name: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) } })

    attacker.ws.send(awarenessFrame([[77, 1, big]]))

    expect((await closeWithin(attacker)).code).toBe(CloseCode.InvalidPresence)
  })

  it('closes a connection that announces more presence clients than one tab has', async () => {
    const running = await start()
    const attacker = await raw(running, 'many-clients')
    const entries: Array<[number, number, string]> = []
    for (let index = 0; index <= MAX_AWARENESS_CLIENTS_PER_CONNECTION; index++) {
      entries.push([1000 + index, 1, '{"cursor":null}'])
    }

    attacker.ws.send(awarenessFrame(entries))

    expect((await closeWithin(attacker)).code).toBe(CloseCode.InvalidPresence)
  })

  it('closes a connection that floods presence updates, and keeps the others', async () => {
    const running = await start()
    const editor = await typingEditor(running, 'presence-flood')
    const attacker = await raw(running, 'presence-flood')

    for (let clock = 1; clock <= 500; clock++) {
      attacker.ws.send(awarenessFrame([[9191, clock, '{"cursor":null}']]))
    }

    expect((await closeWithin(attacker)).code).toBe(CloseCode.TooManyMessages)
    expect(editor.wsconnected).toBe(true)
  })

  it("refuses a presence update for a client id another connection announced (nobody moves someone else's cursor)", async () => {
    const running = await start()
    const editor = await typingEditor(running, 'presence-takeover')
    editor.awareness.setLocalStateField('cursor', { at: 1 })
    const victim = editor.awareness.clientID
    await running.kdb
      .updateTable('documents')
      .set({ visibility: 'alliance' })
      .where('id', '=', 'presence-takeover')
      .execute()
    const intruder = await createTester(running.kdb, 'intruder')
    const attacker = await openRawSocket(
      `${running.collabUrl}/presence-takeover?token=${encodeURIComponent(intruder.token)}`,
    )
    sockets.push(attacker)
    await sleep(100)

    attacker.ws.send(awarenessFrame([[victim, 10_000, '{"cursor":{"at":999}}']]))

    expect((await closeWithin(attacker)).code).toBe(CloseCode.InvalidPresence)
    const observer = await typingEditor(running, 'presence-takeover')
    await vi.waitFor(
      () => expect(observer.awareness.getStates().get(victim)?.cursor).toEqual({ at: 1 }),
      10_000,
    )
  })

  it("skips, without closing, a provider's echo of presence states the server already has", async () => {
    const running = await start()
    const editor = await typingEditor(running, 'presence-echo')
    editor.awareness.setLocalStateField('cursor', { at: 1 })
    const victim = editor.awareness.clientID
    await running.kdb
      .updateTable('documents')
      .set({ visibility: 'alliance' })
      .where('id', '=', 'presence-echo')
      .execute()
    const other = await createTester(running.kdb, 'echoer')
    const echoer = await openRawSocket(
      `${running.collabUrl}/presence-echo?token=${encodeURIComponent(other.token)}`,
    )
    sockets.push(echoer)
    const observer = await typingEditor(running, 'presence-echo')
    await vi.waitFor(() => expect(observer.awareness.getStates().has(victim)).toBe(true), 10_000)
    const clock = observer.awareness.meta.get(victim)?.clock ?? 0

    echoer.ws.send(awarenessFrame([[victim, clock, '{"cursor":{"at":999}}']]))
    await sleep(200)

    expect(echoer.ws.readyState).toBe(echoer.ws.OPEN)
    expect(observer.awareness.getStates().get(victim)?.cursor).toEqual({ at: 1 })
  })

  it('stamps presence with who the connection really is, whatever name the client claims', async () => {
    const running = await start()
    const impostor = await typingEditor(running, 'presence-identity')
    impostor.awareness.setLocalStateField('user', {
      name: '组长 李红梅',
      userId: 'someone-else',
      schoolId: 'other-school',
      schoolName: '别的学校',
    })
    const observer = await typingEditor(running, 'presence-identity')

    await vi.waitFor(() => {
      const user = observer.awareness.getStates().get(impostor.awareness.clientID)?.user as
        | Record<string, unknown>
        | undefined
      expect(user?.userId).toBe(running.tester.userId)
      expect(user?.schoolId).toBe(running.tester.schoolId)
      expect(user?.name).toBe('tester')
      expect(user?.readOnly).toBe(false)
    }, 10_000)
  })
})

describe('document size and slow readers', () => {
  it('refuses an update that would grow a document past MAX_DOCUMENT_BYTES and keeps what was there', async () => {
    const running = await start()
    const editor = await typingEditor(running, 'too-big')
    editor.doc.getText('t').insert(0, 'kept')
    await vi.waitFor(async () => {
      const state = await running.registry.encodeState('too-big')
      const copy = new Y.Doc()
      Y.applyUpdate(copy, state)
      expect(copy.getText('t').toString()).toBe('kept')
    }, 10_000)
    const attacker = await raw(running, 'too-big')
    const huge = new Y.Doc()
    huge.getText('t').insert(0, 'x'.repeat(MAX_DOCUMENT_BYTES + 1024))

    attacker.ws.send(encodeUpdate(Y.encodeStateAsUpdate(huge)))

    expect((await closeWithin(attacker)).code).toBe(CloseCode.DocumentTooLarge)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, await running.registry.encodeState('too-big'))
    expect(copy.getText('t').toString()).toBe('kept')
  })

  it('refuses many updates that together pass the limit, one after the other', async () => {
    const running = await start()
    const attacker = await raw(running, 'grows')
    const doc = new Y.Doc()
    const text = doc.getText('t')
    let last = Y.encodeStateVector(doc)
    const chunk = 'y'.repeat(256 * 1024)
    let closed = false
    void attacker.closed.then(() => {
      closed = true
    })
    for (let index = 0; index < (MAX_DOCUMENT_BYTES / chunk.length) * 2 && !closed; index++) {
      text.insert(text.length, chunk)
      attacker.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc, last)))
      last = Y.encodeStateVector(doc)
      await sleep(5)
    }

    expect((await closeWithin(attacker)).code).toBe(CloseCode.DocumentTooLarge)
    const stored = await running.registry.encodeState('grows')
    expect(stored.byteLength).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES)
  })

  it('refuses websocket upgrades past the per-user connection limit with 429', async () => {
    server = await startTestServer({ maxConnectionsPerUser: 3 })
    const running = server
    for (let index = 0; index < 3; index++) await raw(running, `limit-${index}`)

    const refused = await openRawSocket(await socketUrl(running, 'limit-x')).then(
      () => 'accepted',
      (error: Error) => error.message,
    )

    expect(refused).toContain('HTTP 429')
    sockets[0]?.ws.close()
    await vi.waitFor(async () => {
      sockets.push(await openRawSocket(await socketUrl(running, 'limit-y')))
    }, 10_000)
  })

  it('refuses websocket upgrades past the per-document connection limit with 429', async () => {
    server = await startTestServer({ maxConnectionsPerDocument: 2 })
    const running = server
    await raw(running, 'crowded')
    await raw(running, 'crowded')

    const refused = await openRawSocket(await socketUrl(running, 'crowded')).then(
      () => 'accepted',
      (error: Error) => error.message,
    )

    expect(refused).toContain('HTTP 429')
    await raw(running, 'elsewhere')
  })
})
