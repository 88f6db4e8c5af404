import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { isValidRoomName } from '../../shared/comments/rooms.ts'
import { MAX_FRAME_BYTES } from '../../shared/limits.ts'
import { COLLAB_PATH } from '../../shared/protocol.ts'
import type { Logger } from '../logger.ts'
import { CollabWebSocket } from './CollabWebSocket.ts'
import { Connection, type ConnectionAccess } from './Connection.ts'
import type { ConnectionIndex } from './ConnectionIndex.ts'
import type { DocumentRegistry } from './DocumentRegistry.ts'
import type { UpgradeDecision, UpgradeHooks } from './hooks.ts'

/** Interval of websocket pings; a peer that misses one is dropped at the next. */
const PING_INTERVAL_MS = 30_000

/** The collaboration websocket endpoint attached to an HTTP server. */
export interface CollabEndpoint {
  /** Refuses further upgrades (503) and stops pinging. */
  stop(): void
  /** Number of open websockets. */
  readonly clientCount: number
}

/** How many collaboration websockets may be open at once (per instance). */
export interface ConnectionLimits {
  perUser: number
  perDocument: number
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
}

function rejectUpgrade(
  socket: Duplex,
  status: number,
  text = STATUS_TEXT[status] ?? 'Error',
): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** Parses `/collab/<documentId>`; returns null for any other path. */
export function documentIdFromPath(url: string | undefined): string | null {
  const pathname = new URL(url ?? '/', 'http://localhost').pathname
  if (!pathname.startsWith(`${COLLAB_PATH}/`)) return null
  return decodeURIComponent(pathname.slice(COLLAB_PATH.length + 1))
}

/** Serves the Yjs websocket protocol at `/collab/<documentId>` on `server`. */
export function attachCollabEndpoint(
  server: Server,
  registry: DocumentRegistry,
  log: Logger,
  hooks: UpgradeHooks,
  index: ConnectionIndex,
  limits: ConnectionLimits,
): CollabEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Off (ws's default, stated because CollabWebSocket writes frames itself): compressing
    // updates of a few dozen bytes costs more CPU than it saves bytes.
    perMessageDeflate: false,
    WebSocket: CollabWebSocket,
  })
  let accepting = true
  /** Open websockets per document id (room), for the per-document limit. */
  const perDocument = new Map<string, number>()
  /** Forgets a closed connection (one function for all connections). */
  const forget = (connection: Connection): void => {
    if (connection.identity) index.remove(connection, connection.identity)
    const open = (perDocument.get(connection.documentId) ?? 1) - 1
    if (open > 0) perDocument.set(connection.documentId, open)
    else perDocument.delete(connection.documentId)
  }
  /** Why this upgrade would pass a connection limit, or null. Checked as it is accepted. */
  const overLimit = (documentId: string, access: ConnectionAccess): string | null => {
    if ((perDocument.get(documentId) ?? 0) >= limits.perDocument) {
      return 'too many connections to this document'
    }
    if (access.identity && index.countOf(access.identity.userId) >= limits.perUser) {
      return 'too many connections of this user'
    }
    return null
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let documentId: string | null
    try {
      documentId = documentIdFromPath(request.url)
    } catch {
      documentId = ''
    }
    if (documentId === null) {
      rejectUpgrade(socket, 404, 'Not Found')
      return
    }
    if (!accepting) {
      rejectUpgrade(socket, 503, 'Service Unavailable')
      return
    }
    if (!isValidRoomName(documentId)) {
      rejectUpgrade(socket, 400, 'Bad Request')
      return
    }
    const id = documentId
    // The socket may fail while the check waits for the database: nothing to do but drop it.
    const ignoreError = (): void => {}
    socket.on('error', ignoreError)
    hooks.authorize(request, id).then(
      (decision) => {
        socket.off('error', ignoreError)
        if (socket.destroyed) return
        try {
          accept(request, socket, head, id, decision)
        } catch (error) {
          log.error({ err: error, documentId: id }, 'accepting upgrade failed')
          socket.destroy()
        }
      },
      (error: unknown) => {
        socket.off('error', ignoreError)
        log.error({ err: error, documentId: id }, 'authorizing upgrade failed')
        if (!socket.destroyed) rejectUpgrade(socket, 503)
      },
    )
  }

  const accept = (
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    id: string,
    decision: UpgradeDecision,
  ): void => {
    if (!accepting) {
      rejectUpgrade(socket, 503, 'Service Unavailable')
      return
    }
    if (!decision.ok) {
      log.info(
        { documentId: id, status: decision.status, reason: decision.reason },
        'upgrade refused',
      )
      rejectUpgrade(socket, decision.status)
      return
    }
    const { access } = decision
    const limited = overLimit(id, access)
    if (limited) {
      log.warn(
        { documentId: id, userId: access.identity?.userId, reason: limited },
        'upgrade refused',
      )
      rejectUpgrade(socket, 429)
      return
    }
    // ws completes the upgrade synchronously (no verifyClient): nothing else is counted between.
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (!(ws instanceof CollabWebSocket)) throw new Error('unexpected websocket class')
      ws.useTransport(socket)
      // Connections of one session (a teacher's open plans) share one identity object.
      const identity = access.identity && index.sharedIdentity(access.identity)
      const connection = new Connection(ws, id, log, {
        identity,
        readOnly: access.readOnly,
      })
      ws.connection = connection
      perDocument.set(id, (perDocument.get(id) ?? 0) + 1)
      if (identity) index.add(connection, identity)
      connection.onClose(forget)
      registry.connect(connection).catch((error: unknown) => {
        connection.crash(error, 'attaching connection failed')
      })
    })
  }
  server.on('upgrade', onUpgrade)

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!(ws instanceof CollabWebSocket)) continue
      if (!ws.alive) {
        ws.terminate()
        continue
      }
      ws.alive = false
      ws.ping()
    }
  }, PING_INTERVAL_MS)
  pinger.unref()

  return {
    stop() {
      accepting = false
      clearInterval(pinger)
    },
    get clientCount() {
      return wss.clients.size
    },
  }
}
