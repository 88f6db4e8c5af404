import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqlite } from '../../server/db/sqlite.ts'
import type { DocumentStore } from '../../server/storage/DocumentStore.ts'
import { PostgresDocumentStore } from '../../server/storage/PostgresDocumentStore.ts'
import { SqliteDocumentStore } from '../../server/storage/SqliteDocumentStore.ts'
import { createTestPostgres, DATABASE_URL, type TestPostgres } from '../helpers/postgres.ts'
import { makeDataDir } from '../helpers/testServer.ts'

/** A driver under test: two stores on one database stand for two server instances. */
interface Driver {
  name: string
  available: boolean
  open(): Promise<{ first: DocumentStore; second: DocumentStore; close(): Promise<void> }>
}

const drivers: Driver[] = [
  {
    name: 'sqlite',
    available: true,
    async open() {
      const dataDir = makeDataDir()
      const first = new SqliteDocumentStore(openSqlite(dataDir))
      const second = new SqliteDocumentStore(openSqlite(dataDir))
      return {
        first,
        second,
        async close() {
          await second.close()
          await first.close()
        },
      }
    },
  },
  {
    name: 'postgres',
    available: DATABASE_URL !== undefined,
    async open() {
      const database: TestPostgres = await createTestPostgres(DATABASE_URL ?? '')
      const first = new PostgresDocumentStore(database.handle)
      const second = new PostgresDocumentStore(await database.openAnother())
      return { first, second, close: () => database.drop() }
    },
  },
]

/** A document that records its updates, one per transaction. */
function typist(clientId: number) {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return {
    doc,
    updates,
    type(text: string) {
      for (const character of text) {
        const ytext = doc.getText('t')
        ytext.insert(ytext.length, character)
      }
    },
  }
}

