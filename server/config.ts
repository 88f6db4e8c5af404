import path from 'node:path'
import {
  DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
  DEFAULT_MAX_CONNECTIONS_PER_USER,
  DOCUMENTS_PER_DAY,
  DOCUMENTS_PER_HOUR,
} from '../shared/limits.ts'

/** Server settings, read from the environment (see README, "Configuration"). */
export interface ServerConfig {
  /** TCP port; 0 picks a free one. `PORT`, default 3000. */
  port: number
  /** Interface to bind. `HOST`, default `0.0.0.0`. */
  host: string
  /** Folder holding the SQLite file. `DATA_DIR`, default `./data`. */
  dataDir: string
  /** pino level. `LOG_LEVEL`, default `info`. */
  logLevel: string
  /** Milliseconds an idle document stays open after its last client left. `DOC_UNLOAD_GRACE_MS`, default 30000. */
  unloadGraceMs: number
  /** Folder with the built client, served at `/`. `CLIENT_DIR`, default `./dist/client`. */
  clientDir: string
  /** Extra origins allowed besides the server's own (comma-separated `ALLOWED_ORIGINS`). */
  allowedOrigins: string[]
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` from a proxy in front. `TRUST_PROXY=1`, default off. */
  trustProxy: boolean
  /** Documents one user may create per hour. `DOCUMENTS_PER_HOUR`, default 60. */
  documentsPerHour?: number
  /** Documents one user may create per day. `DOCUMENTS_PER_DAY`, default 200. */
  documentsPerDay?: number
  /** Open collaboration websockets allowed per user. `MAX_CONNECTIONS_PER_USER`, default 64. */
  maxConnectionsPerUser?: number
  /** Open collaboration websockets allowed per document. `MAX_CONNECTIONS_PER_DOCUMENT`, default 500. */
  maxConnectionsPerDocument?: number
  /** The origin people open, e.g. `https://jibei.example.edu.cn` (`PUBLIC_URL`), for printed links. */
  publicUrl?: string
  /** Seed the demo alliance into an empty database. `JIBEI_SEED=none` turns it off. */
  seedDemo: boolean
  /** PostgreSQL instead of the SQLite file when set (`DATABASE_URL`, `postgres://…`). */
  databaseUrl?: string
  /** PostgreSQL schema holding the tables (`DATABASE_SCHEMA`, default `public`). */
  databaseSchema?: string
  /** Redis for relaying between instances, the login throttle and revocations (`REDIS_URL`). */
  redisUrl?: string
  /** Prefix of every Redis key and channel (`REDIS_PREFIX`, default `jibei:`). */
  redisPrefix?: string
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`)
  }
  return value
}

/** Reads and validates the settings; throws with a clear message on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = readInteger(env, 'PORT', 3000, 0)
  if (port > 65535) throw new Error(`PORT must be ≤ 65535, got "${env.PORT}"`)
  const logLevel = env.LOG_LEVEL || 'info'
  if (!LOG_LEVELS.has(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, got "${logLevel}"`)
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel,
    unloadGraceMs: readInteger(env, 'DOC_UNLOAD_GRACE_MS', 30_000, 0),
    clientDir: path.resolve(env.CLIENT_DIR || './dist/client'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean),
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase()),
    seedDemo: (env.JIBEI_SEED ?? 'demo') !== 'none',
    ...readPublicUrl(env),
    maxConnectionsPerUser: readInteger(
      env,
      'MAX_CONNECTIONS_PER_USER',
      DEFAULT_MAX_CONNECTIONS_PER_USER,
      1,
    ),
    maxConnectionsPerDocument: readInteger(
      env,
      'MAX_CONNECTIONS_PER_DOCUMENT',
      DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
      1,
    ),
    documentsPerHour: readInteger(env, 'DOCUMENTS_PER_HOUR', DOCUMENTS_PER_HOUR, 1),
    documentsPerDay: readInteger(env, 'DOCUMENTS_PER_DAY', DOCUMENTS_PER_DAY, 1),
    ...readScaleOut(env),
  }
}

/** The optional PostgreSQL and Redis settings (absent keys when unset). */
function readScaleOut(
  env: NodeJS.ProcessEnv,
): Pick<ServerConfig, 'databaseUrl' | 'databaseSchema' | 'redisUrl' | 'redisPrefix'> {
  const settings: Pick<
    ServerConfig,
    'databaseUrl' | 'databaseSchema' | 'redisUrl' | 'redisPrefix'
  > = {}
  const databaseUrl = env.DATABASE_URL?.trim()
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    }
    settings.databaseUrl = databaseUrl
  }
  const schema = env.DATABASE_SCHEMA?.trim()
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw new Error(`DATABASE_SCHEMA must be a lower-case SQL name, got "${schema}"`)
    }
    settings.databaseSchema = schema
  }
  const redisUrl = env.REDIS_URL?.trim()
  if (redisUrl) {
    if (!/^rediss?:\/\//.test(redisUrl)) throw new Error('REDIS_URL must be a redis:// URL')
    settings.redisUrl = redisUrl
  }
  const prefix = env.REDIS_PREFIX?.trim()
  if (prefix) settings.redisPrefix = prefix
  return settings
}

/** `PUBLIC_URL`, validated and without a trailing slash (absent when unset). */
function readPublicUrl(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'publicUrl'> {
  const raw = env.PUBLIC_URL?.trim()
  if (!raw) return {}
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`PUBLIC_URL must be a URL such as https://jibei.example.org, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must start with http:// or https://, got "${raw}"`)
  }
  return { publicUrl: url.origin }
}
