import * as Y from 'yjs'
import { yDocToJSON } from '../../../../shared/editor/derive.ts'
import { comparePlans } from '../../../../shared/editor/planDiff.ts'
import type { VersionComparison } from '../../../../shared/history/versionApi.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import { attributeParts, EMPTY_TEXT } from '../authorship/attribution.ts'
import { loadClientAuthors } from '../authorship/clientAuthors.ts'
import { loadPeople } from '../authorship/people.ts'
import { attributedDiff } from './attributedDiff.ts'

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  Y.applyUpdate(doc, state)
  return doc
}

/**
 * Compares two states of a plan part by part (status from comparePlans) with character runs
 * and the author of each, and the people those runs name.
 */
export async function comparePlanStates(
  db: AppKysely,
  store: DocumentStore,
  documentId: string,
  from: { id: number; state: Uint8Array },
  to: { id: number | 'live'; state: Uint8Array },
): Promise<VersionComparison> {
  const clients = await loadClientAuthors(store, documentId)
  const fromDoc = docOf(from.state)
  const toDoc = docOf(to.state)
  const statuses = comparePlans(yDocToJSON(fromDoc), yDocToJSON(toDoc))
  const fromParts = attributeParts(fromDoc, clients)
  const toParts = attributeParts(toDoc, clients)
  fromDoc.destroy()
  toDoc.destroy()
  const parts = statuses.map((part) => ({
    key: part.key,
    title: part.title,
    status: part.status,
    runs: attributedDiff(
      fromParts.get(part.key) ?? EMPTY_TEXT,
      toParts.get(part.key) ?? EMPTY_TEXT,
    ),
  }))
  const authorIds = new Set<string>()
  for (const part of parts) {
    for (const run of part.runs) if (run.authorId !== null) authorIds.add(run.authorId)
  }
  const people = [...(await loadPeople(db, authorIds)).values()]
  return { from: from.id, to: to.id, parts, people }
}
