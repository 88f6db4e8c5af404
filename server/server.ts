import fs from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { commentsRoomOf } from '../shared/comments/rooms.ts'
import { authorizeUpgrade } from './auth/authorizeUpgrade.ts'
import { type LoginThrottle, MemoryLoginThrottle } from './auth/LoginThrottle.ts'
import type { CompactionPolicy } from './collab/CollabDocument.ts'
import { ConnectionIndex } from './collab/ConnectionIndex.ts'
import { attachCollabEndpoint, type CollabEndpoint } from './collab/collabEndpoint.ts'
import { DocumentRegistry } from './collab/DocumentRegistry.ts'
import { recheckConnections } from './collab/recheckAccess.ts'
import type { ServerConfig } from './config.ts'
import { ContentDeriver, type DeriveTiming } from './content/ContentDeriver.ts'
import { type AppDb, createAppDb, type SqlExecutor } from './db/appDb.ts'
import { openSqlite, type SqliteDb } from './db/sqlite.ts'
import { SqliteExecutor } from './db/sqliteExecutor.ts'
import { createHttpApp } from './http/app.ts'
import { reindexLibrary } from './library/libraryCommands.ts'
import type { Logger } from './logger.ts'
import { LibrarySearchIndex } from './search/LibrarySearchIndex.ts'
import { seedDemoAlliance } from './seed/seedDemo.ts'
import { SessionHub } from './sessions/SessionHub.ts'
import type { DocumentStore } from './storage/DocumentStore.ts'
import { SqliteDocumentStore } from './storage/SqliteDocumentStore.ts'

/** Optional seams for tests and embedding. */
export interface StartOptions {
  /** Wraps the document store (for instance to count or delay loads in a test). */
  wrapStore?: (store: DocumentStore) => DocumentStore
  compaction?: CompactionPolicy
  /** Replaces the in-memory login throttle (tests use a short window). */
  throttle?: LoginThrottle
  /** How soon plan content is derived after changes (tests shorten it). */
  deriveTiming?: DeriveTiming
}

/** A running Jibei server. */
export interface RunningServer {
  port: number
  registry: DocumentRegistry
  store: DocumentStore
  endpoint: CollabEndpoint
  /** The metadata database, as the server uses it. */
  db: AppDb
  /** Runs `db`'s statements and transactions. */
  executor: SqlExecutor
  /** The same SQLite file through synchronous Drizzle (for tests' inspection). */
  sqlite: SqliteDb
  connections: ConnectionIndex
  /** Stops accepting, closes connections, writes everything, closes the database. */
  close(): Promise<void>
}

/** Opens the database, migrates it, and serves HTTP and websockets on one port. */
export async function startServer(
  config: ServerConfig,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const sqlite = openSqlite(config.dataDir)
  const uploadsDir = path.join(config.dataDir, 'uploads')
  fs.mkdirSync(uploadsDir, { recursive: true })
  const executor = new SqliteExecutor(sqlite.connection)
  const db = createAppDb(executor)
  const baseStore = new SqliteDocumentStore(sqlite)
  const store = options.wrapStore ? options.wrapStore(baseStore) : baseStore
  const deriver = new ContentDeriver(db, executor, log, options.deriveTiming)
  const registry = new DocumentRegistry({
    store,
    log,
    unloadGraceMs: config.unloadGraceMs,
    onChanged: (document) => deriver.changed(document),
    beforeUnload: (document) => deriver.flush(document.id),
    ...(options.compaction ? { compaction: options.compaction } : {}),
  })
  const sessions = new SessionHub({ db, executor, registry, log })
  const librarySearch = LibrarySearchIndex.ensure(sqlite.connection)
  if ((await librarySearch.count()) === 0) {
    const reindexed = await reindexLibrary(db, executor, librarySearch)
    if (reindexed > 0) log.info({ entries: reindexed }, 'rebuilt the library search index')
  }
  if (config.seedDemo) await seedDemoAlliance(db, executor, store, librarySearch, log)
  let ready = false
  const connections = new ConnectionIndex()
  const app = createHttpApp({
    isReady: () => ready,
    clientDir: config.clientDir,
    services: {
      db,
      executor,
      uploadsDir,
      store,
      registry,
      sessions,
      librarySearch,
      throttle: options.throttle ?? new MemoryLoginThrottle(),
      connections,
      log,
      allowedOrigins: config.allowedOrigins,
      trustProxy: config.trustProxy,
      recheckAccess: async (userIds) => {
        const ids = [...userIds]
        for (const userId of ids) {
          await recheckConnections(db, connections.connectionsOf(userId))
        }
        await sessions.recheckUsers(ids)
      },
      recheckDocument: async (documentId) => {
        const open = registry.get(documentId)
        if (open) await recheckConnections(db, [...open.connections])
        const comments = registry.get(commentsRoomOf(documentId))
        if (comments) await recheckConnections(db, [...comments.connections])
        await sessions.recheckDocument(documentId)
      },
    },
  })

  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(created as Server),
    ) as Server
    created.once('error', reject)
  })
  const endpoint = attachCollabEndpoint(
    server,
    registry,
    log,
    (request, documentId) =>
      authorizeUpgrade({ db, allowedOrigins: config.allowedOrigins }, request, documentId),
    connections,
  )
  const port = (server.address() as AddressInfo).port
  ready = true
  log.info({ port, host: config.host, database: sqlite.file }, 'listening')

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ready = false
      endpoint.stop()
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await sessions.close()
      await registry.closeAll()
      server.closeAllConnections()
      await httpClosed
      await executor.close()
      await store.close()
      log.info('stopped')
    })()
    return closing
  }
  return { port, registry, store, endpoint, db, executor, sqlite: sqlite.db, connections, close }
}
