import { Hono } from 'hono'
import { notificationsQuery, readNotificationsBody } from '../../../shared/apiSchemas.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { listNotifications, markRead, unreadCount } from './inbox.ts'

/** The caller's in-app notifications: list (newest first, with the unread count) and mark read. */
export const notificationRoutes = new Hono<AppEnv>()
  .get('/notifications', queryOf(notificationsQuery), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const query = c.req.valid('query')
    const items = await listNotifications(db, principal.user.id, {
      limit: query.limit ?? 50,
      unreadOnly: query.unread === 'true',
    })
    return c.json({ ok: true as const, items, unread: await unreadCount(db, principal.user.id) })
  })
  .post('/notifications/read', jsonBody(readNotificationsBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const body = c.req.valid('json')
    const marked = await markRead(db, principal.user.id, body.all ? 'all' : (body.ids ?? []))
    return c.json({ ok: true as const, marked, unread: await unreadCount(db, principal.user.id) })
  })
