import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { NotificationInfo } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { documents, notifications } from '../../db/schema.ts'
import { personRefs } from '../prep/index.ts'

/** A user's notifications, newest first, with the plan each is about as it is now. */
export async function listNotifications(
  db: AppDb,
  userId: string,
  options: { limit: number; unreadOnly: boolean },
): Promise<NotificationInfo[]> {
  const rows = await db
    .select({
      notification: notifications,
      documentTitle: documents.title,
      documentStatus: documents.status,
      documentDeletedAt: documents.deletedAt,
    })
    .from(notifications)
    .leftJoin(documents, eq(documents.id, notifications.documentId))
    .where(
      and(
        eq(notifications.userId, userId),
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit)
    .all()
  const people = await personRefs(
    db,
    rows.flatMap((row) => (row.notification.actorId ? [row.notification.actorId] : [])),
  )
  return rows.map(({ notification, documentTitle, documentStatus, documentDeletedAt }) => {
    const { userId: _owner, actorId, ...fields } = notification
    const gone = documentDeletedAt !== null
    return {
      ...fields,
      actor: actorId ? (people.get(actorId) ?? null) : null,
      documentId: gone ? null : fields.documentId,
      documentTitle: gone ? null : documentTitle,
      documentStatus: gone ? null : documentStatus,
    }
  })
}

/** How many unread notifications a user has. */
export async function unreadCount(db: AppDb, userId: string): Promise<number> {
  return (
    (
      await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
        .get()
    )?.n ?? 0
  )
}

/** Marks the user's own notifications read: these ids, or all of them. Returns how many. */
export async function markRead(
  db: AppDb,
  userId: string,
  ids: readonly string[] | 'all',
): Promise<number> {
  const result = await db
    .update(notifications)
    .set({ readAt: Date.now() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, [...ids]),
      ),
    )
    .returning({ id: notifications.id })
  return result.length
}
