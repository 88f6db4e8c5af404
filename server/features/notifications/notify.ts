import type { AppDb } from '../../db/appDb.ts'
import { type NotificationRow, notifications } from '../../db/schema.ts'
import { newId } from '../identity/index.ts'

/** What a notification is about; every field but `kind` is optional. */
export interface NotificationInput {
  kind: NotificationRow['kind']
  actorId?: string | null
  documentId?: string | null
  taskId?: string | null
  sessionId?: string | null
  excerpt?: string
}

/** Longest excerpt kept with a notification. */
const MAX_EXCERPT = 140

/**
 * Notifies each recipient once (duplicates and the actor themself are skipped). Returns the
 * ids of the users actually notified.
 */
export async function notify(
  db: AppDb,
  recipients: Iterable<string>,
  input: NotificationInput,
): Promise<string[]> {
  const userIds = [...new Set(recipients)].filter((id) => id !== input.actorId)
  if (userIds.length === 0) return []
  const now = Date.now()
  await db
    .insert(notifications)
    .values(
      userIds.map((userId) => ({
        id: newId(),
        userId,
        kind: input.kind,
        actorId: input.actorId ?? null,
        documentId: input.documentId ?? null,
        taskId: input.taskId ?? null,
        sessionId: input.sessionId ?? null,
        excerpt: (input.excerpt ?? '').slice(0, MAX_EXCERPT),
        createdAt: now,
        readAt: null,
      })),
    )
    .run()
  return userIds
}
