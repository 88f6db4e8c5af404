import * as Y from 'yjs'
import { isCommentsRoom } from '../../../../shared/comments/rooms.ts'
import type { VersionKind, VersionMilestone } from '../../../../shared/history/versionApi.ts'
import type { CollabDocument } from '../../../collab/CollabDocument.ts'
import { Connection } from '../../../collab/Connection.ts'
import type { DocumentRegistry } from '../../../collab/DocumentRegistry.ts'
import type { DocumentHooks } from '../../../collab/hooks.ts'
import type { Logger } from '../../../logger.ts'
import type { DocumentStore, DocumentVersionInfo } from '../../../storage/DocumentStore.ts'
import { changedPartsBetween, EMPTY_PLAN, planOfState } from './planOfState.ts'
import { AUTO_VERSION_NAME } from './versionNames.ts'

/** When automatic versions are written. */
export interface VersionTiming {
  /** A version this long after the last edit (10 minutes). */
  idleMs: number
  /** While editing continues, a version at the latest this long after the first unversioned edit (30 minutes). */
  maxIntervalMs: number
}

/** The timing of automatic versions in production. */
export const DEFAULT_VERSION_TIMING: VersionTiming = {
  idleMs: 10 * 60_000,
  maxIntervalMs: 30 * 60_000,
}

/** A version someone asks for (named, or a life-cycle milestone). */
export interface VersionRequest {
  kind: Exclude<VersionKind, 'auto'>
  name: string
  milestone?: VersionMilestone
  createdBy: string | null
}

/** Unversioned edits of one open document. */
interface Pending {
  document: CollabDocument
  /** Users whose edits arrived on this instance since the last version. */
  editors: Set<string>
  /** Whether content changed since the last version. */
  dirty: boolean
  idleTimer: NodeJS.Timeout | null
  maxTimer: NodeJS.Timeout | null
  detach: () => void
}

/**
 * Writes a document's versions: automatic ones after a burst of editing (from the collaboration
 * core's `changed` hook, on the instance that received the edits), and those asked for (named,
 * milestones). Each version records who edited since the previous one and which plan parts
 * changed. Writes of one document run one after the other.
 */
export class VersionRecorder {
  private readonly pending = new Map<string, Pending>()
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly writes = new Set<Promise<unknown>>()
  private readonly timing: VersionTiming
  private closed = false

  constructor(
    private readonly deps: { store: DocumentStore; registry: DocumentRegistry; log: Logger },
    timing: Partial<VersionTiming> = {},
  ) {
    this.timing = { ...DEFAULT_VERSION_TIMING, ...timing }
  }

  /** The collaboration hooks that drive automatic versions. */
  hooks(): DocumentHooks {
    return {
      changed: (document) => this.changed(document),
      beforeUnload: (document) => this.beforeUnload(document),
    }
  }

  /** Notes a persisted batch of a document's changes and (re)arms its timers. */
  changed(document: CollabDocument): void {
    if (this.closed || isCommentsRoom(document.id)) return
    const entry = this.track(document)
    entry.dirty = true
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    entry.idleTimer = setTimeout(() => this.writeAuto(document.id), this.timing.idleMs)
    entry.maxTimer ??= setTimeout(() => this.writeAuto(document.id), this.timing.maxIntervalMs)
  }

  /** Writes the unversioned edits of a document that leaves memory. */
  beforeUnload(document: CollabDocument): void {
    const entry = this.pending.get(document.id)
    if (!entry || entry.document !== document) return
    this.writeAuto(document.id)
    entry.detach()
    this.pending.delete(document.id)
  }

  /**
   * Saves a version of the document's current content (loading it if needed), holding the
   * editors since the previous version; written even when nothing changed.
   */
  async record(documentId: string, request: VersionRequest): Promise<DocumentVersionInfo> {
    const state = await this.deps.registry.encodeState(documentId)
    const editors = this.takePending(documentId)
    return this.enqueue(documentId, async () => {
      const { store } = this.deps
      const since = await this.changedSinceLatest(documentId, state)
      return store.saveVersion(documentId, request.name, request.kind, state, {
        milestone: request.milestone ?? null,
        createdBy: request.createdBy,
        editors: union(editors, since.writers),
        changedParts: since.parts,
      })
    })
  }

