import * as Y from 'yjs'
import { type ConcurrentTrace, isBmpOnly } from './traces.ts'

/**
 * Replaying a concurrent editing trace through real, networked Y.Docs (one writer per agent).
 *
 * A transaction's positions refer to the state after its parents, but a networked writer may
 * already hold concurrent transactions of the other agents (they were typed "at the same time"
 * and the server relayed them). So the trace is first replayed locally, one replica per agent
 * along the `parents` edges (the reference replay), which turns every position into character
 * ids: "insert after character X", "delete character Y". The networked writers use the same
 * client ids as the replicas, so they create the very same character ids, and each applies its
 * transactions in order as soon as its document holds the transaction's parents — without
 * waiting for anything else, so the writers really edit concurrently through the servers.
 */

/** One edit of a planned transaction, addressed by character ids instead of positions. */
type PlannedEdit =
  | { kind: 'delete'; ids: Y.ID[] }
  /** `after` null: at the start of the text. */
  | { kind: 'insert'; after: Y.ID | null; text: string }

/** One transaction of the trace, ready to apply on a networked writer. */
export interface PlannedTxn {
  /** Index in the trace. */
  index: number
  agent: number
  /** Per agent, how many of its transactions this one's parents include (its own: all before). */
  knows: number[]
  edits: PlannedEdit[]
  /** The agent's Yjs clock after this transaction (how much it has inserted so far). */
  clockAfter: number
  /** The characters this transaction deletes. */
  deleted: Y.ID[]
}

/** The trace turned into per-agent transactions addressed by character ids. */
export interface ReplayPlan {
  /** The Yjs client id each agent's writer must use. */
  clientIds: number[]
  /** Each agent's transactions, in its order. */
  byAgent: PlannedTxn[][]
  /** The text of the reference replay with every transaction merged (must be the endContent). */
  referenceText: string
}

/** How a writer's replay went. */
export interface WriterStats {
  agent: number
  transactions: number
  /** Local Yjs transactions (batches of consecutive trace transactions) it made. */
  batches: number
  /** Times it had to wait for the other writers' edits to arrive through the server. */
  waits: number
}

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

/** The id of the character at `index` (which must exist). */
function idAt(text: Y.Text, index: number): Y.ID {
  const item = Y.createRelativePositionFromTypeIndex(text, index, 0).item
  if (!item) throw new Error(`no character at ${index} (length ${text.length})`)
  return item
}

/** Whether the document holds the character `id` and it is deleted. */
function isDeleted(doc: Y.Doc, id: Y.ID): boolean {
  if (Y.getState(doc.store, id.client) <= id.clock) return false
  const struct: unknown = Y.getItem(doc.store, id)
  return struct instanceof Y.Item ? struct.deleted : true
}

/** Whether the document already holds everything the transaction did. */
function holds(doc: Y.Doc, clientId: number, txn: PlannedTxn): boolean {
  return (
    Y.getState(doc.store, clientId) >= txn.clockAfter &&
    txn.deleted.every((id) => isDeleted(doc, id))
  )
}

/**
 * Replays the trace locally, one replica per agent, and records each transaction by character
 * ids. Throws when the trace is not BMP-only (positions are code points, Y.Text counts UTF-16
 * units) or an agent's transactions do not form a chain.
 */
export function planConcurrentReplay(trace: ConcurrentTrace, textName: string): ReplayPlan {
  if (!isBmpOnly(trace)) throw new Error('the trace inserts characters outside the BMP')
  const agents = trace.numAgents
  const clientIds = Array.from({ length: agents }, (_, agent) => 0x5ca1e000 + agent)
  const replicas = clientIds.map((clientId) => {
    const replica = new Y.Doc()
    replica.clientID = clientId
    return replica
  })
  const updates: Uint8Array[][] = clientIds.map(() => [])
  const inTraceOrder: Uint8Array[] = []
  // received[a][b]: how many of agent b's transactions replica a holds.
  const received = clientIds.map(() => clientIds.map(() => 0))
  // Per transaction: how many transactions of each agent it and its ancestors include.
  const closure: number[][] = []
  const byAgent: PlannedTxn[][] = clientIds.map(() => [])

  trace.txns.forEach((txn, index) => {
    const { agent } = txn
    const replica = replicas[agent]
    const ownUpdates = updates[agent]
    const ownReceived = received[agent]
    const ownTxns = byAgent[agent]
    if (!replica || !ownUpdates || !ownReceived || !ownTxns) {
      throw new Error(`transaction ${index} has an unknown agent ${agent}`)
    }
    const knows = clientIds.map(() => 0)
    for (const parent of txn.parents) {
      const parentKnows = closure[parent]
      if (!parentKnows) throw new Error(`transaction ${index} has a later parent ${parent}`)
      parentKnows.forEach((count, other) => {
        knows[other] = Math.max(knows[other] ?? 0, count)
      })
    }
    if (knows[agent] !== ownTxns.length) {
      throw new Error(`agent ${agent}'s transaction ${index} does not follow its previous one`)
    }
    // Bring in the other agents' transactions this one was made on top of.
    knows.forEach((count, other) => {
      if (other === agent) return
      const otherUpdates = updates[other] ?? []
      while ((ownReceived[other] ?? 0) < count) {
        const next = ownReceived[other] ?? 0
        const update = otherUpdates[next]
        if (!update) throw new Error(`transaction ${index} needs an unknown one of agent ${other}`)
        Y.applyUpdate(replica, update)
        ownReceived[other] = next + 1
      }
    })

    const text = replica.getText(textName)
    const edits: PlannedEdit[] = []
    const deleted: Y.ID[] = []
    const captured: Uint8Array[] = []
    const capture = (update: Uint8Array): void => {
      captured.push(update)
    }
    replica.on('update', capture)
    replica.transact(() => {
      for (const [position, numDeleted, inserted] of txn.patches) {
        if (numDeleted > 0) {
          const ids = Array.from({ length: numDeleted }, (_, offset) =>
            idAt(text, position + offset),
          )
          edits.push({ kind: 'delete', ids })
          deleted.push(...ids)
          text.delete(position, numDeleted)
        }
        if (inserted.length > 0) {
          const after = position === 0 ? null : idAt(text, position - 1)
          edits.push({ kind: 'insert', after, text: inserted })
          text.insert(position, inserted)
        }
      }
    })
    replica.off('update', capture)
    const update = captured[0] ?? EMPTY_UPDATE
    ownUpdates.push(update)
    inTraceOrder.push(update)
    ownTxns.push({
      index,
      agent,
      knows,
      edits,
      clockAfter: Y.getState(replica.store, replica.clientID),
      deleted,
    })
    closure[index] = knows.map((count, other) => (other === agent ? count + 1 : count))
  })

  // In trace order, so that no update waits for another one (pending updates merge slowly).
  const merged = new Y.Doc()
  merged.transact(() => {
    for (const update of inTraceOrder) Y.applyUpdate(merged, update)
  })
  return { clientIds, byAgent, referenceText: merged.getText(textName).toString() }
}

