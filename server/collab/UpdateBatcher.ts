import type { Logger } from '../logger.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import type { CollabDocument } from './CollabDocument.ts'

/** An update applied in memory and waiting to be written to the log. */
export interface PendingUpdate {
  document: CollabDocument
  update: Uint8Array
  /** Per-document ordinal of the update, counting from the document's load. */
  ordinal: number
  /** Who sent it: the connection (not relayed back to it) or another origin. */
  origin: unknown
}

/**
 * Collects the updates of one event-loop turn, across all documents, and appends them in one
 * transaction. Only then are they relayed: an edit anyone has seen is already on disk.
 */
export class UpdateBatcher {
  private queue: PendingUpdate[] = []
  private scheduled = false
  private tail: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: DocumentStore,
    private readonly log: Logger,
  ) {}

  /** Queues an update; the batch is written at the end of this event-loop turn. */
  enqueue(pending: PendingUpdate): void {
    this.queue.push(pending)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.flushScheduled)
    }
  }

  /** Resolves once every update queued so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      this.tail = this.tail.then(() => this.flushOnce())
      await this.tail
    }
    await this.tail
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false
    this.tail = this.tail.then(() => this.flushOnce())
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue
    if (batch.length === 0) return
    this.queue = []
    let seqs: number[]
    try {
      seqs = await this.store.append(
        batch.map((pending) => ({ documentId: pending.document.id, update: pending.update })),
      )
    } catch (error) {
      this.log.error({ err: error, updates: batch.length }, 'appending updates failed')
      for (const document of new Set(batch.map((pending) => pending.document))) {
        document.failStorage()
      }
      return
    }
    const touched = new Set<CollabDocument>()
    for (let index = 0; index < batch.length; index++) {
      const pending = batch[index] as PendingUpdate
      pending.document.onPersisted(pending, seqs[index] ?? 0)
      touched.add(pending.document)
    }
    for (const document of touched) document.afterBatch()
  }
}
