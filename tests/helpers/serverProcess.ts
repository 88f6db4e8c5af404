import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { kyselyOver } from '../../server/db/executor.ts'
import { openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { createTester, ensureDocument, type Tester } from './fixtures.ts'
import type { CollabTarget } from './providers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** The real server running as a child process (so it can be killed). */
export interface ServerProcess {
  child: ChildProcess
  port: number
  collabUrl: string
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>
  /** Log lines the server printed (parsed JSON). */
  logs: Array<Record<string, unknown>>
  /** Plain-text lines the server printed on stdout (the start-up line with its link). */
  plainLines: string[]
}

/** Settings a test's own environment must not pass on to a server unless the test asks. */
const SCALE_OUT_VARIABLES = ['DATABASE_URL', 'DATABASE_SCHEMA', 'REDIS_URL', 'REDIS_PREFIX']

/** The test process's environment without the scale-out settings (SQLite, no Redis). */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of SCALE_OUT_VARIABLES) delete env[name]
  return env
}

/** The server's source entry (run through tsx) and the compiled one `npm start` runs. */
const ENTRIES = {
  source: ['--import', 'tsx', path.join(ROOT, 'server/main.ts')],
  built: ['--enable-source-maps', path.join(ROOT, 'dist/node/server/main.js')],
}

/**
 * Spawns the server on a free port with `dataDir`; resolves once it listens. It runs from
 * source unless `entry` is 'built' (then `npm run build:server` must have run), on SQLite
 * unless `env` names DATABASE_URL (and REDIS_URL) itself.
 */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  entry: keyof typeof ENTRIES = 'source',
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ENTRIES[entry], {
    cwd: ROOT,
    env: {
      ...inheritedEnv(),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      JIBEI_SEED: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Array<Record<string, unknown>> = []
  const plainLines: string[] = []
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        logs.push(entry)
        if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port)
      } catch {
        plainLines.push(line)
      }
    })
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening: ${stderr}`)),
    )
  })
  return { child, port, collabUrl: `ws://127.0.0.1:${port}/collab`, exited, logs, plainLines }
}

/**
 * A collaboration target for a server process: a test account and documents are written
 * straight into its SQLite file (WAL mode lets both processes use it). The account is kept per
 * data folder, so it survives restarts.
 */
export async function processTarget(server: ServerProcess, dataDir: string): Promise<CollabTarget> {
  let handle = handles.get(dataDir)
  if (!handle) {
    const sqlite = openSqlite(dataDir)
    handle = {
      sqlite,
      tester: await createTester(kyselyOver(new SqliteExecutor(sqlite.connection))),
    }
    handles.set(dataDir, handle)
  }
  const { sqlite, tester } = handle
  return {
    collabUrl: server.collabUrl,
    token: tester.token,
    ensureDocument: (documentId) => ensureDocument(sqlite.db, tester, documentId),
  }
}

const handles = new Map<string, { sqlite: SqliteHandle; tester: Tester }>()
