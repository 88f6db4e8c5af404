import * as encoding from 'lib0/encoding'
import { useEffect, useState } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { COLLAB_PATH, MessageType, SyncMessageType } from '../../../shared/protocol.ts'

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'connected' | 'saved' | 'reconnecting' | 'offline'

/** The document, its providers and the connection state of one open plan. */
export interface Collaboration {
  doc: Y.Doc
  provider: WebsocketProvider
  state: ConnectionState
  /** Whether the local cache or the server has delivered the content. */
  ready: boolean
  /** Set when the server refused edits (view-only). */
  refused: boolean
}

function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}${COLLAB_PATH}`
}

/**
 * Opens a plan for collaboration: the stock y-websocket provider to `/collab/<id>` (the session
 * cookie signs it in) and a y-indexeddb cache, so that a teacher can keep typing offline.
 *
 * "Saved" uses a property of our server: it answers sync step 1 only after everything received
 * before it is on disk. So after local edits we ask again (resync) and the answer means saved.
 */
export function useCollaboration(documentId: string): Collaboration | null {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null)
  const [state, setState] = useState<ConnectionState>('connecting')
  const [ready, setReady] = useState(false)
  const [refused, setRefused] = useState(false)

  useEffect(() => {
    // Created inside the effect so that a remount (React StrictMode) gets fresh objects.
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(collabUrl(), documentId, doc, { connect: false })
    setSession({ doc, provider })
    setState('connecting')
    setReady(false)
    setRefused(false)
    const cache = new IndexeddbPersistence(`jibei-plan-${documentId}`, doc)
    void cache.whenSynced.then(() => setReady(true))
    let everConnected = false
    let dirty = false
    let probe: ReturnType<typeof setTimeout> | undefined

    const onStatus = ({ status }: { status: string }): void => {
      if (status === 'connected') {
        everConnected = true
        setState(dirty ? 'connected' : 'saved')
      } else if (!navigator.onLine) {
        setState('offline')
      } else {
        setState(everConnected ? 'reconnecting' : 'connecting')
      }
    }
    const onSync = (synced: boolean): void => {
      if (!synced) return
      setReady(true)
      if (provider.wsconnected) {
        dirty = false
        setState('saved')
      }
    }
    // Wraps the stock sync handler to notice each sync step 2 (the server's "saved" answer).
    const syncHandler = provider.messageHandlers[MessageType.Sync]
    if (syncHandler) {
      provider.messageHandlers[MessageType.Sync] = (
        encoder,
        decoder,
        messageProvider,
        emitSynced,
        type,
      ) => {
        const subType = decoder.arr[decoder.pos]
        syncHandler(encoder, decoder, messageProvider, emitSynced, type)
        if (subType === SyncMessageType.Step2 && dirty && provider.wsconnected) {
          dirty = false
          setState('saved')
        }
      }
    }
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin === provider || origin === cache) return
      dirty = true
      setState(provider.wsconnected ? 'connected' : navigator.onLine ? 'reconnecting' : 'offline')
      clearTimeout(probe)
      probe = setTimeout(() => {
        if (provider.wsconnected && provider.ws) {
          // Sync step 1; the server's answer confirms everything sent before it is stored.
          const encoder = encoding.createEncoder()
          encoding.writeVarUint(encoder, MessageType.Sync)
          syncProtocol.writeSyncStep1(encoder, doc)
          provider.ws.send(encoding.toUint8Array(encoder))
        }
      }, 400)
    }
    const authHandler = provider.messageHandlers[MessageType.Auth]
    if (authHandler) {
      provider.messageHandlers[MessageType.Auth] = (
        encoder,
        decoder,
        messageProvider,
        emitSynced,
        type,
      ) => {
        setRefused(true)
        authHandler(encoder, decoder, messageProvider, emitSynced, type)
      }
    }
    const onOffline = (): void => setState('offline')
    const onOnline = (): void => setState(provider.wsconnected ? 'connected' : 'reconnecting')

    provider.on('status', onStatus)
    provider.on('sync', onSync)
    doc.on('update', onUpdate)
    window.addEventListener('offline', onOffline)
    window.addEventListener('online', onOnline)
    provider.connect()
    return () => {
      clearTimeout(probe)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('online', onOnline)
      doc.off('update', onUpdate)
      provider.destroy()
      void cache.destroy()
      doc.destroy()
    }
  }, [documentId])

  return session ? { ...session, state, ready, refused } : null
}