/** Applies a planned transaction's edits to a networked text (inside the caller's transaction). */
function applyEdits(doc: Y.Doc, text: Y.Text, txn: PlannedTxn): void {
  for (const edit of txn.edits) {
    if (edit.kind === 'delete') {
      for (const id of edit.ids) {
        // Deleted concurrently by another writer already: nothing left to do.
        if (isDeleted(doc, id)) continue
        const position = Y.createAbsolutePositionFromRelativePosition(
          new Y.RelativePosition(null, null, id, 0),
          doc,
        )
        if (!position) throw new Error(`transaction ${txn.index}: character to delete not found`)
        text.delete(position.index, 1)
      }
    } else {
      let index = 0
      if (edit.after) {
        const position = Y.createAbsolutePositionFromRelativePosition(
          new Y.RelativePosition(null, null, edit.after, -1),
          doc,
        )
        if (!position) throw new Error(`transaction ${txn.index}: insert anchor not found`)
        index = position.index
      }
      text.insert(index, edit.text)
    }
  }
}

/** Resolves on the document's next update, or after `ms` at the latest. */
function nextUpdate(doc: Y.Doc, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      doc.off('update', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    doc.on('update', done)
  })
}

/**
 * One agent's writer: applies its transactions in order, each as soon as `doc` holds the
 * transaction's parents (consecutive ready ones in one Yjs transaction, so one update message),
 * and otherwise waits for the next update from the server. `doc` must use the plan's client id.
 */
export async function runWriter(
  plan: ReplayPlan,
  agent: number,
  doc: Y.Doc,
  textName: string,
  options: { timeoutMs?: number; maxBatch?: number } = {},
): Promise<WriterStats> {
  const txns = plan.byAgent[agent]
  if (!txns) throw new Error(`no agent ${agent} in the plan`)
  if (doc.clientID !== plan.clientIds[agent]) {
    throw new Error(`writer ${agent} must use client id ${plan.clientIds[agent]}`)
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  const maxBatch = options.maxBatch ?? 200
  const text = doc.getText(textName)
  // Per other agent: how many of its transactions `doc` is known to hold.
  const confirmed = plan.clientIds.map(() => 0)
  const ready = (txn: PlannedTxn): boolean =>
    txn.knows.every((count, other) => {
      if (other === agent) return true
      const otherTxns = plan.byAgent[other] ?? []
      const clientId = plan.clientIds[other] ?? -1
      while ((confirmed[other] ?? 0) < count) {
        const next = otherTxns[confirmed[other] ?? 0]
        if (!next || !holds(doc, clientId, next)) return false
        confirmed[other] = (confirmed[other] ?? 0) + 1
      }
      return true
    })

  const stats: WriterStats = { agent, transactions: txns.length, batches: 0, waits: 0 }
  let next = 0
  while (next < txns.length) {
    const start = next
    doc.transact(() => {
      for (let txn = txns[next]; txn && next - start < maxBatch && ready(txn); txn = txns[next]) {
        applyEdits(doc, text, txn)
        next += 1
      }
    })
    if (next > start) {
      stats.batches += 1
      // Let the socket send and the other writers run.
      await new Promise((resolve) => setImmediate(resolve))
      continue
    }
    if (Date.now() > deadline) {
      const stuck = txns[next]
      throw new Error(
        `writer ${agent} is stuck before trace transaction ${stuck?.index}: it needs ${JSON.stringify(
          stuck?.knows,
        )} transactions per agent and holds ${JSON.stringify(confirmed)}`,
      )
    }
    stats.waits += 1
    await nextUpdate(doc, 50)
  }
  return stats
}
