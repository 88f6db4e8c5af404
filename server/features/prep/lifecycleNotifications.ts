import type { DocumentStatus } from '../../../shared/domain.ts'
import { transitionExcerpt } from '../../../shared/notificationEvents.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { AccessibleDocumentRow } from '../documents/index.ts'
import { notify } from '../notifications/index.ts'
import { loadLifecycle, planParticipants } from './queries.ts'

/**
 * Tells the people who must act after a transition (action_required): in discussion, the
 * participants (and the main preparer on a reopening); once signed off, the participants, who
 * now create their 个案. Returns who was notified.
 */
export async function notifyTransition(
  db: AppKysely,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
  actorId: string,
): Promise<string[]> {
  return notify(db, await planParticipants(db, doc), {
    kind: 'action_required',
    actorId,
    documentId: doc.id,
    taskId: (await loadLifecycle(db, doc.id))?.taskId ?? null,
    excerpt: transitionExcerpt(doc.title, to),
  })
}
