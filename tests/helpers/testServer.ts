import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLogger, type Logger } from '../../server/logger.ts'
import { type RunningServer, type StartOptions, startServer } from '../../server/server.ts'
import { createTester, ensureDocument, ensureDocumentAsync, type Tester } from './fixtures.ts'
import type { CollabTarget } from './providers.ts'
import { newTestSchemaName, TEST_SERVER_ENGINE } from './serverEngine.ts'

/** A fresh, empty data folder under the OS temp dir. */
export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-test-'))
}

/** Settings for an in-process test server. */
export interface TestServerOptions extends StartOptions {
  dataDir?: string
  unloadGraceMs?: number
  /** Folder of the built client to serve; none by default. */
  clientDir?: string
  /** Seed the demo alliance (off by default in tests). */
  seedDemo?: boolean
  /** Extra allowed origins. */
  allowedOrigins?: string[]
  trustProxy?: boolean
  /** Connection limits (the server's defaults otherwise). */
  maxConnectionsPerUser?: number
  maxConnectionsPerDocument?: number
  /** Documents one account may create per hour (the server's default otherwise). */
  documentsPerHour?: number
  /** The server's logger (a silent one by default). */
  logger?: Logger
  /** Redis to relay through, for several in-process instances on one PostgreSQL schema. */
  redis?: { url: string; prefix: string }
}

/** A server started in this process on port 0, with a test account. */
export interface TestServer extends RunningServer, CollabTarget {
  dataDir: string
  httpUrl: string
  /** The test account (created on the first start of a data folder). */
  tester: Tester
}

const testers = new Map<string, Tester>()

/** The PostgreSQL schema of each data folder (when the tests run on PostgreSQL). */
const schemas = new Map<string, string>()

/** Where a data folder's metadata lives: its SQLite file, or its own PostgreSQL schema. */
function databaseOf(dataDir: string): { databaseUrl?: string; databaseSchema?: string } {
  if (TEST_SERVER_ENGINE === 'sqlite') return {}
  let schema = schemas.get(dataDir)
  if (!schema) {
    schema = newTestSchemaName()
    schemas.set(dataDir, schema)
  }
  return { databaseUrl: process.env.DATABASE_URL as string, databaseSchema: schema }
}

/** One test account per data folder, kept across restarts of the server on that folder. */
async function testerFor(running: RunningServer, dataDir: string): Promise<Tester> {
  let tester = testers.get(dataDir)
  if (!tester) {
    tester = await createTester(running.kdb)
    testers.set(dataDir, tester)
  }
  return tester
}

/** Starts the server in-process on a free port over `dataDir`'s database. */
function startRunning(dataDir: string, options: TestServerOptions): Promise<RunningServer> {
  return startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      ...databaseOf(dataDir),
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      unloadGraceMs: options.unloadGraceMs ?? 30_000,
      clientDir: options.clientDir ?? path.join(dataDir, 'no-client'),
      allowedOrigins: options.allowedOrigins ?? [],
      trustProxy: options.trustProxy ?? false,
      seedDemo: options.seedDemo ?? false,
      ...(options.maxConnectionsPerUser
        ? { maxConnectionsPerUser: options.maxConnectionsPerUser }
        : {}),
      ...(options.maxConnectionsPerDocument
        ? { maxConnectionsPerDocument: options.maxConnectionsPerDocument }
        : {}),
      ...(options.documentsPerHour ? { documentsPerHour: options.documentsPerHour } : {}),
      ...(options.redis ? { redisUrl: options.redis.url, redisPrefix: options.redis.prefix } : {}),
    },
    options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    options,
  )
}

/**
 * The environment a child process (the operator CLI) needs to open the same database as the
 * test servers of `dataDir`: its folder, and on PostgreSQL the URL and the folder's schema.
 */
export function databaseEnvOf(dataDir: string): Record<string, string> {
  const database = databaseOf(dataDir)
  return {
    DATA_DIR: dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...(database.databaseSchema ? { DATABASE_SCHEMA: database.databaseSchema } : {}),
  }
}

/** A test server started without the test account (a first run on an empty database). */
export interface BareTestServer extends RunningServer {
  dataDir: string
  httpUrl: string
}

/** Starts the real server in-process like {@link startTestServer}, but creates no account. */
export async function startBareTestServer(
  options: TestServerOptions = {},
): Promise<BareTestServer> {
  const dataDir = options.dataDir ?? makeDataDir()
  const running = await startRunning(dataDir, options)
  return { ...running, dataDir, httpUrl: `http://127.0.0.1:${running.port}` }
}

/** Starts the real server in-process on a free port with its own SQLite file. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir()
  const running = await startRunning(dataDir, options)
  const tester = await testerFor(running, dataDir)
  const sqlite = running.sqlite
  // On PostgreSQL the check-then-insert is asynchronous: providers opening one document at once
  // share one creation instead of racing to insert the same row.
  const ensuring = new Map<string, Promise<void>>()
  const ensureOnPostgres = (documentId: string): Promise<void> => {
    let ensured = ensuring.get(documentId)
    if (!ensured) {
      ensured = ensureDocumentAsync(running.kdb, tester, documentId)
      ensuring.set(documentId, ensured)
    }
    return ensured
  }
  return {
    ...running,
    dataDir,
    tester,
    token: tester.token,
    collabUrl: `ws://127.0.0.1:${running.port}/collab`,
    httpUrl: `http://127.0.0.1:${running.port}`,
    ensureDocument: (documentId) =>
      sqlite ? ensureDocument(sqlite, tester, documentId) : ensureOnPostgres(documentId),
  }
}
