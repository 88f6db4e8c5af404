import { planText } from '../../../../shared/editor/derive.ts'
import { isPlanPartKey } from '../../../../shared/editor/planDiff.ts'
import type {
  HistoryPerson,
  VersionDetail,
  VersionSummary,
} from '../../../../shared/history/versionApi.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import { notFound } from '../../../domainError.ts'
import type { DocumentStore, DocumentVersionInfo } from '../../../storage/DocumentStore.ts'
import { planOfState } from './planOfState.ts'

/** The people with these ids as the history shows them (unknown ids are left out). */
export async function historyPeople(
  db: AppKysely,
  ids: Iterable<string>,
): Promise<Map<string, HistoryPerson>> {
  const wanted = [...new Set(ids)]
  const people = new Map<string, HistoryPerson>()
  if (wanted.length === 0) return people
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id', 'users.displayName', 'users.schoolId', 'schools.name as schoolName'])
    .where('users.id', 'in', wanted)
    .execute()
  for (const row of rows) people.set(row.id, row)
  return people
}

function peopleIdsOf(versions: readonly DocumentVersionInfo[]): string[] {
  return versions.flatMap((version) =>
    version.createdBy === null ? version.editors : [version.createdBy, ...version.editors],
  )
}

function summaryOf(
  version: DocumentVersionInfo,
  people: ReadonlyMap<string, HistoryPerson>,
): VersionSummary {
  return {
    id: version.id,
    kind: version.kind,
    name: version.name,
    milestone: version.milestone,
    createdAt: version.createdAt,
    createdBy: version.createdBy === null ? null : (people.get(version.createdBy) ?? null),
    editors: version.editors.flatMap((id) => {
      const person = people.get(id)
      return person ? [person] : []
    }),
    changedParts: version.changedParts.filter(isPlanPartKey),
    byteLength: version.byteLength,
  }
}

/** A document's versions, newest first, with the people resolved (no state is read). */
export async function listVersionSummaries(
  db: AppKysely,
  store: DocumentStore,
  documentId: string,
): Promise<VersionSummary[]> {
  const versions = await store.listVersions(documentId)
  const people = await historyPeople(db, peopleIdsOf(versions))
  return versions.map((version) => summaryOf(version, people))
}

/** The summary of one saved version as stored (for answers to a write). */
export async function versionSummary(
  db: AppKysely,
  version: DocumentVersionInfo,
): Promise<VersionSummary> {
  return summaryOf(version, await historyPeople(db, peopleIdsOf([version])))
}

/** One version of a document with its plan and text; 404 when it is not that document's. */
export async function loadVersionDetail(
  db: AppKysely,
  store: DocumentStore,
  documentId: string,
  versionId: number,
): Promise<VersionDetail> {
  const state = await store.loadVersion(documentId, versionId)
  const info = (await store.listVersions(documentId)).find((version) => version.id === versionId)
  if (!state || !info) throw notFound('Version')
  const plan = planOfState(state)
  return { ...(await versionSummary(db, info)), plan, text: planText(plan) }
}
