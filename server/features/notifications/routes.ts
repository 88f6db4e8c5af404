import { Hono } from 'hono'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { markRead } from './commands.ts'
import { listNotifications, unreadCount } from './queries.ts'
import { notificationsQuery, readNotificationsBody } from './schema.ts'

/** The caller's in-app notifications: list (newest first, with the unread count) and mark read. */
export const notificationRoutes = new Hono<AppEnv>()
  .get('/notifications', queryOf(notificationsQuery), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const query = c.req.valid('query')
    const items = await listNotifications(kdb, principal.user.id, {
      limit: query.limit ?? 50,
      unreadOnly: query.unread === 'true',
    })
    return c.json({ ok: true as const, items, unread: await unreadCount(kdb, principal.user.id) })
  })
  .post('/notifications/read', jsonBody(readNotificationsBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const marked = await markRead(kdb, principal.user.id, body.all ? 'all' : (body.ids ?? []))
    return c.json({ ok: true as const, marked, unread: await unreadCount(kdb, principal.user.id) })
  })
