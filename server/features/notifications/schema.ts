import { z } from 'zod'

/** A notification id as the API accepts it. */
const notificationId = z.string().min(1).max(64)

/** POST /api/notifications/read: some notifications, or all of them. */
export const readNotificationsBody = z
  .object({ ids: z.array(notificationId).max(200).optional(), all: z.boolean().optional() })
  .strict()
  .refine((body) => body.all === true || (body.ids?.length ?? 0) > 0, 'give ids or all: true')
/** The body of POST /api/notifications/read. */
export type ReadNotificationsBody = z.infer<typeof readNotificationsBody>

/** GET /api/notifications query */
export const notificationsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200), unread: z.enum(['true', 'false']) })
  .partial()
/** The query of GET /api/notifications. */
export type NotificationsQuery = z.infer<typeof notificationsQuery>
