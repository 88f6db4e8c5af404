import type { JSONContent } from '@tiptap/core'
import type { DocumentStatus, PublicUser } from '../../../shared/domain.ts'
import { planText } from '../../../shared/editor/derive.ts'
import { toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'
import { createDocument } from '../documents/index.ts'
import { MILESTONE_NAMES, signedVersionName, type VersionRecorder } from '../history/index.ts'
import { newId } from '../identity/index.ts'
import { mainPreparerOf, requireTransition, type TransitionRule } from './policy.ts'
import { documentStatus, loadLifecycle } from './queries.ts'

/** The outcome of a transition. */
export interface TransitionResult {
  rule: TransitionRule
  /** The version kept at sign-off (milestone 共案签发 vN). */
  signedVersionId: number | null
}

/**
 * The one transition of the life cycle: moves a common plan to `to`, checking the state (409
 * `invalid_transition`) and the caller's role (403). Sign-off keeps the current content as the
 * milestone version 共案签发 vN (N counts the plan's sign-offs) and records it; submitting the
 * draft (初备提交) and reopening (重新打开) are milestone versions too.
 */
export async function transitionPlan(
  deps: { executor: SqlExecutor; store: DocumentStore; versions: VersionRecorder },
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
): Promise<TransitionResult> {
  const { store, versions } = deps
  const rule = requireTransition(subject, doc, to)
  let signedVersionId: number | null = null
  const now = Date.now()
  if (to === 'final') {
    const signOffs = (await store.listVersions(doc.id)).filter(
      (version) => version.milestone === 'signed',
    ).length
    const version = await versions.record(doc.id, {
      kind: 'milestone',
      milestone: 'signed',
      name: signedVersionName(signOffs + 1),
      createdBy: subject.user.id,
    })
    signedVersionId = version.id
  }
  await inTransaction(deps.executor, async (ktx) => {
    // The state is checked again inside the transaction: two requests cannot both move it.
    if ((await documentStatus(ktx, doc.id)) !== doc.status) {
      throw new DomainError('invalid_transition', 'The plan changed state meanwhile')
    }
    await ktx
      .updateTable('documents')
      .set({ status: to, updatedAt: now })
      .where('id', '=', doc.id)
      .execute()
    const signed =
      signedVersionId === null ? {} : { signedVersionId, signedBy: subject.user.id, signedAt: now }
    await ktx
      .insertInto('planLifecycle')
      .values({ documentId: doc.id, mainPreparerId: mainPreparerOf(doc), ...signed })
      .onConflict((conflict) =>
        conflict
          .column('documentId')
          .doUpdateSet({ mainPreparerId: mainPreparerOf(doc), ...signed }),
      )
      .execute()
  })
  if (doc.status === 'draft' && to === 'discussion') {
    await versions.recordMilestone(doc.id, 'submitted', MILESTONE_NAMES.submitted, subject.user.id)
  } else if (doc.status === 'final' && to === 'discussion') {
    await versions.recordMilestone(doc.id, 'reopened', MILESTONE_NAMES.reopened, subject.user.id)
  }
  return { rule, signedVersionId }
}

/**
 * Inserts a 个案 of a common plan for one class, in one transaction: the document (the
 * caller's, in the caller's school and the common plan's group, a draft visible to the group),
 * its life-cycle row linking it to the common plan's signed version, and its derived content.
 * Returns its id; its collaborative state is the caller's to write.
 */
export async function insertPersonalPlan(
  executor: SqlExecutor,
  input: {
    user: PublicUser
    common: AccessibleDocumentRow
    className: string
    baseVersionId: number
    json: JSONContent
    at: number
  },
): Promise<string> {
  const { user, common, className, json, at } = input
  return inTransaction(executor, async (ktx) => {
    const id = await createDocument(ktx, {
      at,
      ownerId: user.id,
      schoolId: user.schoolId,
      groupId: common.groupId,
      kind: 'lesson_plan',
      title: `${common.title}（${className}）`,
      subject: common.subject,
      grade: common.grade,
      textbookEdition: common.textbookEdition,
      unit: common.unit,
      lesson: common.lesson,
      status: 'draft',
      visibility: 'group',
    })
    await ktx
      .insertInto('planLifecycle')
      .values({
        documentId: id,
        taskId: (await loadLifecycle(ktx, common.id))?.taskId ?? null,
        commonPlanId: common.id,
        baseVersionId: input.baseVersionId,
        className,
      })
      .execute()
    await ktx
      .insertInto('documentContent')
      .values({ documentId: id, json: toJsonText(json), text: planText(json), updatedAt: at })
      .execute()
    return id
  })
}

/** Records that a 个案 now builds on this signed version of its common plan. */
export async function setPersonalBaseVersion(
  db: AppKysely,
  documentId: string,
  versionId: number,
): Promise<void> {
  await db
    .updateTable('planLifecycle')
    .set({ baseVersionId: versionId })
    .where('documentId', '=', documentId)
    .execute()
}

/** Records that a plan adapted from the library now builds on this version of the entry. */
export async function setAdaptedFromVersion(
  db: AppKysely,
  documentId: string,
  version: number,
): Promise<void> {
  await db
    .updateTable('documents')
    .set({ adaptedFromVersion: version })
    .where('id', '=', documentId)
    .execute()
}

/** What a teacher writes after teaching a class. */
export interface ReflectionFields {
  className: string
  /** `YYYY-MM-DD` */
  taughtOn: string
  text: string
}

/** Records a reflection; returns its id. */
export async function addReflection(
  db: AppKysely,
  documentId: string,
  authorId: string,
  fields: ReflectionFields,
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insertInto('planReflections')
    .values({ id, documentId, authorId, ...fields, createdAt: now, updatedAt: now })
    .execute()
  return id
}

/** Changes a reflection. */
export async function updateReflection(
  db: AppKysely,
  reflectionId: string,
  changes: Partial<ReflectionFields>,
): Promise<void> {
  await db
    .updateTable('planReflections')
    .set({ ...changes, updatedAt: Date.now() })
    .where('id', '=', reflectionId)
    .execute()
}
