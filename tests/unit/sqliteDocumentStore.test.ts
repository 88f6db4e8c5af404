import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteDocumentStore } from '../../server/storage/SqliteDocumentStore.ts'
import { makeDataDir } from '../helpers/testServer.ts'

interface OpenedStore {
  store: SqliteDocumentStore
  handle: SqliteHandle
  dataDir: string
}

const openStores: SqliteDocumentStore[] = []
const dataDirs = new Set<string>()

/** Opens a store over `<dataDir>/jibei.db`, in a fresh temp folder unless one is given. */
function openStore(dataDir: string = makeDataDir()): OpenedStore {
  dataDirs.add(dataDir)
  const handle = openSqlite(dataDir)
  const store = new SqliteDocumentStore(handle)
  openStores.push(store)
  return { store, handle, dataDir }
}

/** Sequence numbers of the log rows a document still has on disk. */
function logSeqs(handle: SqliteHandle, documentId: string): number[] {
  const rows = handle.connection
    .prepare('SELECT seq FROM document_updates WHERE document_id = ? ORDER BY seq')
    .all(documentId) as Array<{ seq: number }>
  return rows.map((row) => row.seq)
}

/** Bytes as a Buffer, so that Buffers read from SQLite and Uint8Arrays compare equal. */
function bytes(data: Uint8Array | null): Buffer | null {
  return data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null
}

function payload(...values: number[]): Uint8Array {
  return Uint8Array.from(values)
}

/** Records every update a Y.Doc emits (one per transaction). */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => {
    updates.push(update)
  })
  return updates
}

/** Rebuilds a document from what the store returns for it. */
async function loadIntoDoc(store: SqliteDocumentStore, documentId: string): Promise<Y.Doc> {
  const stored = await store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

function expectIncreasing(seqs: readonly number[]): void {
  for (let index = 1; index < seqs.length; index++) {
    expect(seqs[index]).toBeGreaterThan(seqs[index - 1] as number)
  }
}

afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close()
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true })
  dataDirs.clear()
})

