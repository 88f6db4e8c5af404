import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type {
  GroupRole,
  PersonRef,
  PlanLifecycleInfo,
  PrepTaskInfo,
  ReflectionInfo,
} from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import {
  documents,
  groupMembers,
  groups,
  libraryEntries,
  type PlanLifecycleRow,
  type PrepTaskRow,
  planLifecycle,
  planReflections,
  prepTaskParticipants,
  prepTasks,
  schools,
  users,
} from '../../db/schema.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'
import { allowedTransitions, canDerivePersonal, isCommonPlan, mainPreparerOf } from './policy.ts'

/** Name and school of each of these users, by id (unknown ids are left out). */
export async function personRefs(
  db: AppDb,
  ids: Iterable<string>,
): Promise<Map<string, PersonRef>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, schoolName: schools.name })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(inArray(users.id, unique))
    .all()
  return new Map(rows.map((row) => [row.id, row]))
}

/** The person with this id, or a placeholder when the account is gone. */
export function personOf(people: ReadonlyMap<string, PersonRef>, id: string): PersonRef {
  return people.get(id) ?? { id, displayName: '?', schoolName: '' }
}

/** Ids of the group's members with one of these roles. */
export async function groupMemberIds(
  db: AppDb,
  groupId: string,
  roles: readonly GroupRole[] = ['lead', 'member'],
): Promise<string[]> {
  return (
    await db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.role, [...roles])))
      .all()
  ).map((row) => row.userId)
}

/** Whether a group exists. */
export async function groupExists(db: AppDb, groupId: string): Promise<boolean> {
  const group = await db.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).get()
  return group !== undefined
}

/** The user's role in a group, if they are a member. */
export async function groupRoleOf(
  db: AppDb,
  groupId: string,
  userId: string,
): Promise<GroupRole | undefined> {
  return (
    await db
      .select({ role: groupMembers.role })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
      .get()
  )?.role
}

/** Loads the life-cycle row of a document, if any. */
export async function loadLifecycle(
  db: AppDb,
  documentId: string,
): Promise<PlanLifecycleRow | undefined> {
  return db.select().from(planLifecycle).where(eq(planLifecycle.documentId, documentId)).get()
}

/** The status a document has now (read again inside a transaction before it changes). */
export async function documentStatus(db: AppDb, documentId: string) {
  return (
    await db
      .select({ status: documents.status })
      .from(documents)
      .where(eq(documents.id, documentId))
      .get()
  )?.status
}

/** Whether a document exists and is not deleted. */
export async function isLiveDocument(db: AppDb, documentId: string): Promise<boolean> {
  const row = await db
    .select({ deletedAt: documents.deletedAt })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get()
  return row !== undefined && row.deletedAt === null
}

/** A task row that is not deleted, or undefined. */
export async function loadTask(db: AppDb, taskId: string): Promise<PrepTaskRow | undefined> {
  return db
    .select()
    .from(prepTasks)
    .where(and(eq(prepTasks.id, taskId), isNull(prepTasks.deletedAt)))
    .get()
}

/** Ids of a task's participants (besides the main preparer). */
export async function taskParticipantIds(db: AppDb, taskId: string): Promise<string[]> {
  return (
    await db
      .select({ userId: prepTaskParticipants.userId })
      .from(prepTaskParticipants)
      .where(eq(prepTaskParticipants.taskId, taskId))
      .all()
  ).map((row) => row.userId)
}

/** The group and the main preparer a task's plan is made for (either may be gone). */
export async function taskPlanSources(db: AppDb, task: PrepTaskRow) {
  const group = await db.select().from(groups).where(eq(groups.id, task.groupId)).get()
  const preparer = await db.select().from(users).where(eq(users.id, task.mainPreparerId)).get()
  return { group, preparer }
}

/** The tasks of a group (its term schedule), by due date, with people and the plan's stage. */
export async function listGroupTasks(db: AppDb, groupId: string): Promise<PrepTaskInfo[]> {
  const rows = await db
    .select({ task: prepTasks, status: documents.status, deletedAt: documents.deletedAt })
    .from(prepTasks)
    .leftJoin(documents, eq(documents.id, prepTasks.documentId))
    .where(and(eq(prepTasks.groupId, groupId), isNull(prepTasks.deletedAt)))
    .orderBy(asc(prepTasks.dueDate), asc(prepTasks.createdAt))
    .all()
  const taskIds = rows.map((row) => row.task.id)
  const participants =
    taskIds.length === 0
      ? []
      : await db
          .select()
          .from(prepTaskParticipants)
          .where(inArray(prepTaskParticipants.taskId, taskIds))
          .all()
  const people = await personRefs(db, [
    ...rows.map((row) => row.task.mainPreparerId),
    ...participants.map((row) => row.userId),
  ])
  return rows.map(({ task, status, deletedAt }) => {
    const hasPlan = task.documentId !== null && status !== null && deletedAt === null
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
export async function planParticipants(db: AppDb, doc: AccessibleDocumentRow): Promise<string[]> {
  const taskId = (await loadLifecycle(db, doc.id))?.taskId
  const participants = taskId ? await taskParticipantIds(db, taskId) : []
  if (participants.length === 0 && doc.groupId) return groupMemberIds(db, doc.groupId)
  return [mainPreparerOf(doc), ...participants]
}

/** The life-cycle facts of a plan and what the subject may do next. */
export async function planLifecycleInfo(
  db: AppDb,
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
        .select({ title: documents.title })
        .from(documents)
        .where(and(eq(documents.id, lifecycle.commonPlanId), isNull(documents.deletedAt)))
        .get()
    : undefined
  const mine = common
    ? await db
        .select({ id: documents.id })
        .from(planLifecycle)
        .innerJoin(documents, eq(documents.id, planLifecycle.documentId))
        .where(
          and(
            eq(planLifecycle.commonPlanId, doc.id),
            eq(documents.ownerId, subject.user.id),
            isNull(documents.deletedAt),
          ),
        )
        .all()
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
  db: AppDb,
  commonPlanId: string,
  ownerId: string,
  className: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: documents.id })
    .from(planLifecycle)
    .innerJoin(documents, eq(documents.id, planLifecycle.documentId))
    .where(
      and(
        eq(planLifecycle.commonPlanId, commonPlanId),
        eq(planLifecycle.className, className),
        eq(documents.ownerId, ownerId),
      ),
    )
    .all()
  return rows.length > 0
}

/** The latest version and status of a library entry, if it exists. */
export async function libraryEntryVersion(db: AppDb, entryId: string) {
  return db
    .select({ latestVersion: libraryEntries.latestVersion, status: libraryEntries.status })
    .from(libraryEntries)
    .where(eq(libraryEntries.id, entryId))
    .get()
}

/** The reflections of a plan, newest lesson first. */
export async function listReflections(db: AppDb, documentId: string): Promise<ReflectionInfo[]> {
  const rows = await db
    .select()
    .from(planReflections)
    .where(eq(planReflections.documentId, documentId))
    .orderBy(desc(planReflections.taughtOn), desc(planReflections.createdAt))
    .all()
  const people = await personRefs(
    db,
    rows.map((row) => row.authorId),
  )
  return rows.map(({ authorId, ...row }) => ({ ...row, author: personOf(people, authorId) }))
}

/** A reflection row, if it exists. */
export function loadReflection(db: AppDb, reflectionId: string) {
  return db.select().from(planReflections).where(eq(planReflections.id, reflectionId)).get()
}
