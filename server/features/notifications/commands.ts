import type { NotificationKind } from '../../../shared/domain.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { newId } from '../identity/index.ts'
import { recipientsOf } from './policy.ts'

/** What a notification is about; every field but `kind` is optional. */
export interface NotificationInput {
  kind: NotificationKind
  actorId?: string | null
  documentId?: string | null
  taskId?: string | null
  sessionId?: string | null
  observationId?: string | null
  excerpt?: string
}

/** Longest excerpt kept with a notification. */
const MAX_EXCERPT = 140

/**
 * Notifies each recipient once (duplicates and the actor themself are skipped). Returns the
 * ids of the users actually notified. Inside a transaction, pass its `ktx` (inTransaction).
 */
export async function notify(
  db: AppKysely,
  recipients: Iterable<string>,
  input: NotificationInput,
): Promise<string[]> {
  const userIds = recipientsOf(recipients, input.actorId)
  if (userIds.length === 0) return []
  const now = Date.now()
  await db
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        id: newId(),
        userId,
        kind: input.kind,
        actorId: input.actorId ?? null,
        documentId: input.documentId ?? null,
        taskId: input.taskId ?? null,
        sessionId: input.sessionId ?? null,
        observationId: input.observationId ?? null,
        excerpt: (input.excerpt ?? '').slice(0, MAX_EXCERPT),
        createdAt: now,
        readAt: null,
      })),
    )
    .execute()
  return userIds
}

/** Marks the user's own unread notifications read: these ids, or all of them. Returns how many. */
export async function markRead(
  db: AppKysely,
  userId: string,
  ids: readonly string[] | 'all',
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0
  const result = await db
    .updateTable('notifications')
    .set({ readAt: Date.now() })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .$if(ids !== 'all', (query) => query.where('id', 'in', [...ids]))
    .executeTakeFirstOrThrow()
  return Number(result.numUpdatedRows)
}
