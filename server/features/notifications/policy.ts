import type { DocumentStatus } from '../../../shared/domain.ts'

/**
 * Who a notification goes to: each recipient once, never the person who caused it.
 * Order is kept (first mention first).
 */
export function recipientsOf(recipients: Iterable<string>, actorId?: string | null): string[] {
  return [...new Set(recipients)].filter((id) => id !== actorId)
}

/** The plan a notification is about, as the notification may show it. */
export interface NotifiedPlan {
  documentId: string | null
  documentTitle: string | null
  documentStatus: DocumentStatus | null
}

/**
 * A notification keeps pointing at its plan only while the plan exists: once deleted, the
 * notification shows no link, title or status.
 */
export function visiblePlan(plan: NotifiedPlan & { deletedAt: number | null }): NotifiedPlan {
  if (plan.deletedAt !== null)
    return { documentId: null, documentTitle: null, documentStatus: null }
  return {
    documentId: plan.documentId,
    documentTitle: plan.documentTitle,
    documentStatus: plan.documentStatus,
  }
}
