import { useEffect, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import { COLLAB_PATH, MessageType } from '../../../shared/protocol.ts'

/** The open comments room of a plan. */
export interface CommentsRoom {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Whether the server delivered the comments at least once. */
  synced: boolean
  /** Set when the server refused writes (the caller may only view the plan). */
  refused: boolean
}

function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}${COLLAB_PATH}`
}

/**
 * Opens the plan's companion comments document (`/collab/<id>.comments`) with the stock
 * y-websocket provider; the session cookie signs it in, as for the plan itself.
 */
export function useCommentsRoom(documentId: string): CommentsRoom | null {
  const [room, setRoom] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null)
  const [synced, setSynced] = useState(false)
  const [refused, setRefused] = useState(false)

  useEffect(() => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(collabUrl(), commentsRoomOf(documentId), doc, {
      connect: false,
    })
    setRoom({ doc, provider })
    setSynced(false)
    setRefused(false)
    const onSync = (isSynced: boolean): void => {
      if (isSynced) setSynced(true)
    }
    const authHandler = provider.messageHandlers[MessageType.Auth]
    if (authHandler) {
      provider.messageHandlers[MessageType.Auth] = (encoder, decoder, p, emitSynced, type) => {
        setRefused(true)
        authHandler(encoder, decoder, p, emitSynced, type)
      }
    }
    provider.on('sync', onSync)
    provider.connect()
    return () => {
      provider.off('sync', onSync)
      provider.destroy()
      doc.destroy()
    }
  }, [documentId])

  return room ? { ...room, synced, refused } : null
}
