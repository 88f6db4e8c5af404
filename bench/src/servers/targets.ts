import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Dialect } from '../load/protocol.ts'
import type { StockEndpoint } from '../load/StockWriter.ts'
import { BENCH_DIR, JIBEI_ENTRY, NODE22, ROOT_DIR, RUN_DIR } from '../paths.ts'
import { inspectArgument } from './collectGarbage.ts'
import { freePort, ServerProcess } from './ServerProcess.ts'

/** The servers compared. */
export type TargetName =
  | 'jibei'
  | 'jibei-baseline'
  | 'y-websocket-server'
  | 'hocuspocus'
  | 'hocuspocus-sqlite'

/** Options of one server start. */
export interface StartOptions {
  /** Reuse this data folder (to restart a persistent server on its data). */
  dataDir?: string
  /** Jibei log level (default warn). */
  logLevel?: string
  /** Jibei's DOC_UNLOAD_GRACE_MS (default: the server's own default, 30 s). */
  unloadGraceMs?: number
  /** Start with the Node inspector on this port (to ask for garbage collection). */
  inspectorPort?: number
  /** Jibei only: PostgreSQL and/or Redis instead of the SQLite file alone. */
  scaleOut?: JibeiScaleOut
}

/**
 * Jibei's scale-out settings: instances given the same ones share documents (PostgreSQL holds
 * them, Redis relays between the instances). Absent parts mean SQLite in the data folder, no Redis.
 */
export interface JibeiScaleOut {
  /** DATABASE_URL and DATABASE_SCHEMA (a schema of the bench's own, dropped after the run). */
  postgres?: { url: string; schema: string }
  /** REDIS_URL and REDIS_PREFIX (a prefix of the bench's own). */
  redis?: { url: string; prefix: string }
}

/** A server under test, started and ready. */
export interface RunningTarget {
  readonly name: TargetName
  readonly dialect: Dialect
  readonly process: ServerProcess
  readonly dataDir: string
  /**
   * Creates `count` documents the bench may edit; returns their names. Jibei creates them as
   * `kind` ('lesson_plan' starts from the plan template, 'other' empty like the references).
   */
  createDocuments(count: number, kind?: 'lesson_plan' | 'other'): Promise<string[]>
  /** Where a stock client connects for `documentName`. */
  stockEndpoint(documentName: string): StockEndpoint
  /** The websocket URL a raw client opens for `documentName`. */
  rawUrl(documentName: string): string
  /** Hocuspocus auth token for raw clients. */
  readonly rawToken: string
}

/** A server kind that can be started. */
export interface Target {
  readonly name: TargetName
  /** Whether it keeps documents across a restart. */
  readonly persistent: boolean
  start(options?: StartOptions): Promise<RunningTarget>
}

function freshDataDir(name: string): string {
  fs.mkdirSync(RUN_DIR, { recursive: true })
  return fs.mkdtempSync(path.join(RUN_DIR, `${name}-`))
}

/**
 * Jibei tokens per database (data folder, or PostgreSQL schema), so that a restart, or another
 * instance on the same schema, reuses the account.
 */
const jibeiTokens = new Map<string, string>()

function jibeiToken(dataDir: string, postgres: JibeiScaleOut['postgres']): string {
  const key = postgres ? `${postgres.url}#${postgres.schema}` : dataDir
  const known = jibeiTokens.get(key)
  if (known) return known
  const script = path.join(BENCH_DIR, 'src/servers/createJibeiAccount.ts')
  const where = postgres ? ['--postgres', postgres.url, postgres.schema] : [dataDir]
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...where], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`creating the Jibei account failed: ${result.stderr}`)
  const { token } = JSON.parse(result.stdout.trim()) as { token: string }
  jibeiTokens.set(key, token)
  return token
}

/** Jibei's scale-out variables, never inherited from the bench's own environment. */
const SCALE_OUT_VARIABLES = ['DATABASE_URL', 'DATABASE_SCHEMA', 'REDIS_URL', 'REDIS_PREFIX']

