/**
 * Replays a real editing trace through one stock y-websocket provider into a Jibei server
 * running as a child process, and reports the time until an observer holds `endContent`, the
 * bytes the server wrote, and the database size against the encoded document size.
 *
 *   npm run bench:replay -- automerge-paper
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import zlib from 'node:zlib'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { kyselyOver } from '../server/db/executor.ts'
import { openSqlite } from '../server/db/sqlite.ts'
import { SqliteExecutor } from '../server/db/sqliteExecutor.ts'
import { createTester, ensureDocument } from '../tests/helpers/fixtures.ts'

type Patch = [number, number, string]
interface Trace {
  endContent: string
  txns: Array<{ patches: Patch[] }>
}

const ROOT = path.resolve(import.meta.dirname, '..')
const name = process.argv[2] ?? 'automerge-paper'
const traceFile = [
  path.join(ROOT, 'tests/fixtures/editing-traces'),
  path.join(ROOT, '../shared/data/editing-traces'),
]
  .map((folder) => path.join(folder, `${name}.json.gz`))
  .find((file) => fs.existsSync(file))
if (!traceFile) throw new Error(`trace ${name} not found`)
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(traceFile)).toString()) as Trace

function readIo(pid: number): { wchar: number; writeBytes: number } {
  const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8')
  const field = (key: string): number => Number(new RegExp(`${key}: (\\d+)`).exec(text)?.[1] ?? 0)
  return { wchar: field('wchar'), writeBytes: field('write_bytes') }
}

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0
}

function provider(url: string, doc: Y.Doc, token: string): WebsocketProvider {
  return new WebsocketProvider(url, 'trace', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
}

function synced(p: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())))
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      JIBEI_SEED: 'none',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const port = await new Promise<number>((resolve) => {
    readline
      .createInterface({ input: child.stdout as NodeJS.ReadableStream })
      .on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; port?: number }
        if (entry.msg === 'listening' && entry.port) resolve(entry.port)
      })
  })
  const pid = child.pid as number
  // A writer account and the document, written straight into the server's SQLite file.
  const sqlite = openSqlite(dataDir)
  const tester = await createTester(kyselyOver(new SqliteExecutor(sqlite.connection)), 'bench')
  ensureDocument(sqlite.db, tester, 'trace')
  sqlite.connection.close()
  const url = `ws://127.0.0.1:${port}/collab`
  const writerDoc = new Y.Doc()
  const observerDoc = new Y.Doc()
  const writer = provider(url, writerDoc, tester.token)
  const observer = provider(url, observerDoc, tester.token)
  await Promise.all([synced(writer), synced(observer)])

  let updateBytes = 0
  writerDoc.on('update', (update: Uint8Array) => {
    updateBytes += update.byteLength
  })
  const ioBefore = readIo(pid)
  const text = writerDoc.getText('content')
  const observed = observerDoc.getText('content')
  const started = performance.now()
  for (let index = 0; index < trace.txns.length; index++) {
    const txn = trace.txns[index]
    if (!txn) continue
    writerDoc.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted)
        if (inserted) text.insert(position, inserted)
      }
    })
    if (index % 2000 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  const sentAt = performance.now()
  while (observed.length !== trace.endContent.length || observed.toString() !== trace.endContent) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const doneAt = performance.now()
  const ioAfter = readIo(pid)
  const dbFile = path.join(dataDir, 'jibei.db')
  const dbBytes = fileSize(dbFile) + fileSize(`${dbFile}-wal`)
  const encoded = Y.encodeStateAsUpdate(writerDoc).byteLength
  writer.destroy()
  observer.destroy()
  child.kill('SIGTERM')
  const exitCode = await exited
  const dbAfterShutdown = fileSize(dbFile) + fileSize(`${dbFile}-wal`)

  const txns = trace.txns.length
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`
  const wrote = ioAfter.wchar - ioBefore.wchar
  console.log(`trace ${name}: ${txns} transactions, final length ${trace.endContent.length}`)
  console.log(`node ${process.version}, nproc ${os.cpus().length}`)
  console.log(
    `replay sent in ${(sentAt - started).toFixed(0)} ms; observer had endContent after ${(doneAt - started).toFixed(0)} ms (${((txns / (doneAt - started)) * 1000).toFixed(0)} updates/s)`,
  )
  console.log(
    `update bytes sent by the provider: ${kib(updateBytes)} (${(updateBytes / txns).toFixed(1)} B per transaction)`,
  )
  console.log(
    `server write() bytes during replay: ${kib(wrote)} (${(wrote / txns).toFixed(1)} B per transaction, ${(wrote / updateBytes).toFixed(2)}× the update bytes)`,
  )
  console.log(
    `database after replay (db + wal): ${kib(dbBytes)}; after SIGTERM (compacted): ${kib(dbAfterShutdown)}; exit code ${exitCode}`,
  )
  console.log(
    `encoded document: ${kib(encoded)}; database / encoded after replay: ${(dbBytes / encoded).toFixed(2)}×, after compaction: ${(dbAfterShutdown / encoded).toFixed(2)}×`,
  )
  fs.rmSync(dataDir, { recursive: true, force: true })
}

await main()
// Sockets of the destroyed providers may linger a moment; the run is complete.
process.exit(0)
