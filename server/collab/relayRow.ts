import type { Connection } from './Connection.ts'
import { mergeUpdatesInTree } from './mergeUpdatesInTree.ts'
import { updateMessage } from './OutgoingMessage.ts'
import type { LogRow } from './UpdateBatcher.ts'

/**
 * Relays a persisted log row to a document's connections with as few encodings as possible:
 * one message (the merged update) for every connection that sent none of the row's updates,
 * and, for a connection that sent some, one message with the others' updates merged. Nobody
 * receives their own updates back.
 */
export function relayRow(connections: ReadonlySet<Connection>, row: LogRow): void {
  const origins = new Set<unknown>()
  for (const pending of row.updates) origins.add(pending.origin)
  let forEveryone: Uint8Array | null = null
  for (const connection of connections) {
    if (!origins.has(connection)) {
      forEveryone ??= updateMessage(row.merged)
      connection.send(forEveryone)
      continue
    }
    if (origins.size === 1) continue
    const others: Uint8Array[] = []
    for (const pending of row.updates) {
      if (pending.origin !== connection) others.push(pending.update)
    }
    const update = others.length === 1 ? (others[0] as Uint8Array) : mergeUpdatesInTree(others)
    connection.send(updateMessage(update))
  }
}
