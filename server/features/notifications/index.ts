/** The notifications feature's public API: other code imports it only from here. */

export { notificationRoutes } from './notificationRoutes.ts'
export { notify } from './notify.ts'
