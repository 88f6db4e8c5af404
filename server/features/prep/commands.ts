import type { JSONContent } from '@tiptap/core'
import { eq } from 'drizzle-orm'
import type { DocumentStatus, PublicUser } from '../../../shared/domain.ts'
import { planText } from '../../../shared/editor/derive.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import { documentContent, documents, planLifecycle, planReflections } from '../../db/schema.ts'
import { DomainError } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'
import { createDocument } from '../documents/index.ts'
import { newId } from '../identity/index.ts'
import { mainPreparerOf, requireTransition, type TransitionRule } from './policy.ts'
import { documentStatus, loadLifecycle } from './queries.ts'

/** The outcome of a transition. */
export interface TransitionResult {
  rule: TransitionRule
  /** The named version kept at sign-off. */
  signedVersionId: number | null
}

function formatDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}

/**
 * The one transition of the life cycle: moves a common plan to `to`, checking the state (409
 * `invalid_transition`) and the caller's role (403). Sign-off keeps the current content as a
 * named version (共案 …) and records it.
 */
export async function transitionPlan(
  deps: { db: AppDb; executor: SqlExecutor; store: DocumentStore; registry: DocumentRegistry },
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
): Promise<TransitionResult> {
  const { store, registry } = deps
  const rule = requireTransition(subject, doc, to)
  let signedVersionId: number | null = null
  const now = Date.now()
  if (to === 'final') {
    const state = await registry.encodeState(doc.id)
    const version = await store.saveVersion(
      doc.id,
      `共案 ${formatDate(now)} ${subject.user.displayName}`,
      'named',
      state,
    )
    signedVersionId = version.id
  }
  await inTransaction(deps.executor, async (tx) => {
    // The state is checked again inside the transaction: two requests cannot both move it.
    if ((await documentStatus(tx, doc.id)) !== doc.status) {
      throw new DomainError('invalid_transition', 'The plan changed state meanwhile')
    }
    await tx
      .update(documents)
      .set({ status: to, updatedAt: now })
      .where(eq(documents.id, doc.id))
      .run()
    const signed =
      signedVersionId === null ? {} : { signedVersionId, signedBy: subject.user.id, signedAt: now }
    await tx
      .insert(planLifecycle)
      .values({ documentId: doc.id, mainPreparerId: mainPreparerOf(doc), ...signed })
      .onConflictDoUpdate({
        target: planLifecycle.documentId,
        set: { mainPreparerId: mainPreparerOf(doc), ...signed },
      })
      .run()
  })
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
  return inTransaction(executor, async (tx, ktx) => {
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
    await tx
      .insert(planLifecycle)
      .values({
        documentId: id,
        taskId: (await loadLifecycle(tx, common.id))?.taskId ?? null,
        commonPlanId: common.id,
        baseVersionId: input.baseVersionId,
        className,
      })
      .run()
    await tx
      .insert(documentContent)
      .values({ documentId: id, json, text: planText(json), updatedAt: at })
      .run()
    return id
  })
}

/** Records that a 个案 now builds on this signed version of its common plan. */
export async function setPersonalBaseVersion(
  db: AppDb,
  documentId: string,
  versionId: number,
): Promise<void> {
  await db
    .update(planLifecycle)
    .set({ baseVersionId: versionId })
    .where(eq(planLifecycle.documentId, documentId))
    .run()
}

/** Records that a plan adapted from the library now builds on this version of the entry. */
export async function setAdaptedFromVersion(
  db: AppDb,
  documentId: string,
  version: number,
): Promise<void> {
  await db
    .update(documents)
    .set({ adaptedFromVersion: version })
    .where(eq(documents.id, documentId))
    .run()
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
  db: AppDb,
  documentId: string,
  authorId: string,
  fields: ReflectionFields,
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insert(planReflections)
    .values({ id, documentId, authorId, ...fields, createdAt: now, updatedAt: now })
    .run()
  return id
}

/** Changes a reflection. */
export async function updateReflection(
  db: AppDb,
  reflectionId: string,
  changes: Partial<ReflectionFields>,
): Promise<void> {
  await db
    .update(planReflections)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(planReflections.id, reflectionId))
    .run()
}
