/** The notifications feature: the in-app inbox (routes) and `notify`, which other features call. */
export { markRead, type NotificationInput, notify } from './commands.ts'
export { listNotifications, unreadCount } from './queries.ts'
export { notificationRoutes } from './routes.ts'
export {
  type NotificationsQuery,
  notificationsQuery,
  type ReadNotificationsBody,
  readNotificationsBody,
} from './schema.ts'
