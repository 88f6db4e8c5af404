import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type { NamedRef } from '../../../shared/dashboard/dashboardApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DashboardViewer } from './policy.ts'
import type { FiltersQuery } from './schema.ts'

/** The filters resolved against the viewer: what every dashboard query restricts itself to. */
export interface DashboardScope {
  viewer: DashboardViewer
  /** Groups the plans must belong to; null: any group or none. */
  groupIds: string[] | null
  /** Groups the tasks must belong to (also by the group's subject and grade); null: any. */
  taskGroupIds: string[] | null
  schoolId: string | null
  subject: string | null
  grade: string | null
  term: string | null
}

/** A group as the scope resolution reads it. */
interface ScopeGroup {
  id: string
  term: string
  subject: string
  grade: string
}

/** `ids` narrowed to `allowed` (null: no restriction yet). */
function narrow(ids: string[] | null, allowed: readonly string[]): string[] {
  const keep = new Set(allowed)
  return (ids ?? [...keep]).filter((id) => keep.has(id))
}

/** Resolves the filters of a request for `viewer` (a lead's groups bound everything). */
export async function resolveScope(
  kdb: AppKysely,
  viewer: DashboardViewer,
  filters: FiltersQuery,
): Promise<DashboardScope> {
  const groups: ScopeGroup[] = await kdb
    .selectFrom('groups')
    .select(['id', 'term', 'subject', 'grade'])
    .execute()
  let groupIds: string[] | null = viewer.kind === 'groups' ? [...viewer.ledGroupIds] : null
  if (filters.group !== undefined) groupIds = narrow(groupIds, [filters.group])
  if (filters.term !== undefined) {
    const ofTerm = groups.filter((group) => group.term === filters.term).map((group) => group.id)
    groupIds = narrow(groupIds, ofTerm)
  }
  let taskGroupIds = groupIds
  if (filters.subject !== undefined || filters.grade !== undefined) {
    const matching = groups
      .filter(
        (group) =>
          (filters.subject === undefined || group.subject === filters.subject) &&
          (filters.grade === undefined || group.grade === filters.grade),
      )
      .map((group) => group.id)
    taskGroupIds = narrow(taskGroupIds, matching)
  }
  return {
    viewer,
    groupIds,
    taskGroupIds,
    schoolId: filters.school ?? null,
    subject: filters.subject ?? null,
    grade: filters.grade ?? null,
    term: filters.term ?? null,
  }
}

/** The scope with its school replaced (a school admin's drill-down, a per-school figure). */
export function withSchool(scope: DashboardScope, schoolId: string | null): DashboardScope {
  return schoolId === null ? scope : { ...scope, schoolId }
}

/** The scope of one term (term-over-term figures): the groups of that term within the scope. */
export async function withTerm(
  kdb: AppKysely,
  scope: DashboardScope,
  term: string,
): Promise<DashboardScope> {
  const ofTerm = (
    await kdb.selectFrom('groups').select('id').where('term', '=', term).execute()
  ).map((group) => group.id)
  return {
    ...scope,
    term,
    groupIds: narrow(scope.groupIds, ofTerm),
    taskGroupIds: narrow(scope.taskGroupIds, ofTerm),
  }
}

/** `column IN (ids)`, or false for an empty list. */
export function inList(column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  if (ids.length === 0) return sql<SqlBool>`1 = 0`
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`
}

/**
 * The condition of a plan in scope on the `documents` table aliased `alias`: a lesson plan, not
 * deleted, of the scope's groups, school, subject and grade.
 */
export function planInScope(scope: DashboardScope, alias = 'documents'): RawBuilder<SqlBool> {
  const col = (name: string) => `${alias}.${name}`
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`${sql.ref(col('kind'))} = 'lesson_plan'`,
    sql<SqlBool>`${sql.ref(col('deletedAt'))} is null`,
  ]
  if (scope.groupIds !== null) parts.push(inList(col('groupId'), scope.groupIds))
  if (scope.schoolId !== null)
    parts.push(sql<SqlBool>`${sql.ref(col('schoolId'))} = ${scope.schoolId}`)
  if (scope.subject !== null)
    parts.push(sql<SqlBool>`${sql.ref(col('subject'))} = ${scope.subject}`)
  if (scope.grade !== null) parts.push(sql<SqlBool>`${sql.ref(col('grade'))} = ${scope.grade}`)
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`
}

/** Every school of the alliance, by name (the axes of per-school figures). */
export async function allSchools(kdb: AppKysely): Promise<NamedRef[]> {
  return kdb.selectFrom('schools').select(['id', 'name']).orderBy('name').execute()
}

/** A lookup of school names by id ('' for an unknown id). */
export function schoolNamer(schools: readonly NamedRef[]): (id: string) => string {
  const names = new Map(schools.map((school) => [school.id, school.name]))
  return (id) => names.get(id) ?? ''
}

/** `part ÷ whole` rounded to `digits` decimals, null when `whole` is 0. */
export function ratio(part: number, whole: number, digits = 3): number | null {
  if (whole === 0) return null
  const scale = 10 ** digits
  return Math.round((part / whole) * scale) / scale
}

/** The median of numbers (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
