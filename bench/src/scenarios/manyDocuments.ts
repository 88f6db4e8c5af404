import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { RawClient } from '../load/RawClient.ts'
import { cpuSeconds, rssBytes } from '../proc.ts'
import { fixed, kib, mib, ratioToBest, type Table } from '../report.ts'
import { collectGarbage, writeHeapSnapshot } from '../servers/collectGarbage.ts'
import { freePort } from '../servers/ServerProcess.ts'
import type { RunningTarget, Target } from '../servers/targets.ts'
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
  /** JavaScript heap per document (all three servers run on Node, so this compares them). */
  heapPerDocument: number
  unloaded: string
  unloadSeconds: number
  rssAfterLeave: number
}

/** Documents opened and left before the measurement, so that code paths are compiled. */
export const WARM_UP_DOCUMENTS = 20

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
  if (target === 'jibei' || target === 'jibei-baseline') {
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

/** One instance of a many-documents measurement, started with the Node inspector. */
export interface InstanceUnderTest {
  server: RunningTarget
  inspectorPort: number
}

/** What one instance held and spent. */
export interface InstanceMeasurement {
  /** Documents opened on it (warm-up ones excluded). */
  documents: number
  rssBefore: number
  rssSynced: number
  /** (RSS synced − RSS before) ÷ documents. */
  perDocument: number
  /** (JavaScript heap used synced − before) ÷ documents, both after a full collection. */
  heapPerDocument: number
  rssAfterLeave: number
  /** CPU seconds from the first connection until every client was synced. */
  openCpu: number
}

/** Measurements of one run over one or several instances sharing their documents. */
export interface ManyDocumentsMeasurement {
  instances: InstanceMeasurement[]
  unloaded: string
  unloadSeconds: number
  /** From the first connection until every client was synced. */
  openSeconds: number
  /** Connect → synced of every client, in milliseconds, sorted. */
  syncMs: number[]
}

/**
 * With BENCH_HEAP_SNAPSHOT_DIR set, writes a heap snapshot of every instance there
 * (`<server>-<instance>-<moment>.heapsnapshot`), to compare with bench/heapDiff.ts.
 */
async function heapSnapshots(
  instances: readonly InstanceUnderTest[],
  moment: string,
): Promise<void> {
  const folder = process.env.BENCH_HEAP_SNAPSHOT_DIR
  if (!folder) return
  fs.mkdirSync(folder, { recursive: true })
  for (const [index, { server, inspectorPort }] of instances.entries()) {
    const file = path.join(folder, `${server.name}-${index}-${moment}.heapsnapshot`)
    await writeHeapSnapshot(inspectorPort, file)
  }
}

/**
 * Opens `shape.documents` documents with one raw client each, document i on instance
 * i mod n (the instances share their documents: one, or several on PostgreSQL + Redis), and
 * samples each instance's RSS before, once all are synced, and after the clients left.
 */
export async function measureManyDocuments(
  instances: readonly InstanceUnderTest[],
  shape: ManyDocumentsShape,
): Promise<ManyDocumentsMeasurement> {
  const first = instances[0]
  if (!first) throw new Error('no instance')
  const counters = instances.map(({ server }) =>
    unloadCounter(server.name, (listener) => server.process.onLine(listener)),
  )
  const unloadedCount = counters.every((counter) => counter !== null)
    ? () => counters.reduce((sum, counter) => sum + (counter?.() ?? 0), 0)
    : null
  let created: string[] = []
  const instanceOf = (index: number): InstanceUnderTest =>
    instances[index % instances.length] as InstanceUnderTest
  /** A raw client on document `index` of `created`, sending its initial content. */
  const connect = (index: number): RawClient => {
    const documentName = created[index] as string
    const { server } = instanceOf(index)
    return new RawClient({
      url: server.rawUrl(documentName),
      dialect: server.dialect,
      documentName,
      token: server.rawToken,
      initialUpdate: initialContent(index),
    })
  }
  created = await first.server.createDocuments(shape.documents + WARM_UP_DOCUMENTS, 'other')
  // Warm-up: the first connections compile the server's code paths; not counted per document.
  const warmUp = created.slice(0, WARM_UP_DOCUMENTS).map((_, index) => connect(index))
  await Promise.all(warmUp.map((client) => client.synced))
  await sleep(shape.settleMs)
  const names = created.slice(WARM_UP_DOCUMENTS)
  const pids = instances.map(({ server }) => server.process.pid)
  /** JavaScript heap in use of every instance, after a full garbage collection in each. */
  let heapUsed: number[] = []
  /** RSS of every instance after a full garbage collection in each (heap use kept aside). */
  const settledRss = async (): Promise<number[]> => {
    heapUsed = []
    for (const { inspectorPort } of instances) heapUsed.push(await collectGarbage(inspectorPort))
    await sleep(500)
    return pids.map(rssBytes)
  }
  const rssBefore = await settledRss()
  const heapBefore = heapUsed
  await heapSnapshots(instances, 'before')
  const cpuBefore = pids.map(cpuSeconds)
  const openedAt = performance.now()
  const syncMs: number[] = []
  const clients: RawClient[] = []
  for (let start = 0; start < names.length; start += 50) {
    const batch = names.slice(start, start + 50).map((_, offset) => {
      const connectedAt = performance.now()
      const client = connect(WARM_UP_DOCUMENTS + start + offset)
      client.synced.then(() => syncMs.push(performance.now() - connectedAt))
      return client
    })
    await Promise.all(batch.map((client) => client.synced))
    clients.push(...batch)
  }
  const openSeconds = (performance.now() - openedAt) / 1000
  const openCpu = pids.map((pid, index) => cpuSeconds(pid) - (cpuBefore[index] ?? 0))
  await sleep(shape.settleMs)
  const rssSynced = await settledRss()
  const heapSynced = heapUsed
  await heapSnapshots(instances, 'synced')
  const leftAt = performance.now()
  for (const client of [...warmUp, ...clients]) client.close()
  await Promise.all(clients.map((client) => client.closed))
  let unloaded = 'never (kept in memory, by design)'
  let unloadSeconds = Number.NaN
  if (unloadedCount) {
    const all = await waitUntil(() => unloadedCount() >= created.length, shape.unloadTimeoutMs, 100)
    unloadSeconds = (performance.now() - leftAt) / 1000
    unloaded = all
      ? `all ${created.length}`
      : `${unloadedCount()} of ${created.length} after ${fixed(unloadSeconds, 0)} s`
    if (!all) unloadSeconds = Number.NaN
  } else {
    await sleep(3000)
  }
  await sleep(1000)
  const rssAfterLeave = await settledRss()
  return {
    instances: instances.map((_, index) => {
      const documents = names.filter(
        (_name, offset) => (WARM_UP_DOCUMENTS + offset) % instances.length === index,
      ).length
      const before = rssBefore[index] ?? 0
      const synced = rssSynced[index] ?? 0
      return {
        documents,
        rssBefore: before,
        rssSynced: synced,
        perDocument: (synced - before) / documents,
        heapPerDocument: ((heapSynced[index] ?? 0) - (heapBefore[index] ?? 0)) / documents,
        rssAfterLeave: rssAfterLeave[index] ?? 0,
        openCpu: openCpu[index] ?? 0,
      }
    }),
    unloaded,
    unloadSeconds,
    openSeconds,
    syncMs: syncMs.sort((a, b) => a - b),
  }
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
    const measured = await measureManyDocuments([{ server, inspectorPort }], shape)
    const only = measured.instances[0] as InstanceMeasurement
    return {
      name: target.name,
      rssBefore: only.rssBefore,
      rssSynced: only.rssSynced,
      perDocument: only.perDocument,
      heapPerDocument: only.heapPerDocument,
      unloaded: measured.unloaded,
      unloadSeconds: measured.unloadSeconds,
      rssAfterLeave: only.rssAfterLeave,
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
      'JS heap per document',
      'unloaded after the clients left',
      'time to all unloaded s',
      'RSS after leaving',
    ],
    rows: results.map((result) => [
      result.name,
      mib(result.rssBefore),
      mib(result.rssSynced),
      kib(result.perDocument),
      kib(result.heapPerDocument),
      result.unloaded,
      fixed(result.unloadSeconds, 1),
      mib(result.rssAfterLeave),
    ]),
    notes: [
      `Jibei's DOC_UNLOAD_GRACE_MS: ${shape.jibeiUnloadGraceMs === undefined ? 'default (30 s)' : `${shape.jibeiUnloadGraceMs} ms`}. RSS is sampled after ${WARM_UP_DOCUMENTS} warm-up documents were opened (so that compiling the code paths is not counted per document), each sample after ${shape.settleMs / 1000} s without traffic and a full garbage collection requested through the Node inspector (all servers are started with --inspect for this scenario).`,
      `Jibei / best reference, JS heap per document: ${ratioToBest(results.map((r) => ({ name: r.name, value: r.heapPerDocument })))}; RSS per document: ${ratioToBest(results.map((r) => ({ name: r.name, value: r.perDocument })))} (RSS also moves with what the process keeps mapped — Jibei's baseline holds more transient memory, which a collection may hand back while documents open, so it can even come out negative; the heap in use, read after a full collection, is the steadier figure). Unloading is observed from Jibei's debug log line "unloaded document" (grace DOC_UNLOAD_GRACE_MS, default 30 s) and from a hocuspocus afterUnloadDocument hook in the bench's launcher; y-websocket-server without persistence keeps every document.`,
    ],
  }
}
