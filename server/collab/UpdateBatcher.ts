import type { Logger } from '../logger.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { CollabDocument } from './CollabDocument.ts'
import { mergeUpdatesInTree } from './mergeUpdatesInTree.ts'

/** An update applied in memory and waiting to be written to the log. */
export interface PendingUpdate {
  document: CollabDocument
  update: Uint8Array
  /** Per-document ordinal of the update, counting from the document's load. */
  ordinal: number
  /** Who sent it: the connection (not relayed back to it) or another origin. */
  origin: unknown
}

/** Consecutive updates of one document written as one log row (merged into one update). */
export interface LogRow {
  document: CollabDocument
  /** The updates folded into this row, in the order they were applied. */
  updates: PendingUpdate[]
  /** What is written: the single update, or all of them merged. */
  merged: Uint8Array
}

/**
 * Groups a batch into one row per document: the document's updates of this event-loop turn
 * merged into one Yjs update. One row instead of many keeps the pages a transaction touches,
 * and so the bytes written per keystroke, small. Should a merge fail, that document's updates
 * are written one row each.
 */
function toRows(batch: readonly PendingUpdate[], log: Logger): LogRow[] {
  const byDocument = new Map<CollabDocument, PendingUpdate[]>()
  for (const pending of batch) {
    const group = byDocument.get(pending.document)
    if (group) group.push(pending)
    else byDocument.set(pending.document, [pending])
  }
  const rows: LogRow[] = []
  for (const [document, updates] of byDocument) {
    const first = updates[0] as PendingUpdate
    if (updates.length === 1) {
      rows.push({ document, updates, merged: first.update })
      continue
    }
    try {
      rows.push({ document, updates, merged: mergeUpdatesInTree(updates.map((p) => p.update)) })
    } catch (error) {
      log.warn({ err: error, documentId: document.id }, 'merging updates failed; one row each')
      for (const pending of updates)
        rows.push({ document, updates: [pending], merged: pending.update })
    }
  }
  return rows
}

/** A batch at least this large means a client streams updates (a replay, an import, a sync). */
export const STREAM_BATCH_UPDATES = 64

/**
 * While updates stream in, the next batch waits this long, so that one commit carries many of
 * them (group commit). Interactive edits (small batches) are written at the end of the turn.
 */
export const STREAM_GROUP_MS = 25

/**
 * Collects the updates of one event-loop turn, across all documents, and appends them in one
 * transaction, one merged row per document. Only then are they relayed: an edit anyone has
 * seen is already on disk.
 */
export class UpdateBatcher {
  private queue: PendingUpdate[] = []
  private scheduled = false
  private tail: Promise<void> = Promise.resolve()
  private lastBatchSize = 0

  constructor(
    private readonly store: DocumentStore,
    private readonly log: Logger,
  ) {}

  /**
   * Queues an update; the batch is written at the end of this event-loop turn, or a few
   * milliseconds later while a stream of updates is coming in.
   */
  enqueue(pending: PendingUpdate): void {
    this.queue.push(pending)
    if (this.scheduled) return
    this.scheduled = true
    if (this.lastBatchSize >= STREAM_BATCH_UPDATES) setTimeout(this.flushScheduled, STREAM_GROUP_MS)
    else setImmediate(this.flushScheduled)
  }

  /** Resolves once every update queued so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      this.tail = this.tail.then(() => this.flushOnce()).catch(this.flushFailed)
      await this.tail
    }
    await this.tail
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false
    this.tail = this.tail.then(() => this.flushOnce()).catch(this.flushFailed)
  }

  /** A failed flush must not leave `tail` rejected: every later batch waits on it. */
  private readonly flushFailed = (error: unknown): void => {
    this.log.error({ err: error }, 'writing a batch of updates failed')
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue
    if (batch.length === 0) return
    this.queue = []
    this.lastBatchSize = batch.length
    const rows = toRows(batch, this.log)
    let seqs: number[]
    try {
      seqs = await this.store.append(
        rows.map((row) => ({ documentId: row.document.id, update: row.merged })),
      )
    } catch (error) {
      this.log.error({ err: error, updates: batch.length }, 'appending updates failed')
      for (const document of new Set(batch.map((pending) => pending.document))) {
        document.failStorage()
      }
      return
    }
    const touched = new Set<CollabDocument>()
    // Each document's relay is guarded: a bug in one costs that document's connections only.
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index] as LogRow
      const seq = seqs[index] ?? 0
      row.document.guard('relaying stored updates failed', () => row.document.onPersisted(row, seq))
      touched.add(row.document)
    }
    for (const document of touched) {
      document.guard('finishing a batch failed', () => document.afterBatch())
    }
  }
}
