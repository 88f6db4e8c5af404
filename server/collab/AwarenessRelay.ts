import type { Awareness } from 'y-protocols/awareness'
import type { Connection } from './Connection.ts'
import { awarenessMessage } from './OutgoingMessage.ts'

/** Sessions with more connections than this get presence relayed in windows. */
export const LARGE_SESSION_CONNECTIONS = 16

/** How long presence changes of a large session are gathered into one message. */
export const AWARENESS_WINDOW_MS = 50

/**
 * Relays presence (awareness) changes to every connection of a document, gathering the changes
 * of one event-loop turn, or of a short window in a large session, into one message encoded
 * once. Fan-out then grows with the number of connections, not with connections × changes.
 */
export class AwarenessRelay {
  private readonly changed = new Set<number>()
  private cancel: (() => void) | null = null

  constructor(
    private readonly awareness: Awareness,
    private readonly connections: ReadonlySet<Connection>,
  ) {}

  /** Notes that these clients' states changed; they are relayed soon. */
  noteChanged(clients: readonly number[]): void {
    for (const client of clients) this.changed.add(client)
    if (this.cancel || this.changed.size === 0) return
    if (this.connections.size > LARGE_SESSION_CONNECTIONS) {
      const timer = setTimeout(this.flush, AWARENESS_WINDOW_MS)
      this.cancel = () => clearTimeout(timer)
    } else {
      const immediate = setImmediate(this.flush)
      this.cancel = () => clearImmediate(immediate)
    }
  }

  /** Sends the gathered changes now. */
  readonly flush = (): void => {
    this.cancel?.()
    this.cancel = null
    if (this.changed.size === 0) return
    const message = awarenessMessage(this.awareness, [...this.changed])
    this.changed.clear()
    for (const connection of this.connections) connection.send(message)
  }

  /** Drops what is pending (the document is being destroyed). */
  stop(): void {
    this.cancel?.()
    this.cancel = null
    this.changed.clear()
  }
}
