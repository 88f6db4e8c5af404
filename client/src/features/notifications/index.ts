// Notifications: the bell in the header with the caller's latest notifications.
export { notificationKeys } from './api.ts'
export { NotificationBell } from './NotificationBell.tsx'
