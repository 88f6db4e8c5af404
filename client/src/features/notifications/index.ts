// Notifications: the bell in the header with the caller's latest notifications.
export { NotificationBell } from './NotificationBell.tsx'
