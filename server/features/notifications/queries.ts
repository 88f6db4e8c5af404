import type { NotificationInfo } from '../../../shared/domain.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { visiblePlan } from './policy.ts'

/**
 * A user's notifications, newest first, with the person who caused each and the plan each is
 * about as it is now.
 */
export async function listNotifications(
  db: AppKysely,
  userId: string,
  options: { limit: number; unreadOnly: boolean },
): Promise<NotificationInfo[]> {
  const rows = await db
    .selectFrom('notifications')
    .leftJoin('documents', 'documents.id', 'notifications.documentId')
    .leftJoin('users as actor', 'actor.id', 'notifications.actorId')
    .leftJoin('schools as actorSchool', 'actorSchool.id', 'actor.schoolId')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.actorId',
      'notifications.documentId',
      'notifications.taskId',
      'notifications.sessionId',
      'notifications.observationId',
      'notifications.excerpt',
      'notifications.createdAt',
      'notifications.readAt',
      'documents.title as documentTitle',
      'documents.status as documentStatus',
      'documents.deletedAt as documentDeletedAt',
      'actor.displayName as actorName',
      'actorSchool.name as actorSchoolName',
    ])
    .where('notifications.userId', '=', userId)
    .$if(options.unreadOnly, (query) => query.where('notifications.readAt', 'is', null))
    .orderBy('notifications.createdAt', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(options.limit)
    .execute()
  return rows.map((row) => {
    const plan = visiblePlan({
      documentId: row.documentId,
      documentTitle: row.documentTitle,
      documentStatus: row.documentStatus,
      deletedAt: row.documentDeletedAt,
    })
    return {
      id: row.id,
      kind: row.kind,
      documentId: plan.documentId,
      taskId: row.taskId,
      sessionId: row.sessionId,
      observationId: row.observationId,
      excerpt: row.excerpt,
      createdAt: row.createdAt,
      readAt: row.readAt,
      actor:
        row.actorId !== null && row.actorName !== null && row.actorSchoolName !== null
          ? { id: row.actorId, displayName: row.actorName, schoolName: row.actorSchoolName }
          : null,
      documentTitle: plan.documentTitle,
      documentStatus: plan.documentStatus,
    }
  })
}

/** How many unread notifications a user has. */
export async function unreadCount(db: AppKysely, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow()
  return row.n
}
