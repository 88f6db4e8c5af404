import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { RedisRelay } from '../../../server/cluster/RedisRelay.ts'
import { Connection } from '../../../server/collab/Connection.ts'
import type { ConnectionIdentity } from '../../../server/collab/ConnectionIndex.ts'
import { DocumentRegistry } from '../../../server/collab/DocumentRegistry.ts'
import { closeSqlite, openSqlite } from '../../../server/db/sqlite.ts'
import { createLogger } from '../../../server/logger.ts'
import { SqliteDocumentStore } from '../../../server/storage/SqliteDocumentStore.ts'
import { CloseCode } from '../../../shared/closeCodes.ts'
import { encodeUpdate } from '../../../shared/protocolMessages.ts'
import { RecordingSocket } from '../../helpers/RecordingSocket.ts'

const REDIS_URL = process.env.REDIS_URL || undefined

function identity(userId: string, schoolId: string): ConnectionIdentity {
  return { userId, schoolId, sessionId: null, tokenId: null }
}

/** The update `edit` makes on `doc`. */
function updateOf(doc: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  edit()
  return Y.encodeStateAsUpdate(doc, before)
}

describe.skipIf(REDIS_URL === undefined)('client ids across two instances', () => {
  const log = createLogger('silent')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-authors-'))
  const handle = openSqlite(dir)
  const store = new SqliteDocumentStore(handle)
  const prefix = `jibei-test-${randomBytes(4).toString('hex')}:`
  const relays: RedisRelay[] = []
  const registries: DocumentRegistry[] = []

  async function instance(): Promise<DocumentRegistry> {
    const relay = new RedisRelay(REDIS_URL ?? '', log, prefix)
    relays.push(relay)
    await relay.ready()
    const registry = new DocumentRegistry({ store, log, unloadGraceMs: 60_000, relay })
    registries.push(registry)
    return registry
  }

  async function connect(registry: DocumentRegistry, documentId: string, who: ConnectionIdentity) {
    const socket = new RecordingSocket()
    const connection = new Connection(socket, documentId, log, {
      identity: who,
      readOnly: false,
    })
    await registry.connect(connection)
    return { socket, connection }
  }

  afterAll(async () => {
    for (const registry of registries) await registry.closeAll()
    await Promise.all(relays.map((relay) => relay.close()))
    closeSqlite(handle)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('refuses on one instance a client id registered on the other, and accepts it from its owner', async () => {
    const [one, two] = [await instance(), await instance()]
    const documentId = `authors-${randomBytes(4).toString('hex')}`
    const alice = identity('alice', 'school-a')
    const bob = identity('bob', 'school-b')
    // Bob's instance has the document open before Alice's client id exists anywhere.
    const bobOnTwo = await connect(two, documentId, bob)
    const aliceOnOne = await connect(one, documentId, alice)

    const aliceDoc = new Y.Doc()
    aliceOnOne.connection.receive(
      encodeUpdate(updateOf(aliceDoc, () => aliceDoc.getText('t').insert(0, 'alice '))),
    )
    const onTwo = () => two.get(documentId)?.ydoc.getText('t').toString()
    await vi.waitFor(() => expect(onTwo()).toBe('alice '), 10_000)

    // Bob takes Alice's client id on the instance that only heard of it through the relay.
    const forged = new Y.Doc()
    forged.clientID = aliceDoc.clientID
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(aliceDoc))
    forged.clientID = aliceDoc.clientID
    const forgedUpdate = updateOf(forged, () => forged.getText('t').insert(0, 'bob '))
    bobOnTwo.connection.receive(encodeUpdate(forgedUpdate))
    await vi.waitFor(() => expect(bobOnTwo.socket.closedWith).toBe(CloseCode.ForgedClient), 10_000)
    await sleep(100)
    expect(onTwo()).toBe('alice ')
    expect(one.get(documentId)?.ydoc.getText('t').toString()).toBe('alice ')

    // Alice's tab reconnects to the other instance and keeps typing under her client id.
    const aliceOnTwo = await connect(two, documentId, alice)
    aliceOnTwo.connection.receive(
      encodeUpdate(updateOf(aliceDoc, () => aliceDoc.getText('t').insert(6, 'again'))),
    )
    await vi.waitFor(() => expect(onTwo()).toBe('alice again'), 10_000)
    expect(aliceOnTwo.socket.closedWith).toBeNull()
    expect(await store.loadClients(documentId)).toEqual([
      { clientId: aliceDoc.clientID, userId: 'alice', schoolId: 'school-a' },
    ])
  }, 30_000)
})
