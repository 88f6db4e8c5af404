import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { GroupRole, PublicUser } from '../../../shared/domain.ts'
import { schoolIdsOf } from '../../../shared/identity/affiliations.ts'
import type { Database } from '../../db/database.ts'
import { containsInsensitive } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentRow } from '../../db/schema.ts'
import type { AccessSubject, LifecycleAccessFields } from './policy.ts'
import type { ListDocumentsQuery } from './schema.ts'

/** A document row together with its life-cycle access fields (what `loadDocumentRow` returns). */
export type AccessibleDocumentRow = DocumentRow & LifecycleAccessFields

/** Documents with their life-cycle access fields (`plan_lifecycle` left-joined). */
function accessibleDocuments(db: AppKysely) {
  return db
    .selectFrom('documents')
    .leftJoin('planLifecycle', 'planLifecycle.documentId', 'documents.id')
    .selectAll('documents')
    .select(['planLifecycle.mainPreparerId', 'planLifecycle.commonPlanId'])
}

/** Loads the user's group memberships. */
export async function loadMemberships(
  db: AppKysely,
  userId: string,
): Promise<Map<string, GroupRole>> {
  const rows = await db
    .selectFrom('groupMembers')
    .select(['groupId', 'role'])
    .where('userId', '=', userId)
    .execute()
  return new Map(rows.map((row) => [row.groupId, row.role]))
}

/** Loads an access subject for a user. */
export async function loadSubject(db: AppKysely, user: PublicUser): Promise<AccessSubject> {
  return { user, memberships: await loadMemberships(db, user.id) }
}

/** SQL condition matching every document the subject may at least view (a pre-filter). */
function visibleDocumentsCondition(
  eb: ExpressionBuilder<Database, 'documents'>,
  subject: AccessSubject,
): Expression<SqlBool> {
  const { user } = subject
  const groupIds = [...subject.memberships.keys()]
  const notPrivate = eb('documents.visibility', '!=', 'private')
  const conditions: Array<Expression<SqlBool>> = [
    eb('documents.ownerId', '=', user.id),
    eb('documents.visibility', '=', 'alliance'),
    eb.and([
      eb('documents.visibility', '=', 'school'),
      eb('documents.schoolId', 'in', schoolIdsOf(user)),
    ]),
  ]
  if (groupIds.length > 0) {
    conditions.push(eb.and([notPrivate, eb('documents.groupId', 'in', groupIds)]))
  }
  if (user.role === 'alliance_admin') conditions.push(notPrivate)
  if (user.role === 'school_admin') {
    conditions.push(eb.and([notPrivate, eb('documents.schoolId', '=', user.schoolId)]))
  }
  return eb.and([eb('documents.deletedAt', 'is', null), eb.or(conditions)])
}

/** Loads a document's metadata row with its life-cycle access fields (deleted ones too). */
export function loadDocumentRow(
  db: AppKysely,
  documentId: string,
): Promise<AccessibleDocumentRow | undefined> {
  return accessibleDocuments(db).where('documents.id', '=', documentId).executeTakeFirst()
}

/**
 * The documents matching a list query among those the subject may see (pre-filtered in SQL;
 * the caller still applies `documentPermission`), most recently changed first.
 */
export function listDocumentRows(
  db: AppKysely,
  subject: AccessSubject,
  query: ListDocumentsQuery,
): Promise<AccessibleDocumentRow[]> {
  const { q } = query
  return accessibleDocuments(db)
    .where((eb) => {
      const filters: Array<Expression<SqlBool>> = [visibleDocumentsCondition(eb, subject)]
      if (query.kind) filters.push(eb('documents.kind', '=', query.kind))
      if (query.status) filters.push(eb('documents.status', '=', query.status))
      if (query.subject) filters.push(eb('documents.subject', '=', query.subject))
      if (query.grade) filters.push(eb('documents.grade', '=', query.grade))
      if (query.unit) filters.push(eb('documents.unit', '=', query.unit))
      if (query.groupId) filters.push(eb('documents.groupId', '=', query.groupId))
      if (query.schoolId) filters.push(eb('documents.schoolId', '=', query.schoolId))
      if (query.mine === 'true') filters.push(eb('documents.ownerId', '=', subject.user.id))
      if (q) filters.push(containsInsensitive(db, eb.ref('documents.title'), q))
      return eb.and(filters)
    })
    .orderBy('documents.updatedAt', 'desc')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute()
}

/** The kind and title of a document, for deriving its content (undefined if there is none). */
export function loadDocumentKind(
  db: AppKysely,
  documentId: string,
): Promise<Pick<DocumentRow, 'kind' | 'title'> | undefined> {
  return db
    .selectFrom('documents')
    .select(['kind', 'title'])
    .where('id', '=', documentId)
    .executeTakeFirst()
}
