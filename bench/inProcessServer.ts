/**
 * The server as the in-process benches run it: SQLite in a temp folder, silent, no client,
 * with or without demo data; and a signed-in session cookie.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLogger } from '../server/logger.ts'
import { type RunningServer, startServer } from '../server/server.ts'

/** A bench's server: the running server, its base URL, and `close` (which removes the data). */
export interface BenchServer {
  server: RunningServer
  base: string
  close(): Promise<void>
}

/**
 * Starts the server in this process on a free port over a fresh SQLite folder, or over a
 * PostgreSQL schema when `database` names one (the caller drops the schema).
 */
export async function startBenchServer(
  name: string,
  seedDemo: boolean,
  database: { databaseUrl: string; databaseSchema: string } | null = null,
): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `jibei-${name}-bench-`))
  const server = await startServer(
    {
      ...(database ?? {}),
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: 'silent',
      unloadGraceMs: 30_000,
      clientDir: path.join(dataDir, 'no-client'),
      allowedOrigins: [],
      trustProxy: false,
      seedDemo,
    },
    createLogger('silent'),
  )
  return {
    server,
    base: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Signs `username` in and returns the session cookie (`name=value`). */
export async function signInCookie(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  })
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}
