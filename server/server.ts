import fs from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { commentsRoomOf } from '../shared/comments/rooms.ts'
import {
  DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
  DEFAULT_MAX_CONNECTIONS_PER_USER,
} from '../shared/limits.ts'
import { DEFAULT_REDIS_PREFIX, RedisRelay } from './cluster/RedisRelay.ts'
import type { CompactionPolicy } from './collab/CollabDocument.ts'
import { ConnectionIndex } from './collab/ConnectionIndex.ts'
import { attachCollabEndpoint, type CollabEndpoint } from './collab/collabEndpoint.ts'
import { DocumentRegistry } from './collab/DocumentRegistry.ts'
import type { CollabHooks } from './collab/hooks.ts'
import type { ServerConfig } from './config.ts'
import type { SqlExecutor } from './db/executor.ts'
import type { AppKysely } from './db/kysely.ts'
import { openEngines } from './db/openEngines.ts'
import type { SqliteDb } from './db/sqlite.ts'
import {
  ContentDeriver,
  type DeriveTiming,
  documentHooks,
  recheckConnections,
} from './features/documents/index.ts'
import { VersionRecorder, type VersionTiming } from './features/history/index.ts'
import {
  type AffiliationClock,
  authorizeUpgrade,
  issueSetupLinkIfEmpty,
  type LoginThrottle,
  MemoryLoginThrottle,
  printedOrigin,
  RedisLoginThrottle,
  setTodaySource,
  startAffiliationClock,
  today,
} from './features/identity/index.ts'
import { reindexLibrary } from './features/library/index.ts'
import { MeetingHub } from './features/meetings/index.ts'
import { seedDefaultRubrics } from './features/observations/index.ts'
import { createHttpApp } from './http/app.ts'
import { DEFAULT_DOCUMENT_QUOTA } from './http/quotas.ts'
import type { Logger } from './logger.ts'
import { seedDemoAlliance } from './seed/seedDemo.ts'
import type { DocumentStore } from './storage/DocumentStore.ts'

/** Optional seams for tests and embedding. */
export interface StartOptions {
  /** Wraps the document store (for instance to count or delay loads in a test). */
  wrapStore?: (store: DocumentStore) => DocumentStore
  compaction?: CompactionPolicy
  /** Replaces the in-memory login throttle (tests use a short window). */
  throttle?: LoginThrottle
  /** How soon plan content is derived after changes (tests shorten it). */
  deriveTiming?: DeriveTiming
  /**
   * Where "today" (the local day, `YYYY-MM-DD`) comes from for exchange affiliations; tests move
   * it and call `affiliationClock.tick()`. Process-wide: it applies to every server in the process.
   */
  today?: () => string
  /** When automatic versions are written (tests shorten it). */
  versionTiming?: Partial<VersionTiming>
}

/** A running Jibei server. */
export interface RunningServer {
  port: number
  registry: DocumentRegistry
  store: DocumentStore
  endpoint: CollabEndpoint
  /** The metadata database through Kysely (native SQL on both engines). */
  kdb: AppKysely
  /** Runs `kdb`'s statements and transactions. */
  executor: SqlExecutor
  /** The same SQLite file through synchronous Drizzle (for tests' inspection); null on PostgreSQL. */
  sqlite: SqliteDb | null
  connections: ConnectionIndex
  /** The origin people open (`PUBLIC_URL`, else `http://localhost:<port>`), for printed links. */
  origin: string
  /**
   * The first-run set-up link, when the database had no account at this start (without demo
   * data); a fresh one at every such start, which voids the earlier ones. Null otherwise.
   */
  setupUrl: string | null
  /** Starts and ends exchange affiliations on open connections when the local day changes. */
  affiliationClock: AffiliationClock
  /** Stops accepting, closes connections, writes everything, closes the database. */
  close(): Promise<void>
}

