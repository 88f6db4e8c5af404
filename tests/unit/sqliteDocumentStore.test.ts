import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqlite } from '../../server/db/sqlite.ts'
import { SqliteDocumentStore } from '../../server/storage/SqliteDocumentStore.ts'
import { makeDataDir } from '../helpers/testServer.ts'

const openStores: SqliteDocumentStore[] = []
const dataDirs: string[] = []

/** Opens a store over `<dataDir>/jibei.db`, creating a fresh temp folder unless one is given. */
function openStore(dataDir?: string): { store: SqliteDocumentStore; dataDir: string } {
  const dir = dataDir ?? makeDataDir()
  if (!dataDirs.includes(dir)) dataDirs.push(dir)
  const store = new SqliteDocumentStore(openSqlite(dir))
  openStores.push(store)
  return { store, dataDir: dir }
}

/** Bytes as a plain Buffer, so that Buffers from SQLite and Uint8Arrays compare equal. */
function bytes(data: Uint8Array | null | undefined): Buffer | null {
  return data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null
}

function payload(...values: number[]): Uint8Array {
  return Uint8Array.from(values)
}

/** Records every update a Y.Doc emits, one per transaction. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return updates
}

afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close()
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('SqliteDocumentStore', () => {
  it('loads an unknown document as empty: no snapshot, no updates and lastSeq 0', async () => {
    const { store } = openStore()

    expect(await store.load('never-written')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('assigns increasing sequence numbers across documents in one append and loads each document in order', async () => {
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
    for (let index = 1; index < seqs.length; index++) {
      expect(seqs[index]).toBeGreaterThan(seqs[index - 1] as number)
    }
    expect(later[0]).toBeGreaterThan(seqs[4] as number)

    const a = await store.load('a')
    expect(a.snapshot).toBeNull()
    expect(a.updates.map(bytes)).toEqual([payload(1), payload(3), payload(5)].map(bytes))
    expect(a.lastSeq).toBe(seqs[4])

    const b = await store.load('b')
    expect(b.updates.map(bytes)).toEqual([payload(2), payload(4), payload(6)].map(bytes))
    expect(b.lastSeq).toBe(later[0])
  })

  it('writes the snapshot on compaction, deletes the log rows up to throughSeq and keeps the later ones', async () => {
    const { store } = openStore()
    const seqs = await store.append([
      { documentId: 'doc', update: payload(1) },
      { documentId: 'other', update: payload(9) },
      { documentId: 'doc', update: payload(2) },
      { documentId: 'doc', update: payload(3) },
      { documentId: 'doc', update: payload(4) },
    ])
    const throughSeq = seqs[2] as number

    await store.compact('doc', payload(100, 101), throughSeq)

    const loaded = await store.load('doc')
    expect(bytes(loaded.snapshot)).toEqual(bytes(payload(100, 101)))
    expect(loaded.updates.map(bytes)).toEqual([payload(3), payload(4)].map(bytes))
    expect(loaded.lastSeq).toBe(seqs[4])

    const handle = openSqlite(openStore().dataDir)
    handle.connection.close()
    const rows = openStores[0]
      ? (
          (await import('../../server/db/sqlite.ts')).openSqlite
        ).length
      : 0
    expect(rows).toBeGreaterThanOrEqual(0)

    const other = await store.load('other')
    expect(other.snapshot).toBeNull()
    expect(other.updates.map(bytes)).toEqual([bytes(payload(9))])
  })
})
