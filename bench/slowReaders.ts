/**
 * The slow-reader attack of issue 17: one editor grows a plan to `--mib` MiB, then `--readers`
 * view-only websockets ask for it (sync step 1) and never read a byte. Prints the server's RSS
 * before and at its peak, and how many readers the server dropped.
 *
 *   npx tsx bench/slowReaders.ts [--root <checkout>] [--mib 3.9] [--readers 60]
 *
 * `--root` runs another checkout's server (e.g. a worktree of an older commit) against the same
 * attack, for a side-by-side comparison.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { eq } from 'drizzle-orm'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { kyselyOver } from '../server/db/executor.ts'
import { documents } from '../server/db/schema.ts'
import { openSqlite } from '../server/db/sqlite.ts'
import { SqliteExecutor } from '../server/db/sqliteExecutor.ts'
import { encodeSyncStep1 } from '../shared/protocolMessages.ts'
import { createTester, ensureDocument } from '../tests/helpers/fixtures.ts'

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback
}

const root = path.resolve(option('root', path.resolve(import.meta.dirname, '..')))
const targetBytes = Math.round(Number(option('mib', '3.9')) * 1024 * 1024)
const readers = Number(option('readers', '60'))

function rssMib(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A client frame (masked, binary) carrying sync step 1 with an empty state vector. */
function syncStep1Frame(): Buffer {
  const payload = Buffer.from(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
  const mask = crypto.randomBytes(4)
  const masked = Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)))
  return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length]), mask, masked])
}

/** Opens a websocket by hand, asks for the document, then stops reading forever. */
function stalledReader(port: number, documentId: string, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET /collab/${documentId}?token=${encodeURIComponent(token)} HTTP/1.1\r\n` +
          `Host: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      )
    })
    socket.once('data', (head) => {
      if (!head.toString().startsWith('HTTP/1.1 101')) {
        reject(new Error(`upgrade refused: ${head.toString().split('\r\n')[0]}`))
        return
      }
      socket.write(syncStep1Frame())
      socket.pause()
      resolve(socket)
    })
    socket.once('error', reject)
  })
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-slow-'))
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    JIBEI_SEED: 'none',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const closes = new Map<string, number>()
const port = await new Promise<number>((resolve) => {
  readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number; code?: number }
      if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port)
      if (entry.msg === 'closing collaboration connection') {
        const key = String(entry.code)
        closes.set(key, (closes.get(key) ?? 0) + 1)
      }
    } catch {
      // not a log line
    }
  })
})
const pid = child.pid ?? 0

const sqlite = openSqlite(dataDir)
const db = kyselyOver(new SqliteExecutor(sqlite.connection))
const owner = await createTester(db, 'owner')
const viewer = await createTester(db, 'viewer')
ensureDocument(sqlite.db, owner, 'big-plan')
sqlite.db
  .update(documents)
  .set({ visibility: 'alliance' })
  .where(eq(documents.id, 'big-plan'))
  .run()

const doc = new Y.Doc()
const editor = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, 'big-plan', doc, {
  WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  disableBc: true,
  params: { token: owner.token },
})
await new Promise<void>((resolve) => editor.once('sync', () => resolve()))
const text = doc.getText('body')
const chunk = 'x'.repeat(64 * 1024)
const started = Date.now()
let refused = false
editor.on('connection-close', (event: { code?: number } | null) => {
  refused = true
  console.log(`editor closed with ${event?.code}`)
})
let inserted = 0
while (!refused && inserted < targetBytes) {
  text.insert(text.length, chunk)
  inserted += chunk.length
  await sleep(5)
}
editor.destroy()
const planBytes = Y.encodeStateAsUpdate(doc).byteLength
console.log(`plan grown to ${(planBytes / 1048576).toFixed(1)} MiB in ${Date.now() - started} ms`)
await sleep(3000)

const before = rssMib(pid)
const sockets: net.Socket[] = []
let upgradeRefusals = 0
for (let index = 0; index < readers; index++) {
  try {
    sockets.push(await stalledReader(port, 'big-plan', viewer.token))
  } catch {
    upgradeRefusals += 1
  }
}
let peak = before
for (let sample = 0; sample < 100; sample++) {
  peak = Math.max(peak, rssMib(pid))
  await sleep(100)
}
const health = await fetch(`http://127.0.0.1:${port}/api/health`).then(
  (response) => response.status,
)
console.log(
  JSON.stringify({
    root,
    planMiB: Number((planBytes / 1048576).toFixed(2)),
    readers,
    upgradeRefusals,
    rssBeforeMiB: Math.round(before),
    rssPeakMiB: Math.round(peak),
    closedByServer: Object.fromEntries(closes),
    health,
  }),
)
for (const socket of sockets) socket.destroy()
child.kill('SIGTERM')
sqlite.connection.close()
process.exit(0)
