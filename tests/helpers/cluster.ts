import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { Redis } from 'ioredis'
import { kyselyOver } from '../../server/db/executor.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import { closePostgres, type PostgresHandle } from '../../server/db/pg/postgres.ts'
import { openPostgresApp } from '../../server/db/pgExecutor.ts'
import { loadState } from '../../server/storage/loadState.ts'
import { PostgresDocumentStore } from '../../server/storage/PostgresDocumentStore.ts'
import { createTester, ensureDocumentAsync, type Tester } from './fixtures.ts'
import { dropSchema } from './postgres.ts'
import type { CollabTarget } from './providers.ts'
import { type ServerProcess, spawnServer } from './serverProcess.ts'
import { type HttpResult, type HttpTarget, httpRequest } from './signIn.ts'
import { makeDataDir } from './testServer.ts'

/** The PostgreSQL and Redis the scale-out tests run against (from the environment). */
export interface ScaleEnvironment {
  databaseUrl: string
  redisUrl: string
}

/** DATABASE_URL and REDIS_URL of the test process, or null when either is missing. */
export function scaleEnvironment(): ScaleEnvironment | null {
  const databaseUrl = process.env.DATABASE_URL?.trim()
  const redisUrl = process.env.REDIS_URL?.trim()
  return databaseUrl && redisUrl ? { databaseUrl, redisUrl } : null
}

/**
 * Why a scale-out test file cannot run (null when it can); the file prints it (console.warn)
 * and skips its suite.
 */
export function scaleSkipReason(file: string): string | null {
  if (scaleEnvironment()) return null
  const reason = `${file} skipped: the scale-out tests need DATABASE_URL (postgres://…) and REDIS_URL (redis://…)`
  console.warn(reason)
  return reason
}

/** Several server processes on one fresh PostgreSQL schema and one Redis key prefix. */
export interface TestCluster {
  readonly schemaName: string
  readonly redisPrefix: string
  /** The app's database, from the test process (same schema as the instances). */
  readonly db: AppKysely
  /** A test account with an API token, usable on every instance. */
  readonly tester: Tester
  /** The instance currently running at `index` (replaced by `restart`). */
  server(index: number): ServerProcess
  /** `http://127.0.0.1:<port>` of an instance. */
  httpTarget(index: number): HttpTarget
  /**
   * A collaboration target on an instance, with the tester's token, for its current port.
   * Documents must exist beforehand (`ensureDocument`): the target's own is a no-op.
   */
  target(index: number): CollabTarget
  /** Creates a private document of the tester with this id, unless it exists. */
  ensureDocument(documentId: string): Promise<void>
  /** What PostgreSQL holds for a document (snapshot and log merged), read by the test process. */
  storedState(documentId: string): Promise<Uint8Array>
  /** GET /api/health of an instance. */
  health(index: number): Promise<HttpResult>
  /** Kills an instance with SIGKILL and waits for it to be gone. */
  kill(index: number): Promise<void>
  /** Starts an instance again with the same environment (a new port). */
  restart(index: number): Promise<ServerProcess>
  /** Stops every instance, drops the schema and deletes the Redis keys. */
  close(): Promise<void>
}

/** How long an instance gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000

async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), STOP_GRACE_MS)
  await server.exited
  clearTimeout(timer)
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    await redis.quit()
  }
}

/**
 * Starts `count` instances of `server/main.ts` on PostgreSQL (schema `jibei_scale_<hex>`) and
 * Redis (prefix `jibei-scale-<hex>:`): the first alone (it creates and migrates the schema),
 * the others together. Then opens the app's database from the test process and creates the
 * test account. `extraEnv` is passed to every instance.
 */
export async function startCluster(
  count: number,
  options: { extraEnv?: Record<string, string> } = {},
): Promise<TestCluster> {
  const scale = scaleEnvironment()
  if (!scale) throw new Error('startCluster needs DATABASE_URL and REDIS_URL')
  const suffix = randomBytes(6).toString('hex')
  const schemaName = `jibei_scale_${suffix}`
  const redisPrefix = `jibei-scale-${suffix}:`
  const env: Record<string, string> = {
    DATABASE_URL: scale.databaseUrl,
    DATABASE_SCHEMA: schemaName,
    REDIS_URL: scale.redisUrl,
    REDIS_PREFIX: redisPrefix,
    ...options.extraEnv,
  }
  const dataDirs = Array.from({ length: count }, () => makeDataDir())
  const servers: Array<ServerProcess | undefined> = dataDirs.map(() => undefined)
  let handle: PostgresHandle | undefined

  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => (server ? stopProcess(server) : undefined)))
    if (handle) await closePostgres(handle).catch(() => undefined)
    await dropSchema(scale.databaseUrl, schemaName)
    await deleteRedisKeys(scale.redisUrl, redisPrefix)
    for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true })
  }

  const start = async (index: number): Promise<ServerProcess> => {
    const dataDir = dataDirs[index]
    if (dataDir === undefined) throw new Error(`no instance ${index}`)
    const server = await spawnServer(dataDir, env)
    servers[index] = server
    return server
  }

  try {
    await start(0)
    await Promise.all(dataDirs.slice(1).map((_, offset) => start(offset + 1)))
    const app = await openPostgresApp(scale.databaseUrl, { schemaName })
    handle = app.handle
    const db = kyselyOver(app.executor)
    const tester = await createTester(db)
    const store = new PostgresDocumentStore(app.handle)

    const server = (index: number): ServerProcess => {
      const running = servers[index]
      if (!running) throw new Error(`instance ${index} is not running`)
      return running
    }
    const httpTarget = (index: number): HttpTarget => ({
      httpUrl: `http://127.0.0.1:${server(index).port}`,
    })
    return {
      schemaName,
      redisPrefix,
      db,
      tester,
      server,
      httpTarget,
      target: (index) => ({
        collabUrl: server(index).collabUrl,
        token: tester.token,
        ensureDocument: () => undefined,
      }),
      ensureDocument: (documentId) => ensureDocumentAsync(db, tester, documentId),
      storedState: (documentId) => loadState(store, documentId),
      health: (index) => httpRequest(httpTarget(index), 'GET', '/api/health'),
      async kill(index) {
        const running = server(index)
        running.child.kill('SIGKILL')
        await running.exited
        servers[index] = undefined
      },
      async restart(index) {
        const running = servers[index]
        if (running) await stopProcess(running)
        return start(index)
      },
      close,
    }
  } catch (error) {
    await close().catch(() => undefined)
    throw error
  }
}
