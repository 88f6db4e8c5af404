import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Each y-websocket provider adds a process 'exit' listener; tests open dozens at once.
process.setMaxListeners(500)

/** A server to collaborate through, with the credentials of a test account. */
export interface CollabTarget {
  /** `ws://127.0.0.1:<port>/collab`, the y-websocket `serverUrl`. */
  collabUrl: string
  /** API token sent as `?token=`. */
  token: string
  /**
   * Makes sure a document with this id exists and the test account may edit it (at once on
   * SQLite; a promise on PostgreSQL, whose driver is asynchronous).
   */
  ensureDocument(documentId: string): void | Promise<void>
}

/** The websocket URL of a document, with the target's token (the document is created if needed). */
export async function socketUrl(target: CollabTarget, documentId: string): Promise<string> {
  await target.ensureDocument(documentId)
  return `${target.collabUrl}/${documentId}?token=${encodeURIComponent(target.token)}`
}

/**
 * Connects the stock y-websocket provider (Node, `ws` as WebSocket) to a document, signed in
 * with the target's token (`?token=`); the document is created if needed.
 */
export function connectProvider(
  target: CollabTarget,
  documentId: string,
  doc: Y.Doc = new Y.Doc(),
  options: { connect?: boolean; disableBc?: boolean; token?: string } = {},
): WebsocketProvider {
  const ensured = target.ensureDocument(documentId)
  const connect = options.connect ?? true
  const provider = new WebsocketProvider(target.collabUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Not before the document exists: the server would refuse the upgrade.
    connect: connect && ensured === undefined,
    disableBc: options.disableBc ?? true,
    maxBackoffTime: 200,
    params: { token: options.token ?? target.token },
  })
  if (connect && ensured !== undefined) void ensured.then(() => provider.connect())
  return provider
}

/** Resolves once the provider finished its first sync with the server. */
export function whenSynced(provider: WebsocketProvider, timeoutMs = 15_000): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync in time')), timeoutMs)
    const onSync = (synced: boolean): void => {
      if (!synced) return
      clearTimeout(timer)
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Opens a fresh provider, waits for it to sync and returns a copy of the document state. */
export async function readDocument(target: CollabTarget, documentId: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const provider = connectProvider(target, documentId, doc)
  try {
    await whenSynced(provider)
  } finally {
    provider.destroy()
  }
  return doc
}
