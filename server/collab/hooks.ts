import type { IncomingMessage } from 'node:http'
import type { CollabDocument } from './CollabDocument.ts'
import type { ConnectionAccess } from './Connection.ts'

/*
 * The seams between the collaboration core and the application around it. The core imports no
 * feature: `server/server.ts` builds these hooks from the features and passes them in. Storage
 * (load, append, compact) is the `DocumentStore` interface (server/storage) and the channel to
 * other instances is `DocumentRelay` (DocumentRegistry.ts); both are passed in the same way.
 */

/** The outcome of authorizing a websocket upgrade: the connection's access, or a refusal. */
export type UpgradeDecision =
  | { ok: true; access: ConnectionAccess }
  | { ok: false; status: number; reason: string }

/** What the websocket endpoint asks before accepting a connection. */
export interface UpgradeHooks {
  /** Decides whether an upgrade to `room` may proceed (who asks, and what they may do there). */
  authorize(request: IncomingMessage, room: string): Promise<UpgradeDecision>
}

/** What the registry of open documents tells the application. */
export interface DocumentHooks {
  /** Told after a batch of a document's updates was persisted (its content changed). */
  changed(document: CollabDocument): void
  /** Runs before a document leaves memory, once everything is written (not awaited). */
  beforeUnload(document: CollabDocument): void
}

/** Every hook the collaboration core calls. */
export type CollabHooks = UpgradeHooks & DocumentHooks
