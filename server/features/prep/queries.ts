import type {
  GroupRole,
  PersonRef,
  PlanLifecycleInfo,
  PrepTaskInfo,
  ReflectionInfo,
} from '../../../shared/domain.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { PlanLifecycleRow, PrepTaskRow } from '../../db/schema.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'
import { allowedTransitions, canDerivePersonal, isCommonPlan, mainPreparerOf } from './policy.ts'

/** Name and school of each of these users, by id (unknown ids are left out). */
export async function personRefs(
  db: AppKysely,
  ids: Iterable<string>,
): Promise<Map<string, PersonRef>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id', 'users.displayName', 'schools.name as schoolName'])
    .where('users.id', 'in', unique)
    .execute()
  return new Map(rows.map((row) => [row.id, row]))
}

/** The person with this id, or a placeholder when the account is gone. */
export function personOf(people: ReadonlyMap<string, PersonRef>, id: string): PersonRef {
  return people.get(id) ?? { id, displayName: '?', schoolName: '' }
}

/** Ids of the group's members with one of these roles. */
export async function groupMemberIds(
  db: AppKysely,
  groupId: string,
  roles: readonly GroupRole[] = ['lead', 'member'],
): Promise<string[]> {
  if (roles.length === 0) return []
  return (
    await db
      .selectFrom('groupMembers')
      .select('userId')
      .where('groupId', '=', groupId)
      .where('role', 'in', [...roles])
      .execute()
  ).map((row) => row.userId)
}

/** When a group was archived; null if it is active or unknown. */
export async function groupArchivedAt(db: AppKysely, groupId: string): Promise<number | null> {
  const group = await db
    .selectFrom('groups')
    .select('archivedAt')
    .where('id', '=', groupId)
    .executeTakeFirst()
  return group?.archivedAt ?? null
}

/** Whether a group exists. */
export async function groupExists(db: AppKysely, groupId: string): Promise<boolean> {
  const group = await db
    .selectFrom('groups')
    .select('id')
    .where('id', '=', groupId)
    .executeTakeFirst()
  return group !== undefined
}

/** The user's role in a group, if they are a member. */
export async function groupRoleOf(
  db: AppKysely,
  groupId: string,
  userId: string,
): Promise<GroupRole | undefined> {
  return (
    await db
      .selectFrom('groupMembers')
      .select('role')
      .where('groupId', '=', groupId)
      .where('userId', '=', userId)
      .executeTakeFirst()
  )?.role
}

/** Loads the life-cycle row of a document, if any. */
export async function loadLifecycle(
  db: AppKysely,
  documentId: string,
): Promise<PlanLifecycleRow | undefined> {
  return db
    .selectFrom('planLifecycle')
    .selectAll()
    .where('documentId', '=', documentId)
    .executeTakeFirst()
}

/** The status a document has now (read again inside a transaction before it changes). */
export async function documentStatus(db: AppKysely, documentId: string) {
  return (
    await db
      .selectFrom('documents')
      .select('status')
      .where('id', '=', documentId)
      .executeTakeFirst()
  )?.status
}

/** Whether a document exists and is not deleted. */
export async function isLiveDocument(db: AppKysely, documentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('documents')
    .select('deletedAt')
    .where('id', '=', documentId)
    .executeTakeFirst()
  return row !== undefined && row.deletedAt === null
}

/** A task row that is not deleted, or undefined. */
export async function loadTask(db: AppKysely, taskId: string): Promise<PrepTaskRow | undefined> {
  return db
    .selectFrom('prepTasks')
    .selectAll()
    .where('id', '=', taskId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst()
}

/** Ids of a task's participants (besides the main preparer). */
export async function taskParticipantIds(db: AppKysely, taskId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('prepTaskParticipants')
      .select('userId')
      .where('taskId', '=', taskId)
      .execute()
  ).map((row) => row.userId)
}

/** The group and the main preparer a task's plan is made for (either may be gone). */
export async function taskPlanSources(db: AppKysely, task: PrepTaskRow) {
  const group = await db
    .selectFrom('groups')
    .select(['id', 'subject', 'grade'])
    .where('id', '=', task.groupId)
    .executeTakeFirst()
  const preparer = await db
    .selectFrom('users')
    .select(['id', 'displayName', 'schoolId'])
    .where('id', '=', task.mainPreparerId)
    .executeTakeFirst()
  return { group, preparer }
}

/** The tasks of a group (its term schedule), by due date, with people and the plan's stage. */
export async function listGroupTasks(db: AppKysely, groupId: string): Promise<PrepTaskInfo[]> {
  const rows = await db
    .selectFrom('prepTasks')
    .leftJoin('documents', 'documents.id', 'prepTasks.documentId')
    .selectAll('prepTasks')
    .select(['documents.status', 'documents.deletedAt as documentDeletedAt'])
    .where('prepTasks.groupId', '=', groupId)
    .where('prepTasks.deletedAt', 'is', null)
    .orderBy('prepTasks.dueDate', 'asc')
    .orderBy('prepTasks.createdAt', 'asc')
    .execute()
  const taskIds = rows.map((row) => row.id)
  const participants =
    taskIds.length === 0
      ? []
      : await db
          .selectFrom('prepTaskParticipants')
          .select(['taskId', 'userId'])
          .where('taskId', 'in', taskIds)
          .execute()
  const people = await personRefs(db, [
    ...rows.map((row) => row.mainPreparerId),
    ...participants.map((row) => row.userId),
  ])
  return rows.map(({ status, documentDeletedAt, ...task }) => {
    const hasPlan = task.documentId !== null && status !== null && documentDeletedAt === null
    return {
      id: task.id,
      groupId: task.groupId,
      unit: task.unit,
      lesson: task.lesson,
      mainPreparer: personOf(people, task.mainPreparerId),
      participants: participants
        .filter((row) => row.taskId === task.id)
        .map((row) => personOf(people, row.userId)),
      dueDate: task.dueDate,
      discussionAt: task.discussionAt,
      documentId: hasPlan ? task.documentId : null,
      stage: hasPlan && status ? status : 'not_started',
      createdAt: task.createdAt,
    }
  })
}

