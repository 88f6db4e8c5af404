import { and, eq, getTableColumns, inArray, isNull, ne, or, type SQL } from 'drizzle-orm'
import type { GroupRole, Permission, PublicUser } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { type DocumentRow, documents, groupMembers, planLifecycle } from '../../db/schema.ts'

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
 * a document without a `plan_lifecycle` row: load rows with {@link loadDocumentRow} (or
 * {@link accessibleDocumentColumns}) so that they are there.
 */
export type AccessFields = Pick<
  DocumentRow,
  'ownerId' | 'schoolId' | 'groupId' | 'visibility' | 'deletedAt' | 'status'
> &
  Partial<LifecycleAccessFields>

/** A document row together with its life-cycle access fields (what `loadDocumentRow` returns). */
export type AccessibleDocumentRow = DocumentRow & LifecycleAccessFields

/**
 * Columns for `db.select(…).from(documents).leftJoin(planLifecycle, …)`: a document row with
 * its life-cycle access fields. Use with {@link joinLifecycle}.
 */
export const accessibleDocumentColumns = {
  ...getTableColumns(documents),
  mainPreparerId: planLifecycle.mainPreparerId,
  commonPlanId: planLifecycle.commonPlanId,
}

/** The join condition of `plan_lifecycle` onto `documents`. */
export const joinLifecycle = eq(planLifecycle.documentId, documents.id)

/** Loads the user's group memberships. */
export async function loadMemberships(db: AppDb, userId: string): Promise<Map<string, GroupRole>> {
  const rows = await db
    .select({ groupId: groupMembers.groupId, role: groupMembers.role })
    .from(groupMembers)
    .where(eq(groupMembers.userId, userId))
    .all()
  return new Map(rows.map((row) => [row.groupId, row.role]))
}

/** Loads an access subject for a user. */
export async function loadSubject(db: AppDb, user: PublicUser): Promise<AccessSubject> {
  return { user, memberships: await loadMemberships(db, user.id) }
}

/**
 * The one rule of document access (see README, "Permissions"): the owner edits; the lead and
 * members of the document's group edit and its observers view, unless the document is private;
 * school visibility lets the owner's school view; alliance visibility lets everyone view;
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
  if (doc.visibility === 'school' && doc.schoolId === user.schoolId) return 'view'
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

/** SQL condition matching every document the subject may at least view (a pre-filter). */
export function visibleDocumentsCondition(subject: AccessSubject): SQL {
  const { user } = subject
  const groupIds = [...subject.memberships.keys()]
  const notPrivate = ne(documents.visibility, 'private')
  const conditions: Array<SQL | undefined> = [
    eq(documents.ownerId, user.id),
    eq(documents.visibility, 'alliance'),
    and(eq(documents.visibility, 'school'), eq(documents.schoolId, user.schoolId)),
  ]
  if (groupIds.length > 0) conditions.push(and(notPrivate, inArray(documents.groupId, groupIds)))
  if (user.role === 'alliance_admin') conditions.push(notPrivate)
  if (user.role === 'school_admin') {
    conditions.push(and(notPrivate, eq(documents.schoolId, user.schoolId)))
  }
  return and(isNull(documents.deletedAt), or(...conditions)) as SQL
}

/** Loads a document's metadata row with its life-cycle access fields (deleted ones too). */
export function loadDocumentRow(
  db: AppDb,
  documentId: string,
): Promise<AccessibleDocumentRow | undefined> {
  return db
    .select(accessibleDocumentColumns)
    .from(documents)
    .leftJoin(planLifecycle, joinLifecycle)
    .where(eq(documents.id, documentId))
    .get()
}
