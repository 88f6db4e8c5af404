import type { DashboardScopeAnswer } from '../../../shared/dashboard/dashboardApi.ts'
import type { UserRole } from '../../../shared/domain.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { type DashboardViewer, dashboardViewer } from './policy.ts'
import { allSchools } from './scope.ts'

/** The dashboard viewer of a signed-in user (403 when they have no dashboard). */
export async function loadDashboardViewer(
  kdb: AppKysely,
  user: { id: string; role: UserRole; schoolId: string },
): Promise<DashboardViewer> {
  const led = await kdb
    .selectFrom('groupMembers')
    .select('groupId')
    .where('userId', '=', user.id)
    .where('role', '=', 'lead')
    .orderBy('groupId')
    .execute()
  return dashboardViewer(
    user,
    led.map((row) => row.groupId),
  )
}

/** Distinct non-empty values, sorted. */
function distinctSorted(values: readonly string[], descending = false): string[] {
  const sorted = [...new Set(values.filter((value) => value !== ''))].sort()
  return descending ? sorted.reverse() : sorted
}

/** The viewer's scope and the choices of the filters. */
export async function scopeAnswer(
  kdb: AppKysely,
  viewer: DashboardViewer,
): Promise<Omit<DashboardScopeAnswer, 'ok'>> {
  let query = kdb.selectFrom('groups').select(['id', 'name', 'term', 'subject', 'grade'])
  if (viewer.kind === 'groups') query = query.where('id', 'in', [...viewer.ledGroupIds])
  const groups = await query.orderBy('term', 'desc').orderBy('name').execute()
  return {
    kind: viewer.kind,
    ownSchoolId: viewer.ownSchoolId,
    schools: await allSchools(kdb),
    groups,
    terms: distinctSorted(
      groups.map((group) => group.term),
      true,
    ),
    subjects: distinctSorted(groups.map((group) => group.subject)),
    grades: distinctSorted(groups.map((group) => group.grade)),
  }
}
