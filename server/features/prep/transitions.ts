import { eq } from 'drizzle-orm'
import type { DocumentStatus, GroupRole } from '../../../shared/domain.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import { documents, type PlanLifecycleRow, planLifecycle } from '../../db/schema.ts'
import { DomainError, forbidden } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import type { AccessibleDocumentRow, AccessSubject } from '../documents/index.ts'

/** Who may make a transition: the main preparer or the lead, or only the lead. */
export type TransitionActor = 'preparer_or_lead' | 'lead'

/** One allowed step of the life cycle (初备 → 研讨 → 共案, and reopening a 共案). */
export interface TransitionRule {
  from: DocumentStatus
  to: DocumentStatus
  actor: TransitionActor
  /** Audit action recorded for it. */
  action: string
}

/** Every transition of a common plan; anything else is refused with 409. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'draft', to: 'discussion', actor: 'preparer_or_lead', action: 'plan_submitted' },
  { from: 'discussion', to: 'final', actor: 'lead', action: 'plan_signed_off' },
  { from: 'final', to: 'discussion', actor: 'lead', action: 'plan_reopened' },
]

/** The rule for moving from one state to another, if there is one. */
export function transitionRule(from: DocumentStatus, to: DocumentStatus) {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to)
}

/** The main preparer of a plan: from its life cycle, else its owner. */
export function mainPreparerOf(doc: AccessibleDocumentRow): string {
  return doc.mainPreparerId ?? doc.ownerId
}

/** Whether a person in this role may make a transition that needs `actor`. */
export function mayAct(
  actor: TransitionActor,
  userId: string,
  groupRole: GroupRole | undefined,
  mainPreparerId: string,
): boolean {
  if (groupRole === 'lead') return true
  if (actor === 'lead') return false
  return userId === mainPreparerId && groupRole === 'member'
}

/**
 * Whether setting a plan's status from its current one to `to` is a sign-off (定稿) or a
 * reopening: for a group's lesson plan, only the group lead does either, even without a
 * `plan_lifecycle` row (PATCH /documents/:id must not skip the lead).
 */
export function needsLeadSignOff(
  doc: Pick<AccessibleDocumentRow, 'kind' | 'groupId' | 'status'>,
  to: DocumentStatus,
): boolean {
  if (doc.kind !== 'lesson_plan' || doc.groupId === null || to === doc.status) return false
  return to === 'final' || doc.status === 'final'
}

/** The states the subject may move this plan to now (empty for a 个案 or a plan in no group). */
export function allowedTransitions(
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
): DocumentStatus[] {
  if (!isCommonPlan(doc)) return []
  const role = doc.groupId ? subject.memberships.get(doc.groupId) : undefined
  return TRANSITIONS.filter(
    (rule) =>
      rule.from === doc.status && mayAct(rule.actor, subject.user.id, role, mainPreparerOf(doc)),
  ).map((rule) => rule.to)
}

/** Whether a document is a group's lesson plan that follows the life cycle (not a 个案). */
export function isCommonPlan(doc: AccessibleDocumentRow): boolean {
  return (
    doc.kind === 'lesson_plan' &&
    doc.groupId !== null &&
    doc.commonPlanId === null &&
    doc.deletedAt === null
  )
}

/** The outcome of a transition. */
export interface TransitionResult {
  rule: TransitionRule
  /** The named version kept at sign-off. */
  signedVersionId: number | null
}

/** Loads the life-cycle row of a document, if any. */
export async function loadLifecycle(
  db: AppDb,
  documentId: string,
): Promise<PlanLifecycleRow | undefined> {
  return db.select().from(planLifecycle).where(eq(planLifecycle.documentId, documentId)).get()
}

function formatDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}

/**
 * Moves a common plan to `to`, checking the state (409 `invalid_transition`) and the caller's
 * role (403). Sign-off keeps the current content as a named version (共案 …) and records it.
 */
export async function transitionPlan(
  deps: { db: AppDb; executor: SqlExecutor; store: DocumentStore; registry: DocumentRegistry },
  subject: AccessSubject,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
): Promise<TransitionResult> {
  const { store, registry } = deps
  if (!isCommonPlan(doc)) {
    throw new DomainError(
      'not_a_common_plan',
      'Only a lesson plan of a group (not a 个案) goes through the preparation life cycle',
    )
  }
  const rule = transitionRule(doc.status, to)
  if (!rule) {
    throw new DomainError('invalid_transition', `A plan cannot move from ${doc.status} to ${to}`)
  }
  const role = doc.groupId ? subject.memberships.get(doc.groupId) : undefined
  if (!mayAct(rule.actor, subject.user.id, role, mainPreparerOf(doc))) {
    throw forbidden(
      rule.actor === 'lead'
        ? 'Only the group lead may do this'
        : 'Only the main preparer or the group lead may do this',
    )
  }
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
    const current = await tx
      .select({ status: documents.status })
      .from(documents)
      .where(eq(documents.id, doc.id))
      .get()
    if (current?.status !== doc.status) {
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
