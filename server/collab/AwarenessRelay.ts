import type { Awareness } from 'y-protocols/awareness'
import type { Connection } from './Connection.ts'
import { awarenessMessage } from './OutgoingMessage.ts'

/** Sessions with more connections than this get presence relayed in windows. */
export const LARGE_SESSION_CONNECTIONS = 16

/** Shortest window in which presence changes of a large session are gathered. */
export const AWARENESS_WINDOW_MIN_MS = 50

/** Longest window in which presence changes of a large session are gathered. */
export const AWARENESS_WINDOW_MAX_MS = 200

/**
 * How long presence changes are gathered in a session of `connections`: one millisecond per
 * connection, between the bounds. Each flush sends one message to every connection, so up to
 * 200 connections presence costs at most about a thousand sends per second, however often the
 * cursors move; a cursor still shows its new place within a fifth of a second.
 */
export function awarenessWindowMs(connections: number): number {
  return Math.min(AWARENESS_WINDOW_MAX_MS, Math.max(AWARENESS_WINDOW_MIN_MS, connections))
}

/** Who is told when a flush fails: the document, which logs it and closes its connections. */
export interface RelayGuard {
  guardFailed(error: unknown, what: string): void
}

/**
 * Flushes `relay` (a function of the module: scheduling it allocates no closure). It runs in a
 * timer, where an exception would end the process: it goes to the relay's guard instead.
 */
function flushRelay(relay: AwarenessRelay): void {
  try {
    relay.flush()
  } catch (error) {
    relay.guard.guardFailed(error, 'relaying presence failed')
  }
}

/**
 * Relays presence (awareness) changes to every connection of a document, gathering the changes
 * of one event-loop turn, or of a short window in a large session, into one message encoded
 * once. Fan-out then grows with the number of connections, not with connections × changes.
 */
export class AwarenessRelay {
  /** Clients changed since the last flush; allocated when there are some. */
  private changed: Set<number> | null = null
  /** The pending flush: a timer in large sessions, else an immediate. */
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null

  constructor(
    private readonly awareness: Awareness,
    private readonly connections: ReadonlySet<Connection>,
    /** Told when a scheduled flush throws. */
    readonly guard: RelayGuard,
  ) {}

  /** Notes that these clients' states changed; they are relayed soon. */
  noteChanged(clients: readonly number[]): void {
    if (clients.length === 0) return
    this.changed ??= new Set()
    for (const client of clients) this.changed.add(client)
    if (this.timer || this.immediate) return
    if (this.connections.size > LARGE_SESSION_CONNECTIONS) {
      this.timer = setTimeout(flushRelay, awarenessWindowMs(this.connections.size), this)
    } else {
      this.immediate = setImmediate(flushRelay, this)
    }
  }

  /** Sends the gathered changes now. */
  flush(): void {
    this.cancelScheduled()
    const changed = this.changed
    this.changed = null
    if (!changed) return
    const message = awarenessMessage(this.awareness, [...changed])
    for (const connection of this.connections) connection.send(message)
  }

  /** Drops what is pending (the document is being destroyed). */
  stop(): void {
    this.cancelScheduled()
    this.changed = null
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }
}
