import { and, eq, isNull } from 'drizzle-orm'
import type { PlanLifecycleInfo } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { documents, planLifecycle } from '../../db/schema.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'
import { personRefs } from './people.ts'
import { allowedTransitions, isCommonPlan, loadLifecycle, mainPreparerOf } from './transitions.ts'

/** Whether the subject may derive a 个案 of this plan now (a signed common plan of their group). */
export function canDerivePersonal(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  signedVersionId: number | null,
): boolean {
  if (!isCommonPlan(doc) || doc.status !== 'final' || signedVersionId === null) return false
  const role = doc.groupId ? subject.memberships.get(doc.groupId) : undefined
  return role === 'lead' || role === 'member'
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
