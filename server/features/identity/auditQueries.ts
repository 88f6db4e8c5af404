import type { Expression, SqlBool } from 'kysely'
import { type JsonText, parseJson } from '../../db/database.ts'
import { containsInsensitive } from '../../db/dialect.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { AuditFilter } from './schema.ts'

/** An entry of the audit log as the console lists it: who (and their school), what, on what. */
export interface AuditLogItem {
  id: number
  at: number
  actorId: string | null
  actorName: string | null
  actorSchoolName: string | null
  action: string
  targetType: string | null
  targetId: string | null
  /** The target's name where it is cheap to resolve (user, school, group, document). */
  targetLabel: string | null
  schoolId: string | null
  ip: string | null
  details: Record<string, unknown> | null
}

/** What part of the log to read: one school's (`schoolId`) or all (null), filtered. */
export interface AuditSelection extends AuditFilter {
  schoolId: string | null
}

/** The audit log joined with the actor, their school, and the target's name. */
function auditRows(db: AppKysely) {
  return db
    .selectFrom('auditLog')
    .leftJoin('users as actor', 'actor.id', 'auditLog.actorId')
    .leftJoin('schools as actorSchool', 'actorSchool.id', 'actor.schoolId')
    .leftJoin('users as targetUser', (join) =>
      join.onRef('targetUser.id', '=', 'auditLog.targetId').on('auditLog.targetType', '=', 'user'),
    )
    .leftJoin('schools as targetSchool', (join) =>
      join
        .onRef('targetSchool.id', '=', 'auditLog.targetId')
        .on('auditLog.targetType', '=', 'school'),
    )
    .leftJoin('groups as targetGroup', (join) =>
      join
        .onRef('targetGroup.id', '=', 'auditLog.targetId')
        .on('auditLog.targetType', '=', 'group'),
    )
    .leftJoin('documents as targetDocument', (join) =>
      join
        .onRef('targetDocument.id', '=', 'auditLog.targetId')
        .on('auditLog.targetType', '=', 'document'),
    )
}

/** The audit rows of a selection (scope and filters), newest first, without paging. */
function selectedRows(db: AppKysely, selection: AuditSelection) {
  return auditRows(db)
    .select((eb) => [
      'auditLog.id',
      'auditLog.at',
      'auditLog.actorId',
      'actor.displayName as actorName',
      'actorSchool.name as actorSchoolName',
      'auditLog.action',
      'auditLog.targetType',
      'auditLog.targetId',
      eb.fn
        .coalesce(
          'targetUser.displayName',
          'targetSchool.name',
          'targetGroup.name',
          'targetDocument.title',
        )
        .as('targetLabel'),
      'auditLog.schoolId',
      'auditLog.ip',
      'auditLog.details',
    ])
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = []
      if (selection.schoolId !== null) {
        conditions.push(eb('auditLog.schoolId', '=', selection.schoolId))
      }
      if (selection.actorId) conditions.push(eb('auditLog.actorId', '=', selection.actorId))
      if (selection.action && selection.action.length > 0) {
        conditions.push(eb('auditLog.action', 'in', selection.action))
      }
      if (selection.targetType) {
        conditions.push(eb('auditLog.targetType', '=', selection.targetType))
      }
      if (selection.targetId) conditions.push(eb('auditLog.targetId', '=', selection.targetId))
      if (selection.from !== undefined) conditions.push(eb('auditLog.at', '>=', selection.from))
      if (selection.to !== undefined) conditions.push(eb('auditLog.at', '<=', selection.to))
      const q = selection.q
      if (q) {
        conditions.push(
          eb.or([
            containsInsensitive(db, eb.ref('auditLog.action'), q),
            containsInsensitive(db, eb.ref('auditLog.details'), q),
            containsInsensitive(db, eb.ref('actor.displayName'), q),
            containsInsensitive(db, eb.ref('targetUser.displayName'), q),
            containsInsensitive(db, eb.ref('targetSchool.name'), q),
            containsInsensitive(db, eb.ref('targetGroup.name'), q),
            containsInsensitive(db, eb.ref('targetDocument.title'), q),
          ]),
        )
      }
      return eb.and(conditions)
    })
    .orderBy('auditLog.id', 'desc')
}

/** A row as selected, its details still JSON text. */
type StoredItem = Omit<AuditLogItem, 'details'> & {
  details: JsonText<Record<string, unknown>> | null
}

/** An item with its details parsed. */
function itemOf(row: StoredItem): AuditLogItem {
  return { ...row, details: row.details === null ? null : parseJson(row.details) }
}

/**
 * One page of the selected audit entries, newest first: `limit` entries with ids below `before`
 * (keyset pagination); `nextBefore` is the cursor of the next page, null on the last one.
 */
export async function listAuditPage(
  db: AppKysely,
  selection: AuditSelection,
  page: { limit: number; before?: number | undefined },
): Promise<{ items: AuditLogItem[]; nextBefore: number | null }> {
  let query = selectedRows(db, selection)
  if (page.before !== undefined) query = query.where('auditLog.id', '<', page.before)
  const rows = await query.limit(page.limit + 1).execute()
  const items = rows.slice(0, page.limit).map(itemOf)
  const last = items.at(-1)
  return { items, nextBefore: rows.length > page.limit && last ? last.id : null }
}

/** The selected audit entries, newest first, at most `cap` of them (for the CSV export). */
export async function listAuditForExport(
  db: AppKysely,
  selection: AuditSelection,
  cap: number,
): Promise<AuditLogItem[]> {
  const rows = await selectedRows(db, selection).limit(cap).execute()
  return rows.map(itemOf)
}

/** The distinct actions of the log (of one school, or all when `schoolId` is null), sorted. */
export async function listAuditActions(db: AppKysely, schoolId: string | null): Promise<string[]> {
  let query = db.selectFrom('auditLog').select('action').distinct()
  if (schoolId !== null) query = query.where('schoolId', '=', schoolId)
  const rows = await query.orderBy('action', 'asc').execute()
  return rows.map((row) => row.action)
}
