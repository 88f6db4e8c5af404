import WebSocket from 'ws'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { Dialect } from './protocol.ts'

/**
 * The hocuspocus provider from bench/node_modules, or null when that folder is not installed:
 * Jibei-only scenarios (scaleout) then run on the repository's own packages.
 */
const hocuspocusProvider = await import('@hocuspocus/provider').catch((error: unknown) => {
  if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null
  throw error
})

/** Where a stock client connects. */
export interface StockEndpoint {
  dialect: Dialect
  /** y-websocket: the server URL the room name is appended to; hocuspocus: the socket URL. */
  url: string
  documentName: string
  /** Query parameters (y-websocket) or the auth token (hocuspocus). */
  params?: Record<string, string>
}

/** A full client: a Y.Doc kept in sync by the server's stock provider. */
export interface StockClient {
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves once the first sync with the server completed. */
  readonly synced: Promise<void>
  destroy(): void
}

/**
 * Stops a finished client's awareness timer (the providers leave it running, and with it the
 * document stays reachable) and destroys its document, so that the generator's heap, and with
 * it its garbage-collection pauses, does not grow round after round.
 */
function releaseDocument(awareness: Awareness, doc: Y.Doc): void {
  awareness.destroy()
  doc.destroy()
}

function yWebsocketClient(endpoint: StockEndpoint, doc: Y.Doc): StockClient {
  const provider = new WebsocketProvider(endpoint.url, endpoint.documentName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: endpoint.params ?? {},
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  return {
    doc,
    awareness: provider.awareness,
    synced,
    destroy: () => {
      provider.destroy()
      releaseDocument(provider.awareness, doc)
    },
  }
}

function hocuspocusClient(endpoint: StockEndpoint, doc: Y.Doc): StockClient {
  if (!hocuspocusProvider) throw new Error('@hocuspocus/provider is missing: npm --prefix bench ci')
  const { HocuspocusProvider, HocuspocusProviderWebsocket } = hocuspocusProvider
  const socket = new HocuspocusProviderWebsocket({
    url: endpoint.url,
    WebSocketPolyfill: WebSocket,
  })
  let resolveSynced: () => void = () => {}
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve
  })
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: endpoint.documentName,
    document: doc,
    token: endpoint.params?.token ?? '',
    onSynced: () => resolveSynced(),
  })
  provider.attach()
  const awareness = provider.awareness
  if (!awareness) throw new Error('hocuspocus provider without awareness')
  return {
    doc,
    awareness,
    synced,
    destroy: () => {
      provider.destroy()
      socket.destroy()
      releaseDocument(awareness, doc)
    },
  }
}

/** Connects a stock client (y-websocket or hocuspocus provider) for `doc`. */
export function connectStockClient(endpoint: StockEndpoint, doc = new Y.Doc()): StockClient {
  return endpoint.dialect === 'hocuspocus'
    ? hocuspocusClient(endpoint, doc)
    : yWebsocketClient(endpoint, doc)
}
