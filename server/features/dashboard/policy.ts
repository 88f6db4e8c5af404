import type { DashboardScopeKind } from '../../../shared/dashboard/dashboardApi.ts'
import type { UserRole } from '../../../shared/domain.ts'
import { forbidden } from '../../domainError.ts'

/** Who reads the dashboard, and how far they see. */
export interface DashboardViewer {
  userId: string
  kind: DashboardScopeKind
  /** The school admin's school; null for the others. */
  ownSchoolId: string | null
  /** The groups a lead leads (every group they lead, archived ones too); empty otherwise. */
  ledGroupIds: readonly string[]
}

/**
 * The dashboard scope of a user: the alliance admin sees the alliance, a school admin the
 * alliance's aggregates and their own school's drill-downs, a lead their groups; anyone else
 * is refused (403).
 */
export function dashboardViewer(
  user: { id: string; role: UserRole; schoolId: string },
  ledGroupIds: readonly string[],
): DashboardViewer {
  if (user.role === 'alliance_admin')
    return { userId: user.id, kind: 'alliance', ownSchoolId: null, ledGroupIds: [] }
  if (user.role === 'school_admin')
    return { userId: user.id, kind: 'school', ownSchoolId: user.schoolId, ledGroupIds: [] }
  if (ledGroupIds.length > 0)
    return { userId: user.id, kind: 'groups', ownSchoolId: null, ledGroupIds }
  throw forbidden('The dashboard is for admins and group leads')
}

/** A lead may filter only on a group they lead (403 otherwise); others on any group. */
export function requireGroupFilter(viewer: DashboardViewer, groupId: string | undefined): void {
  if (groupId === undefined || viewer.kind !== 'groups') return
  if (!viewer.ledGroupIds.includes(groupId)) throw forbidden('You do not lead this group')
}

/**
 * The school a drill-down is limited to: a school admin's own school (403 when a school named in
 * the request is another one); null (no limit) for the others.
 */
export function drillSchoolOf(
  viewer: DashboardViewer,
  named: ReadonlyArray<string | undefined>,
): string | null {
  if (viewer.kind !== 'school') return null
  for (const school of named) {
    if (school !== undefined && school !== viewer.ownSchoolId)
      throw forbidden('A school admin drills down into their own school only')
  }
  return viewer.ownSchoolId
}

/**
 * The schools a flow-matrix drill-down asks for: a school admin sees the adaptations made by
 * their school or of their school's entries (by default those made by it); naming two other
 * schools is refused (403).
 */
export function flowDrillFilter(
  viewer: DashboardViewer,
  from: string | undefined,
  to: string | undefined,
): { from: string | undefined; to: string | undefined } {
  if (viewer.kind !== 'school') return { from, to }
  const own = viewer.ownSchoolId ?? undefined
  if (from === own || to === own) return { from, to }
  if (from !== undefined || to !== undefined)
    throw forbidden('A school admin drills down into their own school only')
  return { from, to: own }
}
