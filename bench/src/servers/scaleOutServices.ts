/**
 * The bench's side of the PostgreSQL and Redis that Jibei's scale-out runs on: a schema and a
 * key prefix of its own per run, statistics read from PostgreSQL, and the clean-up afterwards.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Redis as RedisClient } from 'ioredis'
import type Pg from 'pg'
import { ROOT_DIR } from '../paths.ts'
import type { JibeiScaleOut } from './targets.ts'

// The app's packages (built for this Node), never copies under bench/node_modules.
const rootRequire = createRequire(path.join(ROOT_DIR, 'package.json'))
const pg = rootRequire('pg') as typeof Pg
const { Redis } = rootRequire('ioredis') as { Redis: typeof RedisClient }

/** PostgreSQL and Redis URLs: DATABASE_URL / REDIS_URL of the bench's environment, else local. */
export function scaleOutUrls(): { databaseUrl: string; redisUrl: string } {
  return {
    databaseUrl: process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
  }
}

/** Settings for one run: a fresh schema `bench_<hex>` and Redis prefix `bench-<hex>:`. */
export function freshScaleOut(): Required<JibeiScaleOut> {
  const { databaseUrl, redisUrl } = scaleOutUrls()
  const suffix = randomBytes(5).toString('hex')
  return {
    postgres: { url: databaseUrl, schema: `bench_${suffix}` },
    redis: { url: redisUrl, prefix: `bench-${suffix}:` },
  }
}

async function withClient<T>(url: string, work: (client: Pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * The last value handed out by the sequence of serial column `column` of `schema`.`table` (0
 * before the first insert): in a fresh schema, the number of rows ever inserted, deleted
 * (compacted) ones included.
 */
export function lastSerial(
  url: string,
  schema: string,
  table: string,
  column: string,
): Promise<number> {
  return withClient(url, async (client) => {
    const name = await client.query<{ sequence: string | null }>(
      'select pg_get_serial_sequence($1, $2) as sequence',
      [`${schema}.${table}`, column],
    )
    const sequence = name.rows[0]?.sequence
    if (!sequence) throw new Error(`${schema}.${table}.${column} has no sequence`)
    const result = await client.query<{ value: string }>(
      `select (case when is_called then last_value else 0 end)::text as value from ${sequence}`,
    )
    return Number(result.rows[0]?.value ?? 0)
  })
}

/** "PostgreSQL 15.x, Redis 7.x" as the servers report themselves. */
export async function serviceVersions(scaleOut: Required<JibeiScaleOut>): Promise<string> {
  const postgres = await withClient(scaleOut.postgres.url, async (client) => {
    const result = await client.query<{ server_version: string }>('show server_version')
    return result.rows[0]?.server_version ?? '?'
  })
  const redis = new Redis(scaleOut.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  try {
    const info = await redis.info('server')
    return `PostgreSQL ${postgres}, Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'}`
  } finally {
    await redis.quit()
  }
}

/** Drops the run's schema and deletes the Redis keys under its prefix. */
export async function dropScaleOut(scaleOut: Required<JibeiScaleOut>): Promise<void> {
  await withClient(scaleOut.postgres.url, (client) =>
    client.query(`drop schema if exists ${scaleOut.postgres.schema} cascade`),
  )
  const redis = new Redis(scaleOut.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  await redis.connect()
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${scaleOut.redis.prefix}*`)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    await redis.quit()
  }
}
