import type { Context } from 'hono'
import type { Permission } from '../../../../shared/domain.ts'
import type { AppEnv } from '../../../http/context.ts'
import { requirePrincipal } from '../../../http/context.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  loadDocumentRow,
  loadSubject,
} from '../../documents/index.ts'
import type { Principal } from '../../identity/index.ts'
import { requireDocumentAccess } from '../policy.ts'

/** The caller and the document of a `/documents/:id/…` route. */
export interface ViewedDocument {
  principal: Principal
  subject: AccessSubject
  row: AccessibleDocumentRow
}

/**
 * The signed-in caller (401 otherwise) and the route's document `:id`, on which they hold at
 * least `required` (404 unknown or deleted, 403 without it).
 */
export async function viewedDocument(
  c: Context<AppEnv>,
  required: Permission = 'view',
): Promise<ViewedDocument> {
  const { kdb } = c.var.services
  const principal = requirePrincipal(c)
  const subject = await loadSubject(kdb, principal.user)
  const row = requireDocumentAccess(
    subject,
    await loadDocumentRow(kdb, c.req.param('id') ?? ''),
    required,
  )
  return { principal, subject, row }
}
