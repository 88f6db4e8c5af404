import * as decoding from 'lib0/decoding'
import { useEffect, useState } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../../../../shared/closeCodes.ts'
import {
  COLLAB_PATH,
  EDITS_REFUSED_REASON,
  MessageType,
  SyncMessageType,
} from '../../../../../shared/protocol.ts'
import { encodeSyncStep1 } from '../../../../../shared/protocolMessages.ts'

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
  /**
   * Why local changes were dropped and the plan reloaded from the server, if they were:
   * 'readOnly' (made after the plan became read-only), 'refused' (refused earlier, offered
   * again), 'tooLarge' (they would pass the maximum plan size).
   */
  discarded: DiscardReason | null
  /** Counts the server's "your access changed" notices (a life-cycle step, a membership change). */
  accessChanges: number
}

/** Why unsent local changes were dropped (see `Collaboration.discarded`). */
export type DiscardReason = 'readOnly' | 'refused' | 'tooLarge'

/** The close codes after which the local copy is dropped, and why. */
const DISCARDING_CLOSES: ReadonlyMap<number, DiscardReason> = new Map([
  [CloseCode.RefusedEdits, 'refused'],
  // Another account's unsent edits in this browser's cache (a shared computer): drop them.
  [CloseCode.ForgedClient, 'refused'],
  [CloseCode.DocumentTooLarge, 'tooLarge'],
])

/** The reason of a permission-denied auth message, read without moving `decoder`. */
function permissionDeniedReason(decoder: decoding.Decoder): string | null {
  try {
    const peek = decoding.createDecoder(decoder.arr.subarray(decoder.pos))
    return decoding.readVarUint(peek) === 0 ? decoding.readVarString(peek) : null
  } catch {
    return null
  }
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
 *
 * Edits the server will never accept (sent while the plan was read-only, refused before, or too
 * large) are not kept for later: the local cache is cleared and the plan reopened from the
 * server's copy, and `discarded` says why, so nothing is replayed into a reopened plan.
 */
export function useCollaboration(documentId: string): Collaboration | null {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null)
  const [state, setState] = useState<ConnectionState>('connecting')
  const [ready, setReady] = useState(false)
  const [refused, setRefused] = useState(false)
  const [discarded, setDiscarded] = useState<DiscardReason | null>(null)
  const [accessChanges, setAccessChanges] = useState(0)
  // A new generation reopens the plan with a fresh Y.Doc, after the cache was cleared. (The
  // editor is keyed by document, so these states start afresh for another plan.)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    void generation
    // Created inside the effect so that a remount (React StrictMode) gets fresh objects.
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(collabUrl(), documentId, doc, { connect: false })
    setSession({ doc, provider })
    setState('connecting')
    setReady(false)
    const cache = new IndexeddbPersistence(`jibei-plan-${documentId}`, doc)
    void cache.whenSynced.then(() => setReady(true))
    let everConnected = false
    let dirty = false
    let probe: ReturnType<typeof setTimeout> | undefined
    let resetting = false
    /** Drops the local copy (cache included) and reopens the plan from the server's copy. */
    const discardLocal = (reason: DiscardReason): void => {
      if (resetting) return
      resetting = true
      setDiscarded(reason)
      provider.shouldConnect = false
      provider.disconnect()
      void cache.clearData().finally(() => setGeneration((current) => current + 1))
    }

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
          provider.ws.send(encodeSyncStep1(Y.encodeStateVector(doc)))
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
        const reason = permissionDeniedReason(decoder)
        setRefused(true)
        authHandler(encoder, decoder, messageProvider, emitSynced, type)
        // What was refused stays refused: never keep it to send again.
        if (reason === EDITS_REFUSED_REASON) discardLocal('readOnly')
      }
    }
    const onClose = (event: CloseEvent | null): void => {
      if (!event) return
      if (event.code === CloseCode.AccessChanged) {
        setRefused(false)
        setAccessChanges((count) => count + 1)
      }
      const reason = DISCARDING_CLOSES.get(event.code)
      if (reason) discardLocal(reason)
    }
    const onOffline = (): void => setState('offline')
    const onOnline = (): void => setState(provider.wsconnected ? 'connected' : 'reconnecting')

    provider.on('status', onStatus)
    provider.on('sync', onSync)
    provider.on('connection-close', onClose)
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
      if (!resetting) void cache.destroy()
      doc.destroy()
    }
  }, [documentId, generation])

  return session ? { ...session, state, ready, refused, discarded, accessChanges } : null
}