/**
 * The people a plan's life cycle concerns: the main preparer and the task's participants; when
 * the plan has no task (or the task names nobody), the group's leads and members.
 */
export async function planParticipants(
  db: AppKysely,
  doc: AccessibleDocumentRow,
): Promise<string[]> {
  const taskId = (await loadLifecycle(db, doc.id))?.taskId
  const participants = taskId ? await taskParticipantIds(db, taskId) : []
  if (participants.length === 0 && doc.groupId) return groupMemberIds(db, doc.groupId)
  return [mainPreparerOf(doc), ...participants]
}

/** The life-cycle facts of a plan and what the subject may do next. */
export async function planLifecycleInfo(
  db: AppKysely,
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
): Promise<PlanLifecycleInfo> {
  const lifecycle = await loadLifecycle(db, doc.id)
  const common = isCommonPlan(doc)
  const mainPreparerId = common ? mainPreparerOf(doc) : null
  const people = await personRefs(db, [
    ...(mainPreparerId ? [mainPreparerId] : []),
    ...(lifecycle?.signedBy ? [lifecycle.signedBy] : []),
  ])
  const commonPlan = lifecycle?.commonPlanId
    ? await db
        .selectFrom('documents')
        .select('title')
        .where('id', '=', lifecycle.commonPlanId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
    : undefined
  const mine = common
    ? await db
        .selectFrom('planLifecycle')
        .innerJoin('documents', 'documents.id', 'planLifecycle.documentId')
        .select('documents.id')
        .where('planLifecycle.commonPlanId', '=', doc.id)
        .where('documents.ownerId', '=', subject.user.id)
        .where('documents.deletedAt', 'is', null)
        .execute()
    : []
  const signedVersionId = lifecycle?.signedVersionId ?? null
  return {
    documentId: doc.id,
    status: doc.status,
    personal: doc.commonPlanId !== null,
    mainPreparer: mainPreparerId ? (people.get(mainPreparerId) ?? null) : null,
    taskId: lifecycle?.taskId ?? null,
    signedVersionId,
    signedBy: lifecycle?.signedBy ? (people.get(lifecycle.signedBy) ?? null) : null,
    signedAt: lifecycle?.signedAt ?? null,
    commonPlanId: lifecycle?.commonPlanId ?? null,
    commonPlanTitle: commonPlan?.title ?? null,
    baseVersionId: lifecycle?.baseVersionId ?? null,
    className: lifecycle?.className ?? null,
    myPersonalPlanIds: mine.map((row) => row.id),
    allowedTransitions: allowedTransitions(subject, doc),
    canDerivePersonal: canDerivePersonal(subject, doc, signedVersionId),
    groupRole: (doc.groupId ? subject.memberships.get(doc.groupId) : undefined) ?? null,
  }
}

/** Whether the user already has a 个案 of this common plan for that class (deleted ones too). */
export async function hasPersonalPlanFor(
  db: AppKysely,
  commonPlanId: string,
  ownerId: string,
  className: string,
): Promise<boolean> {
  const rows = await db
    .selectFrom('planLifecycle')
    .innerJoin('documents', 'documents.id', 'planLifecycle.documentId')
    .select('documents.id')
    .where('planLifecycle.commonPlanId', '=', commonPlanId)
    .where('planLifecycle.className', '=', className)
    .where('documents.ownerId', '=', ownerId)
    .execute()
  return rows.length > 0
}

/** The latest version and status of a library entry, if it exists. */
export async function libraryEntryVersion(db: AppKysely, entryId: string) {
  return db
    .selectFrom('libraryEntries')
    .select(['latestVersion', 'status'])
    .where('id', '=', entryId)
    .executeTakeFirst()
}

/** The reflections of a plan, newest lesson first. */
export async function listReflections(
  db: AppKysely,
  documentId: string,
): Promise<ReflectionInfo[]> {
  const rows = await db
    .selectFrom('planReflections')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('taughtOn', 'desc')
    .orderBy('createdAt', 'desc')
    .execute()
  const people = await personRefs(
    db,
    rows.map((row) => row.authorId),
  )
  return rows.map(({ authorId, ...row }) => ({ ...row, author: personOf(people, authorId) }))
}

/** A reflection row, if it exists. */
export function loadReflection(db: AppKysely, reflectionId: string) {
  return db
    .selectFrom('planReflections')
    .selectAll()
    .where('id', '=', reflectionId)
    .executeTakeFirst()
}
