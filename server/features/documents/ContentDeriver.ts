import type { JSONContent } from '@tiptap/core'
import { isCommentsRoom } from '../../../shared/comments/rooms.ts'
import { headerOf, planText, yDocToJSON } from '../../../shared/editor/derive.ts'
import type { CollabDocument } from '../../collab/CollabDocument.ts'
import type { SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { Logger } from '../../logger.ts'
import { storeDerivedContent } from './commands.ts'
import { loadDocumentKind } from './queries.ts'

/** How long after the last change the content is derived, and the longest it may wait. */
export interface DeriveTiming {
  quietMs: number
  maxWaitMs: number
}

/** Default: 2 s after typing pauses, at least every 15 s while someone types. */
export const DEFAULT_DERIVE_TIMING: DeriveTiming = { quietMs: 2000, maxWaitMs: 15_000 }

interface Pending {
  document: CollabDocument
  timer: NodeJS.Timeout | null
  firstChangeAt: number
  lastChangeAt: number
}

/**
 * Derives a lesson plan's JSON and plain text from its Y.Doc with the shared editor definition,
 * off the hot path (debounced after changes), and keeps the plan's metadata (title, subject,
 * grade, edition, unit) in step with its header. Documents that are not lesson plans, and the
 * companion comments rooms of plans, are skipped.
 */
export class ContentDeriver {
  private readonly pending = new Map<string, Pending>()

  constructor(
    private readonly db: AppKysely,
    private readonly executor: SqlExecutor,
    private readonly log: Logger,
    private readonly timing: DeriveTiming = DEFAULT_DERIVE_TIMING,
  ) {}

  /**
   * Notes that a document changed; derivation follows once typing pauses. Called after every
   * stored batch of keystrokes, so it only notes the time: one timer per pending document,
   * re-armed when it fires early, instead of a new timer per keystroke.
   */
  changed(document: CollabDocument): void {
    if (isCommentsRoom(document.id)) return
    const now = Date.now()
    const existing = this.pending.get(document.id)
    if (existing) {
      existing.lastChangeAt = now
      return
    }
    const pending: Pending = { document, timer: null, firstChangeAt: now, lastChangeAt: now }
    this.pending.set(document.id, pending)
    this.arm(pending, now)
  }

  /** Sets the pending document's timer for when it is due: quiet long enough, or waited enough. */
  private arm(pending: Pending, now: number): void {
    const due = Math.min(
      pending.lastChangeAt + this.timing.quietMs,
      pending.firstChangeAt + this.timing.maxWaitMs,
    )
    if (due > now) {
      pending.timer = setTimeout(() => this.arm(pending, Date.now()), due - now)
      pending.timer.unref()
      return
    }
    pending.timer = null
    this.flush(pending.document.id).catch((error: unknown) => {
      this.log.error(
        { err: error, documentId: pending.document.id },
        'deriving plan content failed',
      )
    })
  }

  /** Derives now if a change is pending (before unloading the document). */
  async flush(documentId: string): Promise<void> {
    const pending = this.pending.get(documentId)
    if (!pending) return
    if (pending.timer) clearTimeout(pending.timer)
    this.pending.delete(documentId)
    await this.derive(pending.document)
  }

  /** Derives every pending document (at shutdown). */
  async flushAll(): Promise<void> {
    for (const documentId of [...this.pending.keys()]) await this.flush(documentId)
  }

  private async derive(document: CollabDocument): Promise<void> {
    const row = await loadDocumentKind(this.db, document.id)
    if (row?.kind !== 'lesson_plan') return
    let json: JSONContent
    try {
      json = yDocToJSON(document.ydoc)
    } catch (error) {
      this.log.warn({ err: error, documentId: document.id }, 'plan content could not be derived')
      return
    }
    await storeDerivedContent(this.executor, document.id, {
      json,
      text: planText(json),
      header: headerOf(json),
      fallbackTitle: row.title,
    })
  }
}
