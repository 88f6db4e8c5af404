import {
  and,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  like,
  ne,
  or,
  type SQL,
} from 'drizzle-orm'
import type { GroupRole, PublicUser } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { type DocumentRow, documents, groupMembers, planLifecycle } from '../../db/schema.ts'
import type { AccessSubject, LifecycleAccessFields } from './policy.ts'
import type { ListDocumentsQuery } from './schema.ts'

/** A document row together with its life-cycle access fields (what `loadDocumentRow` returns). */
export type AccessibleDocumentRow = DocumentRow & LifecycleAccessFields

/** Columns of a document row with its life-cycle access fields (with {@link joinLifecycle}). */
const accessibleDocumentColumns = {
  ...getTableColumns(documents),
  mainPreparerId: planLifecycle.mainPreparerId,
  commonPlanId: planLifecycle.commonPlanId,
}

/** The join condition of `plan_lifecycle` onto `documents`. */
const joinLifecycle = eq(planLifecycle.documentId, documents.id)

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

/** SQL condition matching every document the subject may at least view (a pre-filter). */
function visibleDocumentsCondition(subject: AccessSubject): SQL {
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/**
 * The documents matching a list query among those the subject may see (pre-filtered in SQL;
 * the caller still applies `documentPermission`), most recently changed first.
 */
export function listDocumentRows(
  db: AppDb,
  subject: AccessSubject,
  query: ListDocumentsQuery,
): Promise<AccessibleDocumentRow[]> {
  const filters: Array<SQL | undefined> = [visibleDocumentsCondition(subject)]
  if (query.kind) filters.push(eq(documents.kind, query.kind))
  if (query.status) filters.push(eq(documents.status, query.status))
  if (query.subject) filters.push(eq(documents.subject, query.subject))
  if (query.grade) filters.push(eq(documents.grade, query.grade))
  if (query.unit) filters.push(eq(documents.unit, query.unit))
  if (query.groupId) filters.push(eq(documents.groupId, query.groupId))
  if (query.schoolId) filters.push(eq(documents.schoolId, query.schoolId))
  if (query.mine === 'true') filters.push(eq(documents.ownerId, subject.user.id))
  if (query.q) filters.push(like(documents.title, `%${escapeLike(query.q)}%`))
  return db
    .select(accessibleDocumentColumns)
    .from(documents)
    .leftJoin(planLifecycle, joinLifecycle)
    .where(and(...filters))
    .orderBy(desc(documents.updatedAt))
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .all()
}

/** The kind and title of a document, for deriving its content (undefined if there is none). */
export function loadDocumentKind(
  db: AppDb,
  documentId: string,
): Promise<Pick<DocumentRow, 'kind' | 'title'> | undefined> {
  return db
    .select({ kind: documents.kind, title: documents.title })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get()
}