/** The environment a Jibei instance gets for `scaleOut` (SQLite without Redis when empty). */
function scaleOutEnv(scaleOut: JibeiScaleOut): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of SCALE_OUT_VARIABLES) delete env[name]
  if (scaleOut.postgres) {
    env.DATABASE_URL = scaleOut.postgres.url
    env.DATABASE_SCHEMA = scaleOut.postgres.schema
  }
  if (scaleOut.redis) {
    env.REDIS_URL = scaleOut.redis.url
    env.REDIS_PREFIX = scaleOut.redis.prefix
  }
  return env
}

async function createJibeiDocuments(
  port: number,
  token: string,
  count: number,
  kind: 'lesson_plan' | 'other',
): Promise<string[]> {
  const ids: string[] = []
  const createOne = async (index: number): Promise<void> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `bench ${index}`, kind }),
    })
    const body = (await response.json()) as { ok: boolean; id?: string }
    if (!response.ok || !body.id) throw new Error(`POST /api/documents: ${response.status}`)
    ids[index] = body.id
  }
  const parallel = 8
  for (let start = 0; start < count; start += parallel) {
    const batch: Promise<void>[] = []
    for (let index = start; index < Math.min(count, start + parallel); index++) {
      batch.push(createOne(index))
    }
    await Promise.all(batch)
  }
  return ids
}

/** The inspector flag when the start options ask for one. */
function inspectArguments(options: StartOptions): string[] {
  return options.inspectorPort === undefined ? [] : [inspectArgument(options.inspectorPort)]
}

/** The preload that lets a server without a SIGTERM handler write its profile. */
const EXIT_ON_SIGTERM = path.join(BENCH_DIR, 'src/servers/exitOnSigterm.cjs')

/**
 * `--cpu-prof` arguments when BENCH_CPU_PROF_DIR is set (profiles each server while the bench
 * runs). A reference server does not handle SIGTERM, and killed by it would write no profile:
 * it gets a preload that exits normally instead (Jibei shuts down gracefully by itself).
 */
function profileArguments(handlesSigterm: boolean): string[] {
  const folder = process.env.BENCH_CPU_PROF_DIR
  const profile = folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : []
  if (folder && !handlesSigterm) profile.push('--require', EXIT_ON_SIGTERM)
  // BENCH_HEAP_SIGNAL=1: SIGUSR2 writes a heap snapshot into the repository root.
  return process.env.BENCH_HEAP_SIGNAL ? [...profile, '--heapsnapshot-signal=SIGUSR2'] : profile
}

/**
 * Jibei's compiled server at `entry`. `jibei-baseline` is another build of it
 * (BENCH_BASELINE_ENTRY, e.g. a copy of dist/node made before a change), for comparing a change
 * with what it replaces in the same run.
 */
function jibeiTarget(name: 'jibei' | 'jibei-baseline', entry: () => string): Target {
  return {
    name,
    persistent: true,
    async start(options = {}) {
      const dataDir = options.dataDir ?? freshDataDir(name)
      const scaleOut = options.scaleOut ?? {}
      const token = jibeiToken(dataDir, scaleOut.postgres)
      const port = await freePort()
      const process_ = await ServerProcess.start({
        command: process.execPath,
        args: [
          ...profileArguments(true),
          ...inspectArguments(options),
          '--enable-source-maps',
          entry(),
        ],
        cwd: ROOT_DIR,
        env: {
          ...scaleOutEnv(scaleOut),
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: options.logLevel ?? 'warn',
          JIBEI_SEED: 'none',
          // Every simulated client signs in with the one bench token.
          MAX_CONNECTIONS_PER_USER: '100000',
          MAX_CONNECTIONS_PER_DOCUMENT: '100000',
          // The many-documents scenario creates thousands of plans with that one account.
          DOCUMENTS_PER_HOUR: '1000000',
          DOCUMENTS_PER_DAY: '1000000',
          NODE_OPTIONS: '',
          ...(options.unloadGraceMs === undefined
            ? {}
            : { DOC_UNLOAD_GRACE_MS: String(options.unloadGraceMs) }),
        },
        port,
      })
      return {
        name,
        dialect: 'yjs',
        process: process_,
        dataDir,
        rawToken: token,
        createDocuments: (count, kind = 'lesson_plan') =>
          createJibeiDocuments(port, token, count, kind),
        stockEndpoint: (documentName) => ({
          dialect: 'yjs',
          url: `ws://127.0.0.1:${port}/collab`,
          documentName,
          params: { token },
        }),
        rawUrl: (documentName) =>
          `ws://127.0.0.1:${port}/collab/${encodeURIComponent(documentName)}?token=${encodeURIComponent(token)}`,
      }
    },
  }
}

