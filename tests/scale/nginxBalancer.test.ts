import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { kyselyOver } from '../../server/db/executor.ts'
import { createPgExecutor } from '../../server/db/pgExecutor.ts'
import { createTester, ensureDocumentAsync, type Tester } from '../helpers/fixtures.ts'
import { freePort } from '../helpers/ports.ts'
import { createTestPostgres, DATABASE_URL, type TestPostgres } from '../helpers/postgres.ts'
import { upgradeStatus } from '../helpers/rawSocket.ts'
import { type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'

const NGINX = '/usr/sbin/nginx'
const REDIS_URL = process.env.REDIS_URL || undefined
const TEMPLATE = path.resolve(import.meta.dirname, '../../server/cluster/nginx.conf')

const skipReason = !existsSync(NGINX)
  ? `${NGINX} is not installed (apt-get install nginx)`
  : !DATABASE_URL || !REDIS_URL
    ? 'DATABASE_URL and REDIS_URL are required'
    : null
if (skipReason) console.log(`nginxBalancer.test.ts skipped: ${skipReason}`)

/** Replaces `pattern` in `text`, failing loudly when the template no longer has it. */
function replaceRequired(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`server/cluster/nginx.conf has no match for ${pattern}`)
  return text.replace(pattern, replacement)
}

/**
 * server/cluster/nginx.conf with the instances' ports, a local listen port, one worker (so
 * round-robin alternates predictably) and every file nginx writes inside `dir`.
 */
function renderConfig(template: string, ports: readonly number[], listenPort: number, dir: string) {
  let config = template
  config = replaceRequired(config, /127\.0\.0\.1:3000/g, `127.0.0.1:${ports[0]}`)
  config = replaceRequired(config, /127\.0\.0\.1:3001/g, `127.0.0.1:${ports[1]}`)
  config = replaceRequired(config, /^\s*listen 80;/m, `listen 127.0.0.1:${listenPort};`)
  config = replaceRequired(config, /^user .*;$/m, '')
  config = replaceRequired(config, /^worker_processes .*;$/m, 'worker_processes 1;')
  config = replaceRequired(config, /^pid .*;$/m, `pid ${dir}/nginx.pid;`)
  config = replaceRequired(config, /^error_log .*;$/m, `error_log ${dir}/error.log info;`)
  config = replaceRequired(config, /access_log \S+ jibei;/, `access_log ${dir}/access.log jibei;`)
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `    ${kind}_temp_path ${dir}/${kind}_temp;`)
    .join('\n')
  return replaceRequired(config, /^http \{$/m, `http {\n${temp}`)
}

/** Opens a websocket and resolves with its first message (registered before the upgrade). */
function firstFrame(url: string): Promise<{ ws: WebSocket; frame: Buffer }> {
  const ws = new WebSocket(url)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`no frame from ${url} in time`))
    }, 10_000)
    ws.once('message', (data: Buffer) => {
      clearTimeout(timer)
      resolve({ ws, frame: data })
    })
    ws.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

/** The upstream addresses nginx logged for requests whose path starts with `pathPrefix`. */
async function upstreamsOf(dir: string, pathPrefix: string): Promise<string[]> {
  const log = await fs.readFile(path.join(dir, 'access.log'), 'utf8')
  return log
    .split('\n')
    .filter((line) => line.includes(`"GET ${pathPrefix}`))
    .map((line) => /upstream=(\S+)/.exec(line)?.[1] ?? '')
}

