import { createContext, useContext } from 'react'
import type {
  DashboardFilters,
  DashboardScopeAnswer,
} from '../../../../shared/dashboard/dashboardApi.ts'
import type { DrillSpec } from './drills.tsx'

/** What every dashboard card needs: the scope, the filters and how to open a drill-down. */
export interface DashboardContextValue {
  scope: DashboardScopeAnswer
  filters: DashboardFilters
  /** Opens the drawer listing what is behind a figure. */
  openDrill: (spec: DrillSpec) => void
  /** Sets one filter (a clicked term bar filters the dashboard to that term). */
  setFilter: (key: keyof DashboardFilters, value: string | undefined) => void
}

/** The dashboard page's context, provided by DashboardPage. */
export const DashboardContext = createContext<DashboardContextValue | null>(null)

/** The dashboard page's context (inside DashboardPage only). */
export function useDashboard(): DashboardContextValue {
  const value = useContext(DashboardContext)
  if (!value) throw new Error('useDashboard outside the dashboard page')
  return value
}

/**
 * Whether the caller may drill into one school's figures: a school admin only into their own
 * school (the server answers 403 otherwise), everyone else into every school shown.
 */
export function canDrillSchool(scope: DashboardScopeAnswer, schoolId: string): boolean {
  return scope.kind !== 'school' || scope.ownSchoolId === schoolId
}
