import * as Y from 'yjs'
import { connectStockClient } from '../load/StockWriter.ts'
import { cpuSeconds, ioCounters } from '../proc.ts'
import { fixed, kib, ratioToBest, type Table } from '../report.ts'
import type { RunningTarget, Target } from '../servers/targets.ts'
import { median, sleep, waitUntil } from '../stats.ts'
import { applyTxn, type Trace } from '../trace.ts'

/** Settings of the persistence and cold-open scenarios. */
export interface PersistenceShape {
  /** How many transactions of the trace to replay. */
  txns: number
  /** Cold opens per server (the median is reported). */
  coldOpens: number
}

/** Replay measurements of one server. */
export interface ReplayResult {
  name: string
  txns: number
  updateBytes: number
  seconds: number
  serverCpu: number
  writeBytes: number
  wchar: number
}

/** Cold-open measurements of one server. */
interface ColdOpenResult {
  name: string
  samples: number[]
  documentBytes: number
  contentOk: boolean
}

/** Time the servers get after the replay to write what they hold back (hocuspocus debounces 2 s). */
const SETTLE_MS = 3000

/**
 * Replays the first `count` transactions of the trace through one stock provider on
 * `documentName`, until a second provider observed all of it; measures the server meanwhile.
 */
export async function replay(
  server: RunningTarget,
  documentName: string,
  trace: Trace,
  count: number,
): Promise<Omit<ReplayResult, 'name'>> {
  const writer = connectStockClient(server.stockEndpoint(documentName))
  const observer = connectStockClient(server.stockEndpoint(documentName))
  await Promise.all([writer.synced, observer.synced])
  let updateBytes = 0
  writer.doc.on('update', (update: Uint8Array) => {
    updateBytes += update.byteLength
  })
  const pid = server.process.pid
  const ioBefore = ioCounters(pid)
  const cpuBefore = cpuSeconds(pid)
  const text = writer.doc.getText('content')
  const observed = observer.doc.getText('content')
  const started = performance.now()
  for (let index = 0; index < count; index++) {
    const txn = trace.txns[index]
    if (txn) applyTxn(writer.doc, text, txn.patches)
    if (index % 2000 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  const expected = text.toString()
  const complete = await waitUntil(
    () => observed.length === expected.length && observed.toString() === expected,
    300_000,
    5,
  )
  if (!complete) throw new Error(`${server.name}: the observer never received the whole replay`)
  const seconds = (performance.now() - started) / 1000
  await sleep(SETTLE_MS)
  const ioAfter = ioCounters(pid)
  const serverCpu = cpuSeconds(pid) - cpuBefore
  writer.destroy()
  observer.destroy()
  await sleep(500)
  return {
    txns: count,
    updateBytes,
    seconds,
    serverCpu,
    writeBytes: ioAfter.writeBytes - ioBefore.writeBytes,
    wchar: ioAfter.wchar - ioBefore.wchar,
  }
}

/** A replayed document, ready to be opened cold. */
interface Replayed {
  target: Target
  dataDir: string
  documentName: string
  expected: string
}

/** Restarts the server on its data and times one new client from connect to synced. */
async function coldOpen(replayed: Replayed, result: ColdOpenResult): Promise<void> {
  const server = await replayed.target.start({ dataDir: replayed.dataDir })
  try {
    await sleep(200)
    const doc = new Y.Doc()
    const started = performance.now()
    const client = connectStockClient(server.stockEndpoint(replayed.documentName), doc)
    await client.synced
    result.samples.push(performance.now() - started)
    result.documentBytes = Y.encodeStateAsUpdate(doc).byteLength
    if (doc.getText('content').toString() !== replayed.expected) result.contentOk = false
    client.destroy()
  } finally {
    await server.process.stop()
  }
}

/** Replays the trace into each persistent server, then restarts it and opens the document cold. */
export async function persistenceTables(
  targets: readonly Target[],
  trace: Trace,
  shape: PersistenceShape,
): Promise<Table[]> {
  const replays: ReplayResult[] = []
  const replayed: Replayed[] = []
  for (const target of targets) {
    const server = await target.start()
    try {
      const [documentName] = await server.createDocuments(1)
      if (!documentName) throw new Error('no document')
      const result = await replay(server, documentName, trace, shape.txns)
      replays.push({ name: target.name, ...result })
      const check = new Y.Doc()
      const checkClient = connectStockClient(server.stockEndpoint(documentName), check)
      await checkClient.synced
      const expected = check.getText('content').toString()
      checkClient.destroy()
      replayed.push({ target, dataDir: server.dataDir, documentName, expected })
    } finally {
      await server.process.stop()
    }
  }
  // Cold opens alternate between the servers, so that both see the same machine noise.
  const opens: ColdOpenResult[] = replayed.map((entry) => ({
    name: entry.target.name,
    samples: [],
    documentBytes: 0,
    contentOk: true,
  }))
  for (let attempt = 0; attempt < shape.coldOpens; attempt++) {
    for (const [index, entry] of replayed.entries()) {
      await coldOpen(entry, opens[index] as ColdOpenResult)
    }
  }
  const perKeystroke = (result: ReplayResult): number => result.writeBytes / result.txns
  const amplification = (bytes: number, result: ReplayResult): number => bytes / result.updateBytes
  const replayTable: Table = {
    title: `Persistence: automerge-paper replay, ${shape.txns} transactions through one stock provider, one observer`,
    columns: [
      'server',
      'update bytes sent',
      'seconds until observed',
      'updates/s',
      'server CPU s',
      'write_bytes (disk)',
      'write_bytes / keystroke',
      'write_bytes ÷ update bytes',
      'write() bytes ÷ update bytes',
    ],
    rows: replays.map((result) => [
      result.name,
      kib(result.updateBytes),
      fixed(result.seconds, 2),
      fixed(result.txns / result.seconds, 0),
      fixed(result.serverCpu, 2),
      kib(result.writeBytes),
      fixed(perKeystroke(result), 1),
      `${fixed(amplification(result.writeBytes, result), 2)}×`,
      `${fixed(amplification(result.wchar, result), 2)}×`,
    ]),
    notes: [
      `Jibei / best reference: updates/s (higher is better) ${ratioToBest(
        replays.map((r) => ({ name: r.name, value: r.txns / r.seconds })),
        true,
      )}; write_bytes per keystroke ${ratioToBest(replays.map((r) => ({ name: r.name, value: perKeystroke(r) })))}; write() bytes ${ratioToBest(replays.map((r) => ({ name: r.name, value: r.wchar })))}. I/O counted from the replay's start until ${SETTLE_MS / 1000} s after the observer held everything (/proc/<pid>/io: write_bytes is what reached the block layer, counted once per dirtied page cache page; write() bytes is wchar).`,
    ],
  }
  const medians = opens.map((open) => ({ name: open.name, value: median(open.samples) }))
  const coldTable: Table = {
    title: `Cold open: the replayed document (${shape.txns} transactions), server restarted, connect → synced, median of ${shape.coldOpens}`,
    columns: ['server', 'median ms', 'min ms', 'max ms', 'document bytes', 'content matches'],
    rows: opens.map((open) => [
      open.name,
      fixed(median(open.samples), 1),
      fixed(Math.min(...open.samples), 1),
      fixed(Math.max(...open.samples), 1),
      kib(open.documentBytes),
      open.contentOk ? 'yes' : 'NO',
    ]),
    notes: [
      `Jibei / best reference: ${ratioToBest(medians)}. Restarts alternate between the servers. Servers without persistence (y-websocket-server, hocuspocus in memory) lose the document on restart and are not compared here.`,
    ],
  }
  return [replayTable, coldTable]
}
