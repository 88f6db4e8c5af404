import { z } from 'zod'

const _shortText = z.string().trim().max(200)
const id = z.string().min(1).max(64)

/** POST /api/notifications/read: some notifications, or all of them. */
export const readNotificationsBody = z
  .object({ ids: z.array(id).max(200).optional(), all: z.boolean().optional() })
  .strict()
  .refine((body) => body.all === true || (body.ids?.length ?? 0) > 0, 'give ids or all: true')
/** GET /api/notifications query */
export const notificationsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200), unread: z.enum(['true', 'false']) })
  .partial()