/** The baseline build named by BENCH_BASELINE_ENTRY. */
function baselineEntry(): string {
  const entry = process.env.BENCH_BASELINE_ENTRY
  if (!entry)
    throw new Error('jibei-baseline needs BENCH_BASELINE_ENTRY (a compiled server/main.js)')
  return path.resolve(entry)
}

/** Names of documents on servers that create them on first use. */
function documentNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `bench-${index}`)
}

const yWebsocketServer: Target = {
  name: 'y-websocket-server',
  persistent: false,
  async start(options = {}) {
    const dataDir = freshDataDir('yws')
    const port = await freePort()
    const process_ = await ServerProcess.start({
      command: process.execPath,
      args: [
        ...profileArguments(false),
        ...inspectArguments(options),
        path.join(BENCH_DIR, 'node_modules/@y/websocket-server/src/server.js'),
      ],
      cwd: BENCH_DIR,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), NODE_OPTIONS: '' },
      port,
    })
    return {
      name: 'y-websocket-server',
      dialect: 'yjs',
      process: process_,
      dataDir,
      rawToken: '',
      createDocuments: async (count) => documentNames(count),
      stockEndpoint: (documentName) => ({
        dialect: 'yjs',
        url: `ws://127.0.0.1:${port}`,
        documentName,
      }),
      rawUrl: (documentName) => `ws://127.0.0.1:${port}/${encodeURIComponent(documentName)}`,
    }
  },
}

function hocuspocus(name: 'hocuspocus' | 'hocuspocus-sqlite'): Target {
  const withSqlite = name === 'hocuspocus-sqlite'
  return {
    name,
    persistent: withSqlite,
    async start(options = {}) {
      const dataDir = options.dataDir ?? freshDataDir(name)
      const port = await freePort()
      const args = [
        ...profileArguments(false),
        ...inspectArguments(options),
        path.join(BENCH_DIR, 'src/servers/hocuspocusServer.ts'),
        '--port',
        String(port),
      ]
      if (withSqlite) args.push('--sqlite', path.join(dataDir, 'hocuspocus.sqlite'))
      const process_ = await ServerProcess.start({
        command: NODE22,
        args,
        cwd: BENCH_DIR,
        env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
        port,
      })
      return {
        name,
        dialect: 'hocuspocus',
        process: process_,
        dataDir,
        rawToken: '',
        createDocuments: async (count) => documentNames(count),
        stockEndpoint: (documentName) => ({
          dialect: 'hocuspocus',
          url: `ws://127.0.0.1:${port}`,
          documentName,
        }),
        rawUrl: () => `ws://127.0.0.1:${port}`,
      }
    },
  }
}

/** Every server kind, Jibei first. */
export const TARGETS: Record<TargetName, Target> = {
  jibei: jibeiTarget('jibei', () => JIBEI_ENTRY),
  'jibei-baseline': jibeiTarget('jibei-baseline', baselineEntry),
  'y-websocket-server': yWebsocketServer,
  hocuspocus: hocuspocus('hocuspocus'),
  'hocuspocus-sqlite': hocuspocus('hocuspocus-sqlite'),
}
