import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLogger } from '../../server/logger.ts'
import { type RunningServer, type StartOptions, startServer } from '../../server/server.ts'

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
}

/** A server started in this process on port 0. */
export interface TestServer extends RunningServer {
  dataDir: string
  /** `ws://127.0.0.1:<port>/collab`, the y-websocket `serverUrl`. */
  collabUrl: string
  httpUrl: string
}

/** Starts the real server in-process on a free port with its own SQLite file. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir()
  const running = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      unloadGraceMs: options.unloadGraceMs ?? 30_000,
      clientDir: options.clientDir ?? path.join(dataDir, 'no-client'),
    },
    createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    options,
  )
  return {
    ...running,
    dataDir,
    collabUrl: `ws://127.0.0.1:${running.port}/collab`,
    httpUrl: `http://127.0.0.1:${running.port}`,
  }
}
