import type { Connection } from './Connection.ts'
import { updateMessage } from './OutgoingMessage.ts'
import type { PendingUpdate } from './UpdateBatcher.ts'

/** What a relay needs of a log row (a LogRow is one): who sent its updates, and them merged. */
export interface RelayedRow {
  updates: ReadonlyArray<Pick<PendingUpdate, 'origin'>>
  merged: Uint8Array
}

/**
 * Relays a persisted log row to a document's connections as one message, encoded once (and so
 * framed once: see CollabWebSocket) for all of them. A connection that sent every update of the
 * row gets nothing. When several connections' updates were merged into the row, each of them
 * gets the whole row, its own updates included: applying an update twice changes nothing in
 * Yjs, and merging "everyone else's" updates for each sender would cost a merge per sender
 * (quadratic in the writers of one event-loop turn) and a message encoded per sender.
 */
export function relayRow(connections: ReadonlySet<Connection>, row: RelayedRow): void {
  const first = row.updates[0]?.origin
  const skip = row.updates.every((pending) => pending.origin === first) ? first : null
  let message: Uint8Array | null = null
  for (const connection of connections) {
    if (connection === skip) continue
    message ??= updateMessage(row.merged)
    connection.send(message)
  }
}
