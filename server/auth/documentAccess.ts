import { and, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm'
import type { GroupRole, Permission, PublicUser } from '../../shared/domain.ts'
import { type DocumentRow, documents, groupMembers } from '../db/schema.ts'
import type { SqliteDb } from '../db/sqlite.ts'

/** A user together with their group memberships: everything access rules look at. */
export interface AccessSubject {
  user: PublicUser
  /** groupId → role in that group. */
  memberships: ReadonlyMap<string, GroupRole>
}

/** The fields of a document that decide access. */
export type AccessFields = Pick<
  DocumentRow,
  'ownerId' | 'schoolId' | 'groupId' | 'visibility' | 'deletedAt'
>

/** Loads the user's group memberships. */
export function loadMemberships(db: SqliteDb, userId: string): Map<string, GroupRole> {
  const rows = db
    .select({ groupId: groupMembers.groupId, role: groupMembers.role })
    .from(groupMembers)
    .where(eq(groupMembers.userId, userId))
    .all()
  return new Map(rows.map((row) => [row.groupId, row.role]))
}

/** Loads an access subject for a user. */
export function loadSubject(db: SqliteDb, user: PublicUser): AccessSubject {
  return { user, memberships: loadMemberships(db, user.id) }
}

/**
 * The one rule of document access (see README, "Permissions"): the owner edits; the lead and
 * members of the document's group edit and its observers view, unless the document is private;
 * school visibility lets the owner's school view; alliance visibility lets everyone view;
 * administrators view what is not private within their reach.
 */
export function documentPermission(subject: AccessSubject, doc: AccessFields): Permission {
  if (doc.deletedAt !== null) return 'none'
  const { user } = subject
  if (doc.ownerId === user.id) return 'edit'
  if (doc.visibility === 'private') return 'none'
  const groupRole = doc.groupId ? subject.memberships.get(doc.groupId) : undefined
  if (groupRole === 'lead' || groupRole === 'member') return 'edit'
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

/** Loads a document's metadata row (deleted ones too). */
export function loadDocumentRow(db: SqliteDb, documentId: string): DocumentRow | undefined {
  return db.select().from(documents).where(eq(documents.id, documentId)).get()
}
