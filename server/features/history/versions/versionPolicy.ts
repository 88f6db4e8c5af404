import { permits } from '../../../../shared/domain.ts'
import { DomainError, forbidden } from '../../../domainError.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  documentPermission,
  requireViewable,
} from '../../documents/index.ts'

/** The document whose history the subject reads (anyone who may read it, observers included). */
export function requireHistoryReader(
  subject: AccessSubject,
  row: AccessibleDocumentRow | undefined,
): AccessibleDocumentRow {
  return requireViewable(subject, row)
}

/** The document the subject may name a version of (editors only; 403 otherwise). */
export function requireVersionEditor(
  subject: AccessSubject,
  row: AccessibleDocumentRow | undefined,
): AccessibleDocumentRow {
  const doc = requireViewable(subject, row)
  if (!permits(documentPermission(subject, doc), 'edit')) {
    throw forbidden('Only the plan’s editors may do this')
  }
  return doc
}

/**
 * The document the subject may restore a version into: its editors, and never a signed 共案
 * (409 `plan_signed` for those who could edit it once reopened; 403 for the others).
 */
export function requireRestorable(
  subject: AccessSubject,
  row: AccessibleDocumentRow | undefined,
): AccessibleDocumentRow {
  const doc = requireViewable(subject, row)
  const permission = documentPermission(subject, doc)
  if (doc.status === 'final' && permits(permission, 'comment')) {
    throw new DomainError('plan_signed', 'A signed common plan is reopened before a restore')
  }
  if (!permits(permission, 'edit')) throw forbidden('Only the plan’s editors may restore')
  return doc
}
