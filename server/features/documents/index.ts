/** The documents feature: document metadata, the access rule, and derived plan content. */

export type { DeriveTiming } from './ContentDeriver.ts'
export { ContentDeriver, DEFAULT_DERIVE_TIMING } from './ContentDeriver.ts'
export { documentHooks } from './collabHooks.ts'
export type { NewDocument } from './commands.ts'
export { createDocument } from './commands.ts'
export type { AccessFields, AccessSubject, LifecycleAccessFields } from './policy.ts'
export {
  canManageDocument,
  documentPermission,
  requireEditingMember,
  requireViewable,
  roomWritable,
} from './policy.ts'
export type { AccessibleDocumentRow } from './queries.ts'
export { loadDocumentRow, loadMemberships, loadSubject } from './queries.ts'
export { recheckConnections } from './recheckAccess.ts'
export { documentRoutes } from './routes.ts'
export type { CreateDocumentBody, ListDocumentsQuery, UpdateDocumentBody } from './schema.ts'
export { createDocumentBody, listDocumentsQuery, updateDocumentBody } from './schema.ts'