describe('SqliteDocumentStore', () => {
  it('loads an unknown document as empty: no snapshot, no updates and lastSeq 0', async () => {
    const { store } = openStore()

    expect(await store.load('never-written')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('returns increasing sequence numbers across documents in one append, and loads each document’s updates in order', async () => {
    const { store } = openStore()

    const seqs = await store.append([
      { documentId: 'a', update: payload(1) },
      { documentId: 'b', update: payload(2) },
      { documentId: 'a', update: payload(3) },
      { documentId: 'b', update: payload(4) },
      { documentId: 'a', update: payload(5) },
    ])
    const later = await store.append([{ documentId: 'b', update: payload(6) }])

    expect(seqs).toHaveLength(5)
    expect(later).toHaveLength(1)
    expectIncreasing([...seqs, ...later])

    const a = await store.load('a')
    expect(a.snapshot).toBeNull()
    expect(a.updates.map(bytes)).toEqual([payload(1), payload(3), payload(5)].map(bytes))
    expect(a.lastSeq).toBe(seqs[4])

    const b = await store.load('b')
    expect(b.snapshot).toBeNull()
    expect(b.updates.map(bytes)).toEqual([payload(2), payload(4), payload(6)].map(bytes))
    expect(b.lastSeq).toBe(later[0])
  })

  it('returns an empty list for an empty append', async () => {
    const { store } = openStore()

    expect(await store.append([])).toEqual([])
    expect(await store.load('a')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('writes the snapshot on compaction, deletes the document’s log rows up to throughSeq and keeps the later ones', async () => {
    const { store, handle } = openStore()
    const seqs = await store.append([
      { documentId: 'doc', update: payload(1) },
      { documentId: 'other', update: payload(9) },
      { documentId: 'doc', update: payload(2) },
      { documentId: 'doc', update: payload(3) },
      { documentId: 'doc', update: payload(4) },
    ])
    const throughSeq = seqs[2] as number

    await store.compact('doc', payload(100, 101), throughSeq)

    expect(logSeqs(handle, 'doc')).toEqual([seqs[3], seqs[4]])
    expect(logSeqs(handle, 'other')).toEqual([seqs[1]])
    const loaded = await store.load('doc')
    expect(bytes(loaded.snapshot)).toEqual(bytes(payload(100, 101)))
    expect(loaded.updates.map(bytes)).toEqual([payload(3), payload(4)].map(bytes))
    expect(loaded.lastSeq).toBe(seqs[4])
    const other = await store.load('other')
    expect(other.snapshot).toBeNull()
    expect(other.updates.map(bytes)).toEqual([bytes(payload(9))])
  })

  it('reports the snapshot’s throughSeq as lastSeq when compaction folded the whole log', async () => {
    const { store, handle } = openStore()
    const seqs = await store.append([
      { documentId: 'doc', update: payload(1) },
      { documentId: 'doc', update: payload(2) },
    ])

    await store.compact('doc', payload(7), seqs[1] as number)

    expect(logSeqs(handle, 'doc')).toEqual([])
    const loaded = await store.load('doc')
    expect(bytes(loaded.snapshot)).toEqual(bytes(payload(7)))
    expect(loaded.updates).toEqual([])
    expect(loaded.lastSeq).toBe(seqs[1])
  })

  it('never lets a compaction with a lower throughSeq overwrite a newer snapshot, and then deletes nothing', async () => {
    const { store, handle } = openStore()
    const seqs = await store.append(
      [1, 2, 3, 4, 5].map((value) => ({ documentId: 'doc', update: payload(value) })),
    )
    await store.compact('doc', payload(40), seqs[3] as number)
    expect(logSeqs(handle, 'doc')).toEqual([seqs[4]])
    // A late compaction that started before the newer one, and a duplicate of the newer one.
    const [extra] = await store.append([{ documentId: 'doc', update: payload(6) }])

    await store.compact('doc', payload(20), seqs[1] as number)
    await store.compact('doc', payload(41), seqs[3] as number)

    expect(logSeqs(handle, 'doc')).toEqual([seqs[4], extra])
    const loaded = await store.load('doc')
    expect(bytes(loaded.snapshot)).toEqual(bytes(payload(40)))
    expect(loaded.updates.map(bytes)).toEqual([payload(5), payload(6)].map(bytes))
    expect(loaded.lastSeq).toBe(extra)
  })

  it('never reuses a sequence number after compaction deleted every log row, and loads the new appends', async () => {
    const { store, handle } = openStore()
    const first = await store.append(
      [1, 2, 3].map((value) => ({ documentId: 'doc', update: payload(value) })),
    )
    const highest = first[2] as number
    await store.compact('doc', payload(30), highest)
    expect(handle.connection.prepare('SELECT count(*) AS n FROM document_updates').get()).toEqual({
      n: 0,
    })

    const next = await store.append([
      { documentId: 'doc', update: payload(4) },
      { documentId: 'doc', update: payload(5) },
    ])

    expect(next[0]).toBeGreaterThan(highest)
    expectIncreasing(next)
    const loaded = await store.load('doc')
    expect(bytes(loaded.snapshot)).toEqual(bytes(payload(30)))
    expect(loaded.updates.map(bytes)).toEqual([payload(4), payload(5)].map(bytes))
    expect(loaded.lastSeq).toBe(next[1])
  })

  it('gives back the text that was typed when the loaded snapshot and log are applied to a Y.Doc', async () => {
    const { store } = openStore()
    const source = new Y.Doc()
    const updates = recordUpdates(source)
    const text = source.getText('content')

    text.insert(0, 'Hello world')
    text.insert(5, ',')
    source.transact(() => {
      text.delete(0, 1)
      text.insert(0, 'J')
    })
    const firstSeqs = await store.append(
      updates.splice(0).map((update) => ({ documentId: 'lesson', update })),
    )
    await store.compact('lesson', Y.encodeStateAsUpdate(source), firstSeqs.at(-1) as number)

    text.insert(text.length, '! 集备')
    text.delete(1, 4)
    text.insert(1, 'ibei')
    expect(updates).toHaveLength(3)
    await store.append(updates.map((update) => ({ documentId: 'lesson', update })))

    const loaded = await store.load('lesson')
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toHaveLength(3)
    const rebuilt = await loadIntoDoc(store, 'lesson')
    expect(rebuilt.getText('content').toString()).toBe('Jibei, world! 集备')
    expect(rebuilt.getText('content').toString()).toBe(text.toString())
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(source))
  })

  it('saves versions, lists them newest first with their size, and loads one only for its own document', async () => {
    const { store } = openStore()
    const first = await store.saveVersion('lesson', 'Draft', 'named', payload(1, 2, 3))
    const second = await store.saveVersion('lesson', 'Autosave', 'auto', payload(4, 5))
    const elsewhere = await store.saveVersion('other', 'Other', 'named', payload(9))
    const third = await store.saveVersion('lesson', 'Final', 'named', payload(6, 7, 8, 9))

    expect(first).toMatchObject({ documentId: 'lesson', name: 'Draft', kind: 'named' })
    expect(first.byteLength).toBe(3)
    expectIncreasing([first.id, second.id, third.id])

    const listed = await store.listVersions('lesson')
    expect(listed.map((version) => version.id)).toEqual([third.id, second.id, first.id])
    expect(listed).toEqual([third, second, first])
    expect(listed.map((version) => version.byteLength)).toEqual([4, 2, 3])
    expect(await store.listVersions('other')).toEqual([elsewhere])
    expect(await store.listVersions('nobody')).toEqual([])

    expect(bytes(await store.loadVersion('lesson', second.id))).toEqual(bytes(payload(4, 5)))
    expect(bytes(await store.loadVersion('other', elsewhere.id))).toEqual(bytes(payload(9)))
    expect(await store.loadVersion('other', first.id)).toBeNull()
    expect(await store.loadVersion('lesson', elsewhere.id)).toBeNull()
    expect(await store.loadVersion('lesson', third.id + 1000)).toBeNull()
  })

  it('keeps the log, snapshots, versions and sequence counter when the file is closed and reopened', async () => {
    const { store, dataDir } = openStore()
    const source = new Y.Doc()
    const updates = recordUpdates(source)
    source.getText('content').insert(0, 'persisted ')
    const seqs = await store.append(
      updates.splice(0).map((update) => ({ documentId: 'd', update })),
    )
    await store.compact('d', Y.encodeStateAsUpdate(source), seqs[0] as number)
    source.getText('content').insert(10, 'text')
    const [tailSeq] = await store.append(updates.map((update) => ({ documentId: 'd', update })))
    const version = await store.saveVersion('d', 'v1', 'named', Y.encodeStateAsUpdate(source))
    await store.close()

    const reopened = openStore(dataDir).store

    const loaded = await reopened.load('d')
    expect(loaded.snapshot).not.toBeNull()
    expect(loaded.updates).toHaveLength(1)
    expect(loaded.lastSeq).toBe(tailSeq)
    expect((await loadIntoDoc(reopened, 'd')).getText('content').toString()).toBe('persisted text')
    expect(await reopened.listVersions('d')).toEqual([version])
    const versionState = await reopened.loadVersion('d', version.id)
    expect(versionState).not.toBeNull()
    const fromVersion = new Y.Doc()
    Y.applyUpdate(fromVersion, versionState as Uint8Array)
    expect(fromVersion.getText('content').toString()).toBe('persisted text')

    await reopened.compact('d', Y.encodeStateAsUpdate(source), tailSeq as number)
    const [afterReopen] = await reopened.append([{ documentId: 'd', update: payload(0, 0) }])
    expect(afterReopen).toBeGreaterThan(tailSeq as number)
  })
})