  /** Like `record`, for a life-cycle step: a failure is logged, never thrown. */
  async recordMilestone(
    documentId: string,
    milestone: VersionMilestone,
    name: string,
    createdBy: string | null,
  ): Promise<DocumentVersionInfo | null> {
    try {
      return await this.record(documentId, { kind: 'milestone', name, milestone, createdBy })
    } catch (error) {
      this.deps.log.error({ err: error, documentId, milestone }, 'writing a milestone failed')
      return null
    }
  }

  /** Stops the timers and waits for the writes under way (call after the registry closed). */
  async close(): Promise<void> {
    this.closed = true
    for (const entry of this.pending.values()) {
      this.clearTimers(entry)
      entry.detach()
    }
    this.pending.clear()
    while (this.writes.size > 0) await Promise.allSettled([...this.writes])
  }

  private track(document: CollabDocument): Pending {
    const known = this.pending.get(document.id)
    if (known && known.document === document) return known
    if (known) {
      // A document dropped without an unload (storage failed) and loaded again.
      this.clearTimers(known)
      known.detach()
    }
    const editors = new Set<string>()
    // The batch that brought us here was applied before we listened: its writers are among
    // the connections that may write now.
    for (const connection of document.connections) {
      if (!connection.readOnly && connection.identity) editors.add(connection.identity.userId)
    }
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin instanceof Connection && origin.identity) editors.add(origin.identity.userId)
    }
    const ydoc = document.ydoc
    ydoc.on('update', onUpdate)
    const entry: Pending = {
      document,
      editors,
      dirty: false,
      idleTimer: null,
      maxTimer: null,
      detach: () => ydoc.off('update', onUpdate),
    }
    this.pending.set(document.id, entry)
    return entry
  }

  private clearTimers(entry: Pending): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    if (entry.maxTimer) clearTimeout(entry.maxTimer)
    entry.idleTimer = null
    entry.maxTimer = null
  }

  /** The editors of a document's unversioned edits; they now belong to the version being made. */
  private takePending(documentId: string): string[] {
    const entry = this.pending.get(documentId)
    if (!entry) return []
    this.clearTimers(entry)
    entry.dirty = false
    const editors = [...entry.editors]
    entry.editors.clear()
    return editors
  }

  private writeAuto(documentId: string): void {
    const entry = this.pending.get(documentId)
    if (!entry?.dirty) return
    const state = Y.encodeStateAsUpdate(entry.document.ydoc)
    const editors = this.takePending(documentId)
    this.enqueue(documentId, async () => {
      const { store } = this.deps
      const since = await this.changedSinceLatest(documentId, state)
      if (since.parts.length === 0) return null
      // Written only if no version (of another instance, say) came first.
      return store.saveVersionAfter(documentId, since.latestId, AUTO_VERSION_NAME, 'auto', state, {
        createdBy: null,
        editors: union(editors, since.writers),
        changedParts: since.parts,
      })
    }).catch((error: unknown) => {
      this.deps.log.error({ err: error, documentId }, 'writing an automatic version failed')
    })
  }

  /**
   * What changed since the latest version: the plan parts, and the users who wrote content
   * since (the client ids whose clocks moved, by their registered authors) — which also finds
   * the editors another instance, or this process before a restart, saw.
   */
  private async changedSinceLatest(
    documentId: string,
    state: Uint8Array,
  ): Promise<{ latestId: number | null; parts: string[]; writers: string[] }> {
    const { store } = this.deps
    const latest = await store.latestVersion(documentId)
    const previous = latest ? await store.loadVersion(documentId, latest.id) : null
    const parts = changedPartsBetween(
      previous ? planOfState(previous) : EMPTY_PLAN,
      planOfState(state),
    )
    const before = previous ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(previous)) : null
    const moved = new Set<number>()
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state))) {
      if (clock > (before?.get(client) ?? 0)) moved.add(client)
    }
    const writers = new Set<string>()
    if (moved.size > 0) {
      for (const { clientId, userId } of await store.loadClients(documentId)) {
        if (moved.has(clientId) && userId !== '') writers.add(userId)
      }
    }
    return { latestId: latest?.id ?? null, parts, writers: [...writers] }
  }

  private enqueue<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(documentId) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => {})
    this.queues.set(documentId, settled)
    this.writes.add(settled)
    void settled.then(() => {
      this.writes.delete(settled)
      if (this.queues.get(documentId) === settled) this.queues.delete(documentId)
    })
    return next
  }
}

/** The users of both lists, each once, in order of first appearance. */
function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])]
}
