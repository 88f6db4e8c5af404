import * as Y from 'yjs'
import { RawClient } from '../load/RawClient.ts'
import { rssBytes } from '../proc.ts'
import { fixed, kib, mib, ratioToBest, type Table } from '../report.ts'
import { collectGarbage } from '../servers/collectGarbage.ts'
import { freePort } from '../servers/ServerProcess.ts'
import type { Target } from '../servers/targets.ts'
import { sleep, waitUntil } from '../stats.ts'

/** Settings of the many-documents scenario. */
export interface ManyDocumentsShape {
  documents: number
  /** Longest wait for every document to leave memory after the clients left. */
  unloadTimeoutMs: number
  /** Jibei's unload grace (DOC_UNLOAD_GRACE_MS); undefined = its default. */
  jibeiUnloadGraceMs?: number
  /**
   * Quiet time before each RSS sample: V8's memory reducer collects the garbage of a burst some
   * seconds after allocation stops, so that RSS then reflects what the documents hold.
   */
  settleMs: number
}

/** Measurements of one server. */
interface ManyDocumentsResult {
  name: string
  rssBefore: number
  rssSynced: number
  perDocument: number
  unloaded: string
  unloadSeconds: number
  rssAfterLeave: number
}

/** Documents opened and left before the measurement, so that code paths are compiled. */
const WARM_UP_DOCUMENTS = 20

/** A small document with a paragraph of text, as initial content of each client. */
function initialContent(index: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('content').insert(0, `Lesson ${index}: `.padEnd(200, 'x'))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Counts "document left memory" signals in the server's output, where the server gives one. */
function unloadCounter(
  target: Target['name'],
  onLine: (listener: (line: string) => void) => void,
): (() => number) | null {
  let count = 0
  if (target === 'jibei') {
    onLine((line) => {
      if (line.includes('"msg":"unloaded document"')) count += 1
    })
    return () => count
  }
  if (target === 'hocuspocus' || target === 'hocuspocus-sqlite') {
    onLine((line) => {
      const match = /^unloaded (\d+)$/.exec(line)
      if (match) count = Number(match[1])
    })
    return () => count
  }
  return null
}

async function runOne(target: Target, shape: ManyDocumentsShape): Promise<ManyDocumentsResult> {
  // Jibei logs "unloaded document" at debug level only.
  const inspectorPort = await freePort()
  const server = await target.start({
    logLevel: 'debug',
    inspectorPort,
    ...(shape.jibeiUnloadGraceMs === undefined ? {} : { unloadGraceMs: shape.jibeiUnloadGraceMs }),
  })
  try {
    const unloadedCount = unloadCounter(target.name, (listener) => server.process.onLine(listener))
    let created: string[] = []
    /** A raw client on document `index` of `created`, sending its initial content. */
    const connect = (index: number): RawClient => {
      const documentName = created[index] as string
      return new RawClient({
        url: server.rawUrl(documentName),
        dialect: server.dialect,
        documentName,
        token: server.rawToken,
        initialUpdate: initialContent(index),
      })
    }
    created = await server.createDocuments(shape.documents + WARM_UP_DOCUMENTS, 'other')
    // Warm-up: the first connections compile the server's code paths; not counted per document.
    const warmUp = created.slice(0, WARM_UP_DOCUMENTS).map((_, index) => connect(index))
    await Promise.all(warmUp.map((client) => client.synced))
    await sleep(shape.settleMs)
    const names = created.slice(WARM_UP_DOCUMENTS)
    const pid = server.process.pid
    /** RSS after a full garbage collection in the server. */
    const settledRss = async (): Promise<number> => {
      await collectGarbage(inspectorPort)
      await sleep(500)
      return rssBytes(pid)
    }
    const rssBefore = await settledRss()
    const clients: RawClient[] = []
    for (let start = 0; start < names.length; start += 50) {
      const batch = names
        .slice(start, start + 50)
        .map((_, offset) => connect(WARM_UP_DOCUMENTS + start + offset))
      await Promise.all(batch.map((client) => client.synced))
      clients.push(...batch)
    }
    await sleep(shape.settleMs)
    const rssSynced = await settledRss()
    const leftAt = performance.now()
    for (const client of [...warmUp, ...clients]) client.close()
    await Promise.all(clients.map((client) => client.closed))
    let unloaded = 'never (kept in memory, by design)'
    let unloadSeconds = Number.NaN
    if (unloadedCount) {
      const all = await waitUntil(
        () => unloadedCount() >= created.length,
        shape.unloadTimeoutMs,
        100,
      )
      unloadSeconds = (performance.now() - leftAt) / 1000
      unloaded = all
        ? `all ${created.length}`
        : `${unloadedCount()} of ${created.length} after ${fixed(unloadSeconds, 0)} s`
      if (!all) unloadSeconds = Number.NaN
    } else {
      await sleep(3000)
    }
    await sleep(1000)
    return {
      name: target.name,
      rssBefore,
      rssSynced,
      perDocument: (rssSynced - rssBefore) / names.length,
      unloaded,
      unloadSeconds,
      rssAfterLeave: await settledRss(),
    }
  } finally {
    await server.process.stop()
  }
}

/** Runs the scenario against every target and builds the result table. */
export async function manyDocumentsTable(
  targets: readonly Target[],
  shape: ManyDocumentsShape,
): Promise<Table> {
  const results: ManyDocumentsResult[] = []
  for (const target of targets) results.push(await runOne(target, shape))
  return {
    title: `Many documents: ${shape.documents} documents, one raw client each (200 characters of initial content; Jibei documents of kind 'other', without the lesson-plan template, so that every server holds the same content)`,
    columns: [
      'server',
      'RSS before',
      'RSS synced',
      'RSS per document',
      'unloaded after the clients left',
      'time to all unloaded s',
      'RSS after leaving',
    ],
    rows: results.map((result) => [
      result.name,
      mib(result.rssBefore),
      mib(result.rssSynced),
      kib(result.perDocument),
      result.unloaded,
      fixed(result.unloadSeconds, 1),
      mib(result.rssAfterLeave),
    ]),
    notes: [
      `Jibei's DOC_UNLOAD_GRACE_MS: ${shape.jibeiUnloadGraceMs === undefined ? 'default (30 s)' : `${shape.jibeiUnloadGraceMs} ms`}. RSS is sampled after ${WARM_UP_DOCUMENTS} warm-up documents were opened (so that compiling the code paths is not counted per document), each sample after ${shape.settleMs / 1000} s without traffic and a full garbage collection requested through the Node inspector (all servers are started with --inspect for this scenario).`,
      `Jibei / best reference, RSS per document: ${ratioToBest(results.map((r) => ({ name: r.name, value: r.perDocument })))}. Unloading is observed from Jibei's debug log line "unloaded document" (grace DOC_UNLOAD_GRACE_MS, default 30 s) and from a hocuspocus afterUnloadDocument hook in the bench's launcher; y-websocket-server without persistence keeps every document.`,
    ],
  }
}