describe.skipIf(skipReason !== null)(
  'nginx (server/cluster/nginx.conf) in front of two instances',
  () => {
    const redisPrefix = `jibei-test-${randomBytes(4).toString('hex')}:`
    let dir = ''
    let postgres: TestPostgres | undefined
    let tester: Tester
    const documentId = `nginx-${randomBytes(4).toString('hex')}`
    const servers: ServerProcess[] = []
    let nginx: ChildProcess | undefined
    let nginxExited: Promise<void> = Promise.resolve()
    let base = ''

    beforeAll(async () => {
      if (!DATABASE_URL || !REDIS_URL) return
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'jibei-nginx-'))
      // nginx's workers run as an unprivileged user when the tests run as root.
      await fs.chmod(dir, 0o755)
      postgres = await createTestPostgres(DATABASE_URL)
      const db = kyselyOver(createPgExecutor(postgres.handle.pool))
      tester = await createTester(db)
      await ensureDocumentAsync(db, tester, documentId)
      const env = {
        DATABASE_URL,
        DATABASE_SCHEMA: postgres.schemaName,
        REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        TRUST_PROXY: '1',
      }
      servers.push(...(await Promise.all([spawnServer(dir, env), spawnServer(dir, env)])))
      const listenPort = await freePort()
      const config = renderConfig(
        await fs.readFile(TEMPLATE, 'utf8'),
        servers.map((server) => server.port),
        listenPort,
        dir,
      )
      const configFile = path.join(dir, 'nginx.conf')
      await fs.writeFile(configFile, config)
      const child = spawn(NGINX, ['-p', dir, '-c', configFile, '-g', 'daemon off;'], {
        stdio: ['ignore', 'inherit', 'inherit'],
      })
      nginx = child
      nginxExited = new Promise((resolve) => child.once('exit', () => resolve()))
      base = `http://127.0.0.1:${listenPort}`
      await vi.waitFor(
        async () => expect((await fetch(`${base}/api/health`)).status === 200).toBe(true),
        { timeout: 15_000, interval: 100 },
      )
    })

    afterAll(async () => {
      nginx?.kill('SIGTERM')
      await nginxExited
      for (const server of servers) server.child.kill('SIGTERM')
      await Promise.all(servers.map((server) => server.exited))
      await postgres?.drop()
      if (REDIS_URL) {
        const redis = new Redis(REDIS_URL)
        const keys = await redis.keys(`${redisPrefix}*`)
        if (keys.length > 0) await redis.del(...keys)
        redis.disconnect()
      }
      if (dir) await fs.rm(dir, { recursive: true, force: true })
    })

    it('answers the health check round-robin from both instances', async () => {
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${base}/api/health`)
        expect(response.status).toBe(200)
        expect(((await response.json()) as { ok: unknown }).ok).toBe(true)
      }
      const upstreams = new Set(await upstreamsOf(dir, '/api/health'))
      expect(upstreams).toEqual(new Set(servers.map((server) => `127.0.0.1:${server.port}`)))
    })

    it('upgrades a token websocket through nginx and the server speaks first (sync step 1)', async () => {
      const url = `${base.replace('http', 'ws')}/collab/${documentId}`
      expect(await upgradeStatus(url)).toBe(401)
      const { ws, frame } = await firstFrame(`${url}?token=${encodeURIComponent(tester.token)}`)
      expect([frame[0], frame[1]]).toEqual([0, 0])
      ws.close()
    })

    it('sends every request of one live session to one instance, and starts sessions unredirected', async () => {
      const headers = { Authorization: `Bearer ${tester.token}` }
      for (let i = 0; i < 6; i++) {
        const response = await fetch(`${base}/api/sessions/no-such-session`, { headers })
        expect(response.status).toBe(404)
      }
      expect(new Set(await upstreamsOf(dir, '/api/sessions/no-such-session')).size).toBe(1)
      const start = await fetch(`${base}/api/sessions`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: '{}',
        redirect: 'manual',
      })
      expect(start.status).toBe(400)
    })

    it('keeps answering when an instance dies', async () => {
      const victim = servers[1]
      if (!victim) throw new Error('no second instance')
      victim.child.kill('SIGKILL')
      await victim.exited
      for (let i = 0; i < 6; i++) {
        expect((await fetch(`${base}/api/health`)).status).toBe(200)
        expect(
          (
            await fetch(`${base}/api/sessions/other-session`, {
              headers: { Authorization: `Bearer ${tester.token}` },
            })
          ).status,
        ).toBe(404)
      }
    })
  },
)
