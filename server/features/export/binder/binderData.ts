/**
 * What a term binder (学期备课册) holds: the group's 共案 of the term in schedule order — the
 * signed version's content when the plan is signed — and the records of its meetings.
 */
import type { JSONContent } from '@tiptap/core'
import type { DocumentRegistry } from '../../../collab/DocumentRegistry.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import type { DocumentStore } from '../../../storage/DocumentStore.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
} from '../../documents/index.ts'
import { meetingsOfPlan } from '../../meetings/index.ts'
import type { LoadedImage } from '../docx/blocks.ts'
import type { PlanSignOff } from '../docx/planDocx.ts'
import { loadPlanImages, schoolName, signOffOf } from '../docx/planExportData.ts'
import { planOfState } from '../docx/stateJson.ts'
import { loadMinutesFacts, type MinutesFacts } from '../minutes/minutesData.ts'

/** One plan of the binder with what its pages need. */
export interface BinderPlan {
  json: JSONContent
  title: string
  school: string
  signOff: PlanSignOff | null
  images: ReadonlyMap<string, LoadedImage>
  records: MinutesFacts[]
}

/** The facts of the binder's title page. */
export interface BinderCover {
  groupName: string
  term: string
  schools: string[]
}

/** What the binder's builder reads from. */
export interface BinderSources {
  kdb: AppKysely
  store: DocumentStore
  registry: DocumentRegistry
  uploadsDir: string
}

/** The title page facts of a group's binder: its name, term and the schools of its members. */
export async function binderCover(db: AppKysely, groupId: string): Promise<BinderCover> {
  const group = await db
    .selectFrom('groups')
    .select(['name', 'term'])
    .where('id', '=', groupId)
    .executeTakeFirstOrThrow()
  const schools = await db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select('schools.name')
    .distinct()
    .where('groupMembers.groupId', '=', groupId)
    .orderBy('schools.name', 'asc')
    .execute()
  return { groupName: group.name, term: group.term, schools: schools.map((row) => row.name) }
}

/**
 * The plans of the group's tasks the subject may read, in schedule order (due date, then
 * creation): tasks without a plan and deleted plans are left out.
 */
export async function binderPlanRows(
  db: AppKysely,
  subject: AccessSubject,
  groupId: string,
): Promise<AccessibleDocumentRow[]> {
  const tasks = await db
    .selectFrom('prepTasks')
    .select('documentId')
    .where('groupId', '=', groupId)
    .where('deletedAt', 'is', null)
    .where('documentId', 'is not', null)
    .orderBy('dueDate', 'asc')
    .orderBy('createdAt', 'asc')
    .execute()
  const rows: AccessibleDocumentRow[] = []
  for (const task of tasks) {
    const row = task.documentId ? await loadDocumentRow(db, task.documentId) : undefined
    if (row && row.deletedAt === null && documentPermission(subject, row) !== 'none') {
      rows.push(row)
    }
  }
  return rows
}

/** The content the binder shows of a plan: its signed version when signed, else the live plan. */
async function binderState(sources: BinderSources, documentId: string): Promise<Uint8Array> {
  const lifecycle = await sources.kdb
    .selectFrom('planLifecycle')
    .select('signedVersionId')
    .where('documentId', '=', documentId)
    .executeTakeFirst()
  const signed = lifecycle?.signedVersionId
    ? await sources.store.loadVersion(documentId, lifecycle.signedVersionId)
    : null
  return signed ?? (await sources.registry.encodeState(documentId))
}

/** Loads one plan of the binder and the records of its meetings (oldest first). */
export async function loadBinderPlan(
  sources: BinderSources,
  subject: AccessSubject,
  row: AccessibleDocumentRow,
): Promise<BinderPlan> {
  const { kdb, store, registry, uploadsDir } = sources
  const json = planOfState(await binderState(sources, row.id))
  const meetings = (await meetingsOfPlan(kdb, row.id)).reverse()
  const records: MinutesFacts[] = []
  for (const meeting of meetings) {
    records.push(await loadMinutesFacts({ kdb, store, registry }, meeting, row))
  }
  return {
    json,
    title: row.title,
    school: await schoolName(kdb, row.schoolId),
    signOff: await signOffOf(kdb, row.id),
    images: await loadPlanImages(kdb, uploadsDir, subject, row.id, json),
    records,
  }
}
