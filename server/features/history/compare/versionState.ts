import type { DocumentStore } from '../../../storage/DocumentStore.ts'

/**
 * The Yjs state of one version of a document (a full update), or null when the document has
 * no such version. The one place that knows how versions are stored.
 */
export function versionState(
  store: DocumentStore,
  documentId: string,
  versionId: number,
): Promise<Uint8Array | null> {
  return store.loadVersion(documentId, versionId)
}
