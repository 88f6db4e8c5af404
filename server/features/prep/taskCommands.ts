import * as Y from 'yjs'
import { jsonToYDoc, planText, yDocToJSON } from '../../../shared/editor/derive.ts'
import { emptyPlanJSON } from '../../../shared/editor/planContent.ts'
import { toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { PrepTaskRow } from '../../db/schema.ts'
import { DomainError } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { createDocument } from '../documents/index.ts'
import { newId } from '../identity/index.ts'
import { taskParticipantsOf } from './policy.ts'
import {
  groupMemberIds,
  isLiveDocument,
  personRefs,
  taskParticipantIds,
  taskPlanSources,
} from './queries.ts'

/** The fields of a task a lead sets (四定: unit and lesson, main preparer, time). */
export interface TaskFields {
  unit: string
  lesson: string
  mainPreparerId: string
  participantIds: string[]
  dueDate: string
  discussionAt: number | null
}

/**
 * Checks that the main preparer and every participant edit in the group (lead or member); a
 * 400 `not_a_member` otherwise. Returns the participants without duplicates or the preparer.
 */
async function checkTaskPeople(
  db: AppKysely,
  groupId: string,
  mainPreparerId: string,
  participantIds: readonly string[],
): Promise<string[]> {
  const editors = new Set(await groupMemberIds(db, groupId))
  return taskParticipantsOf(editors, mainPreparerId, participantIds)
}

/** Creates a task with its participants; returns its id. */
export async function createTask(
  db: AppKysely,
  executor: SqlExecutor,
  groupId: string,
  createdBy: string,
  fields: TaskFields,
): Promise<string> {
  const participants = await checkTaskPeople(
    db,
    groupId,
    fields.mainPreparerId,
    fields.participantIds,
  )
  const id = newId()
  const now = Date.now()
  await inTransaction(executor, async (ktx) => {
    await ktx
      .insertInto('prepTasks')
      .values({
        id,
        groupId,
        unit: fields.unit,
        lesson: fields.lesson,
        mainPreparerId: fields.mainPreparerId,
        dueDate: fields.dueDate,
        discussionAt: fields.discussionAt,
        createdBy,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    if (participants.length > 0) {
      await ktx
        .insertInto('prepTaskParticipants')
        .values(participants.map((userId) => ({ taskId: id, userId })))
        .execute()
    }
  })
  return id
}

/** Changes a task; a new main preparer also becomes the main preparer and owner of its plan. */
export async function updateTask(
  db: AppKysely,
  executor: SqlExecutor,
  task: PrepTaskRow,
  changes: Partial<TaskFields>,
): Promise<void> {
  const mainPreparerId = changes.mainPreparerId ?? task.mainPreparerId
  const participants =
    changes.participantIds !== undefined || changes.mainPreparerId !== undefined
      ? await checkTaskPeople(
          db,
          task.groupId,
          mainPreparerId,
          changes.participantIds ?? (await taskParticipantIds(db, task.id)),
        )
      : undefined
  await inTransaction(executor, async (ktx) => {
    const { participantIds: _participants, ...columns } = changes
    await ktx
      .updateTable('prepTasks')
      .set({ ...columns, updatedAt: Date.now() })
      .where('id', '=', task.id)
      .execute()
    if (participants !== undefined) {
      await ktx.deleteFrom('prepTaskParticipants').where('taskId', '=', task.id).execute()
      if (participants.length > 0) {
        await ktx
          .insertInto('prepTaskParticipants')
          .values(participants.map((userId) => ({ taskId: task.id, userId })))
          .execute()
      }
    }
    if (changes.mainPreparerId !== undefined && task.documentId !== null) {
      await ktx
        .updateTable('planLifecycle')
        .set({ mainPreparerId })
        .where('documentId', '=', task.documentId)
        .execute()
      // The plan is the main preparer's (as startTaskPlan made it): it moves with the task.
      const preparer = await ktx
        .selectFrom('users')
        .select('schoolId')
        .where('id', '=', mainPreparerId)
        .executeTakeFirstOrThrow()
      await ktx
        .updateTable('documents')
        .set({ ownerId: mainPreparerId, schoolId: preparer.schoolId })
        .where('id', '=', task.documentId)
        .execute()
    }
  })
}

/** Removes a task from the schedule (its plan, if any, stays). */
export async function deleteTask(db: AppKysely, taskId: string): Promise<void> {
  await db
    .updateTable('prepTasks')
    .set({ deletedAt: Date.now() })
    .where('id', '=', taskId)
    .execute()
}

/**
 * Creates the plan of a task from the template: owned by the main preparer (in their school),
 * in the task's group, visible to the group, a draft (初备), with its life-cycle row. Returns
 * the new document's id; 409 `plan_exists` when the task has a plan already.
 */
export async function startTaskPlan(
  db: AppKysely,
  executor: SqlExecutor,
  store: DocumentStore,
  task: PrepTaskRow,
): Promise<string> {
  if (task.documentId !== null && (await isLiveDocument(db, task.documentId))) {
    throw new DomainError('plan_exists', 'This task already has a plan')
  }
  const { group, preparer } = await taskPlanSources(db, task)
  if (!group || !preparer) throw new DomainError('conflict', 'The task is incomplete')
  const people = await personRefs(db, await taskParticipantIds(db, task.id))
  const template = jsonToYDoc(
    emptyPlanJSON({
      subject: group.subject,
      grade: group.grade,
      unit: task.unit,
      lessonTitle: task.lesson,
      mainPreparer: preparer.displayName,
      participants: [...people.values()].map((person) => person.displayName).join('、'),
    }),
  )
  const state = Y.encodeStateAsUpdate(template)
  const json = yDocToJSON(template)
  template.destroy()
  const now = Date.now()
  const id = await inTransaction(executor, async (ktx) => {
    const id = await createDocument(ktx, {
      at: now,
      ownerId: preparer.id,
      schoolId: preparer.schoolId,
      groupId: group.id,
      kind: 'lesson_plan',
      title: task.lesson,
      subject: group.subject,
      grade: group.grade,
      unit: task.unit,
      lesson: task.lesson,
      status: 'draft',
      visibility: 'group',
    })
    await ktx
      .insertInto('planLifecycle')
      .values({ documentId: id, taskId: task.id, mainPreparerId: preparer.id })
      .execute()
    await ktx
      .insertInto('documentContent')
      .values({ documentId: id, json: toJsonText(json), text: planText(json), updatedAt: now })
      .execute()
    await ktx
      .updateTable('prepTasks')
      .set({ documentId: id, updatedAt: now })
      .where('id', '=', task.id)
      .execute()
    return id
  })
  // A brand-new document nobody has opened: writing its first state directly is safe.
  await store.compact(id, state, 0)
  return id
}
