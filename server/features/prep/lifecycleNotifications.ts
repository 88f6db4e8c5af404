import type { DocumentStatus } from '../../../shared/domain.ts'
import { transitionExcerpt } from '../../../shared/notificationEvents.ts'
import { type AppDb, kyselyOf } from '../../db/appDb.ts'
import type { AccessibleDocumentRow } from '../documents/documentAccess.ts'
import { notify } from '../notifications/index.ts'
import { groupMemberIds } from './people.ts'
import { taskParticipantIds } from './taskCommands.ts'
import { loadLifecycle, mainPreparerOf } from './transitions.ts'

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

/**
 * Tells the people who must act after a transition (action_required): in discussion, the
 * participants (and the main preparer on a reopening); once signed off, the participants, who
 * now create their 个案. Returns who was notified.
 */
export async function notifyTransition(
  db: AppDb,
  doc: AccessibleDocumentRow,
  to: DocumentStatus,
  actorId: string,
): Promise<string[]> {
  return notify(kyselyOf(db), await planParticipants(db, doc), {
    kind: 'action_required',
    actorId,
    documentId: doc.id,
    taskId: (await loadLifecycle(db, doc.id))?.taskId ?? null,
    excerpt: transitionExcerpt(doc.title, to),
  })
}
