import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Each y-websocket provider adds a process 'exit' listener; tests open dozens at once.
process.setMaxListeners(500)

/** Connects the stock y-websocket provider (Node, `ws` as WebSocket) to a document. */
export function connectProvider(
  collabUrl: string,
  documentId: string,
  doc: Y.Doc = new Y.Doc(),
  options: { connect?: boolean; disableBc?: boolean } = {},
): WebsocketProvider {
  return new WebsocketProvider(collabUrl, documentId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: options.disableBc ?? true,
    maxBackoffTime: 200,
  })
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
export async function readDocument(collabUrl: string, documentId: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const provider = connectProvider(collabUrl, documentId, doc)
  try {
    await whenSynced(provider)
  } finally {
    provider.destroy()
  }
  return doc
}
