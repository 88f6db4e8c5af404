import { useEffect, useState } from 'react'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { commentsRoomOf } from '../../../../shared/comments/rooms.ts'
import { COLLAB_PATH, MessageType } from '../../../../shared/protocol.ts'

/** The open comments room of a plan. */
export interface CommentsRoom {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Whether the server delivered the comments at least once. */
  synced: boolean
}

function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}${COLLAB_PATH}`
}

/**
 * Opens the plan's companion comments document (`/collab/<id>.comments`) with the stock
 * y-websocket provider; the session cookie signs it in, as for the plan itself. The room is
 * read-only for every client: comments are written through the HTTP endpoints
 * (api.ts) and arrive here from the server.
 */
export function useCommentsRoom(documentId: string): CommentsRoom | null {
  const [room, setRoom] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null)
  const [synced, setSynced] = useState(false)

  useEffect(() => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(collabUrl(), commentsRoomOf(documentId), doc, {
      connect: false,
    })
    setRoom({ doc, provider })
    setSynced(false)
    const onSync = (isSynced: boolean): void => {
      if (isSynced) setSynced(true)
    }
    // The server says once that the room is read-only (it is, for everyone): nothing to report.
    provider.messageHandlers[MessageType.Auth] = () => {}
    provider.on('sync', onSync)
    provider.connect()
    return () => {
      provider.off('sync', onSync)
      provider.destroy()
      doc.destroy()
    }
  }, [documentId])

  return room ? { ...room, synced } : null
}
