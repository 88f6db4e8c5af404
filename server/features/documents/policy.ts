import { isCommentsRoom } from '../../../shared/comments/rooms.ts'
import {
  type GroupRole,
  type Permission,
  type PublicUser,
  permits,
} from '../../../shared/domain.ts'
import { schoolIdsOf } from '../../../shared/identity/affiliations.ts'
import type { DocumentRow } from '../../db/schema.ts'
import { conflict, forbidden, notFound } from '../../domainError.ts'
import { needsLeadSignOff } from '../prep/index.ts'
import type { UpdateDocumentBody } from './schema.ts'

/** A user together with their group memberships: everything access rules look at. */
export interface AccessSubject {
  user: PublicUser
  /** groupId → role in that group. */
  memberships: ReadonlyMap<string, GroupRole>
}

/** The life-cycle facts that decide access (from `plan_lifecycle`; null when it has no row). */
export interface LifecycleAccessFields {
  /** The main preparer (主备人): the only editor, besides the owner, while the plan is a draft. */
  mainPreparerId: string | null
  /** Set on a personal adaptation (个案): only its owner edits it. */
  commonPlanId: string | null
}

/**
 * The fields of a document that decide access. The life-cycle fields may be left out only for
 * a document without a `plan_lifecycle` row: load rows with `loadDocumentRow` (queries.ts) so
 * that they are there.
 */
export type AccessFields = Pick<
  DocumentRow,
  'ownerId' | 'schoolId' | 'groupId' | 'visibility' | 'deletedAt' | 'status'
> &
  Partial<LifecycleAccessFields>

/**
 * The one rule of document access (see README, "Permissions"): the owner edits; the lead and
 * members of the document's group edit and its observers view, unless the document is private;
 * school visibility lets the document's school view (its teachers and the teachers on exchange
 * there today); alliance visibility lets everyone view;
 * administrators view what is not private within their reach. The life cycle narrows editing:
 * a plan with a main preparer is edited only by the main preparer (and its owner) while a draft
 * (初备), by nobody once final (共案, signed: read-only, 'comment' for the group and owner); a
 * personal adaptation (个案) only by its owner. Where editing is narrowed, the group's lead
 * and members (and the owner of a final plan) get 'comment'.
 */
export function documentPermission(subject: AccessSubject, doc: AccessFields): Permission {
  if (doc.deletedAt !== null) return 'none'
  const { user } = subject
  const mainPreparerId = doc.mainPreparerId ?? null
  const managed = mainPreparerId !== null
  const frozen = managed && (doc.status === 'final' || doc.status === 'archived')
  if (doc.ownerId === user.id) return frozen ? 'comment' : 'edit'
  if (doc.visibility === 'private') return 'none'
  const groupRole = doc.groupId ? subject.memberships.get(doc.groupId) : undefined
  if (groupRole === 'lead' || groupRole === 'member') {
    if ((doc.commonPlanId ?? null) !== null || frozen) return 'comment'
    if (managed && doc.status === 'draft' && mainPreparerId !== user.id) return 'comment'
    return 'edit'
  }
  if (groupRole === 'observer') return 'view'
  if (doc.visibility === 'alliance') return 'view'
  if (doc.visibility === 'school' && schoolIdsOf(user).includes(doc.schoolId)) return 'view'
  if (user.role === 'alliance_admin') return 'view'
  if (user.role === 'school_admin' && doc.schoolId === user.schoolId) return 'view'
  return 'none'
}

/** Whether the subject may change a document's visibility or group, or delete it. */
export function canManageDocument(subject: AccessSubject, doc: AccessFields): boolean {
  if (doc.deletedAt !== null) return false
  if (doc.ownerId === subject.user.id) return true
  if (doc.visibility === 'private') return false
  return doc.groupId !== null && subject.memberships.get(doc.groupId) === 'lead'
}

/**
 * Whether a websocket connection to `room` with this permission on its plan may send updates:
 * a plan with edit permission; a comments room never, since comments are written through the
 * HTTP endpoints that check who writes (`commentRoutes.ts`) and the server applies them itself.
 */
export function roomWritable(room: string, permission: Permission): boolean {
  return !isCommentsRoom(room) && permits(permission, 'edit')
}

/**
 * A loaded document the subject may at least view, or the refusal: 404 if it is absent or
 * deleted, 403 if the subject may not see it.
 */
export function requireViewable<Row extends AccessFields>(
  subject: AccessSubject,
  row: Row | undefined,
): Row {
  if (!row || row.deletedAt !== null) throw notFound('Document')
  if (documentPermission(subject, row) === 'none')
    throw forbidden('You do not have access to this document')
  return row
}

/** Refuses (403 with `message`) unless the subject is the lead or a member of the group. */
export function requireEditingMember(
  subject: AccessSubject,
  groupId: string,
  message: string,
): void {
  const role = subject.memberships.get(groupId)
  if (role !== 'lead' && role !== 'member') throw forbidden(message)
}

/**
 * Refuses a metadata change (PATCH /documents/:id) the subject may not make: editing needs
 * edit permission; a plan in the preparation life cycle changes status only through its
 * transitions; only the group lead signs a group plan off or reopens it; visibility and group
 * are changed by the owner or the lead, into a group the subject edits in. Returns whether the
 * change touches who can see the document.
 */
export function checkDocumentUpdate(
  subject: AccessSubject,
  row: AccessFields & LifecycleAccessFields & Pick<DocumentRow, 'kind'>,
  changes: UpdateDocumentBody,
): { changesAccess: boolean } {
  if (!permits(documentPermission(subject, row), 'edit')) throw forbidden()
  if (changes.status !== undefined && (row.mainPreparerId ?? row.commonPlanId) !== null)
    throw conflict('This plan follows the preparation life cycle: use its transitions')
  if (
    changes.status !== undefined &&
    needsLeadSignOff(row, changes.status) &&
    !(row.groupId !== null && subject.memberships.get(row.groupId) === 'lead')
  ) {
    throw forbidden('Only the group lead signs a group plan off (定稿) or reopens it')
  }
  const changesAccess = changes.visibility !== undefined || changes.groupId !== undefined
  if (changesAccess) {
    if (!canManageDocument(subject, row))
      throw forbidden('Only the owner or the group lead may change who can see this document')
    if (changes.groupId)
      requireEditingMember(subject, changes.groupId, 'You are not an editing member of that group')
  }
  return { changesAccess }
}
