import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import type { ClientAuthors, TextAuthor } from './attribution.ts'

/** The registered author of every client id of a document, as attribution reads them. */
export async function loadClientAuthors(
  store: DocumentStore,
  documentId: string,
): Promise<ClientAuthors> {
  const authors = new Map<number, TextAuthor>()
  for (const { clientId, userId, schoolId } of await store.loadClients(documentId)) {
    authors.set(clientId, { userId, schoolId })
  }
  return authors
}
