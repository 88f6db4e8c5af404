import type {
  AppendEntry,
  ClientAuthor,
  DocumentStore,
  DocumentVersionInfo,
  RefusedRange,
  StoredDocument,
  VersionMeta,
} from '../../server/storage/DocumentStore.ts'
import type { VersionKind } from '../../shared/history/versionApi.ts'

/** Hooks run before the real store is called; they may delay or throw. */
export interface StoreHooks {
  beforeLoad?: (documentId: string, attempt: number) => Promise<void> | void
  beforeAppend?: (entries: readonly AppendEntry[]) => Promise<void> | void
}

/** Wraps the real store, counting calls and running hooks (no behaviour is faked). */
export class InstrumentedStore implements DocumentStore {
  loadCalls = 0
  appendCalls = 0
  compactCalls = 0

  constructor(
    private readonly inner: DocumentStore,
    private readonly hooks: StoreHooks = {},
  ) {}

  async load(documentId: string): Promise<StoredDocument> {
    this.loadCalls += 1
    await this.hooks.beforeLoad?.(documentId, this.loadCalls)
    return this.inner.load(documentId)
  }

  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.appendCalls += 1
    await this.hooks.beforeAppend?.(entries)
    return this.inner.append(entries)
  }

  async compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void> {
    this.compactCalls += 1
    return this.inner.compact(documentId, state, throughSeq)
  }

  saveVersion(
    documentId: string,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo> {
    return this.inner.saveVersion(documentId, name, kind, state, meta)
  }

  saveVersionAfter(
    documentId: string,
    expectedLatestId: number | null,
    name: string,
    kind: VersionKind,
    state: Uint8Array,
    meta?: VersionMeta,
  ): Promise<DocumentVersionInfo | null> {
    return this.inner.saveVersionAfter(documentId, expectedLatestId, name, kind, state, meta)
  }

  latestVersion(documentId: string): Promise<DocumentVersionInfo | null> {
    return this.inner.latestVersion(documentId)
  }

  listVersions(documentId: string): Promise<DocumentVersionInfo[]> {
    return this.inner.listVersions(documentId)
  }

  loadVersion(documentId: string, versionId: number): Promise<Uint8Array | null> {
    return this.inner.loadVersion(documentId, versionId)
  }

  recordRefused(documentId: string, ranges: readonly RefusedRange[]): Promise<void> {
    return this.inner.recordRefused(documentId, ranges)
  }

  loadRefused(documentId: string): Promise<RefusedRange[]> {
    return this.inner.loadRefused(documentId)
  }

  recordClients(documentId: string, clients: readonly ClientAuthor[]): Promise<void> {
    return this.inner.recordClients(documentId, clients)
  }

  loadClients(documentId: string): Promise<ClientAuthor[]> {
    return this.inner.loadClients(documentId)
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}
