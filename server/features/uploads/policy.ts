import { type Permission, permits } from '../../../shared/domain.ts'
import { forbidden } from '../../domainError.ts'

/** Refuses (403) an upload into a document the caller may view but not edit. */
export function requireEditPermission(permission: Permission): void {
  if (!permits(permission, 'edit')) throw forbidden('You may not edit this document')
}

/** Whether an uploaded image is served: to whoever may at least view its document. */
export function mayViewImage(permission: Permission): boolean {
  return permission !== 'none'
}