/** The text a store holds for a document. */
async function textOf(store: DocumentStore, documentId: string): Promise<string> {
  const stored = await store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

for (const driver of drivers) {
  describe.skipIf(!driver.available)(`document store contract: ${driver.name}`, () => {
    let first: DocumentStore
    let second: DocumentStore
    let close: () => Promise<void>
    let counter = 0
    const freshId = () => `contract-${driver.name}-${++counter}`

    beforeAll(async () => {
      ;({ first, second, close } = await driver.open())
    })
    afterAll(async () => {
      await close?.()
    })

    it('knows nothing of a document it never saw', async () => {
      expect(await first.load(freshId())).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
    })

    it('appends in one call across documents, in order, with increasing sequence numbers', async () => {
      const [a, b] = [freshId(), freshId()]
      const writer = typist(1)
      writer.type('abc')
      const seqs = await first.append([
        { documentId: a, update: writer.updates[0] as Uint8Array },
        { documentId: b, update: writer.updates[0] as Uint8Array },
        { documentId: a, update: writer.updates[1] as Uint8Array },
        { documentId: a, update: writer.updates[2] as Uint8Array },
      ])
      expect(seqs).toHaveLength(4)
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs)
      expect(new Set(seqs).size).toBe(4)
      const loaded = await second.load(a)
      expect(loaded.updates).toHaveLength(3)
      expect(loaded.lastSeq).toBe(seqs[3])
      expect(await textOf(second, a)).toBe('abc')
      expect(await textOf(second, b)).toBe('a')
    })

    it('compacts into a snapshot, keeps later updates, and never reuses a sequence number', async () => {
      const id = freshId()
      const writer = typist(2)
      writer.type('hello')
      const seqs = await first.append(writer.updates.map((update) => ({ documentId: id, update })))
      await first.compact(id, Y.encodeStateAsUpdate(writer.doc), seqs[4] as number)
      const compacted = await first.load(id)
      expect(compacted.snapshot).not.toBeNull()
      expect(compacted.updates).toHaveLength(0)
      expect(compacted.lastSeq).toBe(seqs[4])
      writer.updates.length = 0
      writer.type(' world')
      const later = await second.append(
        writer.updates.map((update) => ({ documentId: id, update })),
      )
      expect(later[0]).toBeGreaterThan(seqs[4] as number)
      expect((await first.load(id)).updates).toHaveLength(6)
      expect(await textOf(second, id)).toBe('hello world')
    })

    it('never lets a stale snapshot replace a newer one', async () => {
      const id = freshId()
      const writer = typist(3)
      writer.type('ab')
      const early = Y.encodeStateAsUpdate(writer.doc)
      writer.type('cd')
      const seqs = await first.append(writer.updates.map((update) => ({ documentId: id, update })))
      await first.compact(id, Y.encodeStateAsUpdate(writer.doc), seqs[3] as number)
      await second.compact(id, early, seqs[1] as number)
      expect(await textOf(first, id)).toBe('abcd')
      expect((await first.load(id)).lastSeq).toBe(seqs[3])
    })

    it('survives concurrent compaction from two instances without losing an update', async () => {
      const id = freshId()
      const one = typist(10)
      const two = typist(20)
      for (let round = 0; round < 20; round += 1) {
        one.type(`a${round}`)
        two.type(`b${round}`)
        // Both instances append what their own clients sent and relay it to each other.
        await first.append(one.updates.splice(0).map((update) => ({ documentId: id, update })))
        await second.append(two.updates.splice(0).map((update) => ({ documentId: id, update })))
        Y.applyUpdate(one.doc, Y.encodeStateAsUpdate(two.doc))
        Y.applyUpdate(two.doc, Y.encodeStateAsUpdate(one.doc))
        one.updates.length = 0
        two.updates.length = 0
        const lastSeq = (await first.load(id)).lastSeq
        await Promise.all([
          first.compact(id, Y.encodeStateAsUpdate(one.doc), lastSeq),
          second.compact(id, Y.encodeStateAsUpdate(two.doc), lastSeq - (round % 3)),
        ])
      }
      const expected = one.doc.getText('t').toString()
      expect(expected.length).toBeGreaterThan(40)
      expect(await textOf(first, id)).toBe(expected)
      expect(await textOf(second, id)).toBe(expected)
    })

    it('keeps immutable versions, newest first, readable only under their document', async () => {
      const id = freshId()
      const writer = typist(4)
      writer.type('v1')
      const v1 = await first.saveVersion(id, '初稿', 'named', Y.encodeStateAsUpdate(writer.doc))
      writer.type(' v2')
      const v2 = await second.saveVersion(id, 'auto', 'auto', Y.encodeStateAsUpdate(writer.doc))
      const listed = await first.listVersions(id)
      expect(listed.map((version) => version.id)).toEqual([v2.id, v1.id])
      expect(listed[1]).toMatchObject({ name: '初稿', kind: 'named', documentId: id })
      expect(listed[1]?.byteLength).toBe(v1.byteLength)
      const state = await second.loadVersion(id, v1.id)
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state as Uint8Array)
      expect(doc.getText('t').toString()).toBe('v1')
      expect(await first.loadVersion(freshId(), v1.id)).toBeNull()
      expect(await first.loadVersion(id, 999_999)).toBeNull()
    })

    it('keeps a version’s metadata, stores it deflated when smaller, and lets one of racing instances write after a given version', async () => {
      const id = freshId()
      const writer = typist(5)
      writer.type('集体备课 '.repeat(40))
      const state = Y.encodeStateAsUpdate(writer.doc)
      const meta = {
        milestone: 'signed' as const,
        createdBy: 'user-1',
        editors: ['user-1', 'user-2'],
        changedParts: ['objectives'],
      }
      const saved = await first.saveVersion(id, '共案签发 v1', 'milestone', state, meta)
      expect(saved.encoding).toBe('yjs+deflate')
      expect(saved.byteLength).toBeLessThan(state.byteLength)
      expect(await second.latestVersion(id)).toEqual(saved)
      expect(await second.listVersions(id)).toEqual([saved])
      expect(Buffer.from((await second.loadVersion(id, saved.id)) ?? [])).toEqual(
        Buffer.from(state),
      )
      expect(saved).toMatchObject({ ...meta, kind: 'milestone', name: '共案签发 v1' })

      const racing = await Promise.all(
        [first, second, first, second].map((store) =>
          store.saveVersionAfter(id, saved.id, '自动保存', 'auto', state, { editors: ['user-2'] }),
        ),
      )
      const written = racing.filter((version) => version !== null)
      expect(written).toHaveLength(1)
      expect(await first.latestVersion(id)).toEqual(written[0])
      expect(await second.saveVersionAfter(id, saved.id, 'x', 'auto', state)).toBeNull()
      expect(await first.latestVersion(freshId())).toBeNull()
      expect(await first.saveVersionAfter(freshId(), null, 'first', 'auto', state)).not.toBeNull()
    })

    it('records refused edits per document, the lowest clock of each client, seen by every instance', async () => {
      const [id, other] = [freshId(), freshId()]
      expect(await first.loadRefused(id)).toEqual([])
      await first.recordRefused(id, [{ clientId: 3_000_000_001, fromClock: 40 }])
      await second.recordRefused(id, [
        { clientId: 3_000_000_001, fromClock: 12 },
        { clientId: 7, fromClock: 0 },
      ])
      await first.recordRefused(other, [{ clientId: 7, fromClock: 5 }])
      const refused = await second.loadRefused(id)
      expect([...refused].sort((a, b) => a.clientId - b.clientId)).toEqual([
        { clientId: 7, fromClock: 0 },
        { clientId: 3_000_000_001, fromClock: 12 },
      ])
    })

    it('registers client ids to their first author per document, seen by every instance', async () => {
      const [id, other] = [freshId(), freshId()]
      expect(await first.loadClients(id)).toEqual([])
      await first.recordClients(id, [{ clientId: 4_000_000_001, userId: 'u1', schoolId: 's1' }])
      await second.recordClients(id, [
        { clientId: 4_000_000_001, userId: 'u2', schoolId: 's2' },
        { clientId: 9, userId: 'u2', schoolId: 's3' },
      ])
      await first.recordClients(other, [{ clientId: 9, userId: 'u3', schoolId: 's1' }])
      const clients = await second.loadClients(id)
      expect([...clients].sort((a, b) => a.clientId - b.clientId)).toEqual([
        { clientId: 9, userId: 'u2', schoolId: 's3' },
        { clientId: 4_000_000_001, userId: 'u1', schoolId: 's1' },
      ])
    })
  })
}

describe.skipIf(DATABASE_URL === undefined)('postgres driver across instances', () => {
  let database: TestPostgres
  beforeAll(async () => {
    database = await createTestPostgres(DATABASE_URL ?? '')
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('loses nothing when an instance compacts before it received another instance’s update', async () => {
    const first = new PostgresDocumentStore(database.handle)
    const second = new PostgresDocumentStore(await database.openAnother())
    const id = 'unseen-update'
    const one = typist(1)
    const two = typist(2)
    one.type('mine')
    await first.append(one.updates.map((update) => ({ documentId: id, update })))
    two.type('theirs')
    // Instance 2's update is logged with a higher seq, but has not reached instance 1 yet.
    const [theirSeq] = await second.append([
      { documentId: id, update: Y.encodeStateAsUpdate(two.doc) },
    ])
    await first.compact(id, Y.encodeStateAsUpdate(one.doc), theirSeq as number)
    const text = await textOf(second, id)
    expect(text).toContain('mine')
    expect(text).toContain('theirs')
  })
})