/** Opens the database, migrates it, and serves HTTP and websockets on one port. */
export async function startServer(
  config: ServerConfig,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const engines = await openEngines(config, log)
  const relay = config.redisUrl
    ? new RedisRelay(config.redisUrl, log, config.redisPrefix ?? DEFAULT_REDIS_PREFIX)
    : null
  try {
    await relay?.ready()
  } catch (error) {
    await relay?.close()
    await engines.close()
    throw new Error('Redis (REDIS_URL) cannot be reached', { cause: error })
  }
  const { kdb, executor, librarySearch } = engines
  const uploadsDir = path.join(config.dataDir, 'uploads')
  fs.mkdirSync(uploadsDir, { recursive: true })
  const store = options.wrapStore ? options.wrapStore(engines.store) : engines.store
  const deriver = new ContentDeriver(kdb, executor, log, options.deriveTiming)
  // The collaboration core imports no feature: this is all it knows of the application.
  const derivedContent = documentHooks(deriver, log)
  const hooks: CollabHooks = {
    authorize: (request, room) =>
      authorizeUpgrade({ kdb, allowedOrigins: config.allowedOrigins }, request, room),
    changed: (document) => {
      derivedContent.changed(document)
      versions.changed(document)
    },
    beforeUnload: (document) => {
      derivedContent.beforeUnload(document)
      versions.beforeUnload(document)
    },
  }
  const registry = new DocumentRegistry({
    store,
    log,
    unloadGraceMs: config.unloadGraceMs,
    hooks,
    ...(options.compaction ? { compaction: options.compaction } : {}),
    ...(relay ? { relay } : {}),
  })
  const versions = new VersionRecorder({ store, registry, log }, options.versionTiming)
  const meetings = new MeetingHub({ kdb, executor, registry, log, versions })
  await engines.exclusively(async () => {
    if ((await librarySearch.count()) === 0) {
      const reindexed = await reindexLibrary(kdb, executor, librarySearch)
      if (reindexed > 0) log.info({ entries: reindexed }, 'rebuilt the library search index')
    }
    if (config.seedDemo) await seedDemoAlliance(kdb, executor, store, librarySearch, log)
    await seedDefaultRubrics(executor)
  })
  let ready = false
  const connections = new ConnectionIndex((revocation) =>
    relay?.publishControl({ type: 'revoke', revocation }),
  )
  const recheckUsers = async (userIds: readonly string[]): Promise<void> => {
    for (const userId of userIds) {
      await recheckConnections(kdb, connections.connectionsOf(userId))
    }
    await meetings.recheckUsers(userIds)
  }
  const recheckDocument = async (documentId: string): Promise<void> => {
    const open = registry.get(documentId)
    if (open) await recheckConnections(kdb, [...open.connections])
    const comments = registry.get(commentsRoomOf(documentId))
    if (comments) await recheckConnections(kdb, [...comments.connections])
    await meetings.recheckDocument(documentId)
  }
  relay?.onControl((event) => {
    const done = (error: unknown): void => log.error({ err: error, event: event.type }, 'control')
    if (event.type === 'revoke') connections.applyRevocation(event.revocation)
    else if (event.type === 'recheckUsers') recheckUsers(event.userIds).catch(done)
    else if (event.type === 'recheckDocument') recheckDocument(event.documentId).catch(done)
  })
  // Relayed messages may have been lost: read the open documents again from storage.
  const catchUp = (): void => {
    registry.catchUpAll().catch((error: unknown) => log.error({ err: error }, 'catching up'))
  }
  relay?.onReconnect(catchUp)
  relay?.onPeerLost((instances) => {
    registry.dropPresenceOf(instances)
    catchUp()
  })
  const app = createHttpApp({
    isReady: () => ready,
    checkHealth: async () => {
      const [database, redis] = await Promise.all([
        engines.isHealthy(),
        relay ? relay.isHealthy() : Promise.resolve(null),
      ])
      return {
        database: { engine: engines.engine, ok: database },
        redis: redis === null ? null : { ok: redis },
      }
    },
    clientDir: config.clientDir,
    services: {
      kdb,
      executor,
      uploadsDir,
      documentQuota: {
        perHour: config.documentsPerHour ?? DEFAULT_DOCUMENT_QUOTA.perHour,
        perDay: config.documentsPerDay ?? DEFAULT_DOCUMENT_QUOTA.perDay,
      },
      store,
      registry,
      meetings,
      versions,
      librarySearch,
      throttle:
        options.throttle ??
        (relay ? new RedisLoginThrottle(relay.commands, relay.prefix) : new MemoryLoginThrottle()),
      connections,
      log,
      allowedOrigins: config.allowedOrigins,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl ?? null,
      recheckAccess: async (userIds) => {
        const ids = [...userIds]
        relay?.publishControl({ type: 'recheckUsers', userIds: ids })
        await recheckUsers(ids)
      },
      recheckDocument: async (documentId) => {
        relay?.publishControl({ type: 'recheckDocument', documentId })
        await recheckDocument(documentId)
      },
    },
  })

  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(created as Server),
    ) as Server
    created.once('error', reject)
  })
  const endpoint = attachCollabEndpoint(server, registry, log, hooks, connections, {
    perUser: config.maxConnectionsPerUser ?? DEFAULT_MAX_CONNECTIONS_PER_USER,
    perDocument: config.maxConnectionsPerDocument ?? DEFAULT_MAX_CONNECTIONS_PER_DOCUMENT,
  })
  const port = (server.address() as AddressInfo).port
  const origin = printedOrigin(config.publicUrl, config.host, port)
  let setupUrl: string | null = null
  try {
    setupUrl = config.seedDemo
      ? null
      : await engines.exclusively(() => issueSetupLinkIfEmpty(kdb, origin))
  } catch (error) {
    endpoint.stop()
    server.close()
    await relay?.close()
    await engines.close()
    throw error
  }
  if (options.today) setTodaySource(options.today)
  const affiliationClock = startAffiliationClock({ kdb, today, recheckUsers, log })
  await affiliationClock.tick()
  ready = true
  log.info(
    {
      port,
      host: config.host,
      database: engines.location,
      engine: engines.engine,
      redis: relay ? relay.prefix : null,
      instance: relay ? relay.instanceId.toString('hex') : null,
    },
    'listening',
  )

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ready = false
      affiliationClock.stop()
      endpoint.stop()
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await meetings.close()
      await registry.closeAll()
      await versions.close()
      server.closeAllConnections()
      await httpClosed
      await relay?.close()
      await engines.close()
      log.info('stopped')
    })()
    return closing
  }
  return {
    port,
    registry,
    store,
    endpoint,
    kdb,
    executor,
    sqlite: engines.sqlite,
    connections,
    origin,
    setupUrl,
    affiliationClock,
    close,
  }
}
