import {
  DASHBOARD_FILTER_KEYS,
  type DashboardFilters,
} from '../../../../shared/dashboard/dashboardApi.ts'
import { useUrlState } from '../../components/useUrlState.ts'

/** The dashboard's filters and how to change them. */
export interface DashboardFilterState {
  filters: DashboardFilters
  setFilter: (key: keyof DashboardFilters, value: string | undefined) => void
  clear: () => void
}

/**
 * The dashboard's filters, kept in the URL query (`?term=…&school=…`) so a shared link or Back
 * brings them back. Query keys hash the object by value, so a fresh object per render is fine.
 */
export function useDashboardFilters(): DashboardFilterState {
  const url = useUrlState()
  const filters: DashboardFilters = {}
  for (const key of DASHBOARD_FILTER_KEYS) {
    const value = url.get(key)
    if (value) filters[key] = value
  }
  return {
    filters,
    setFilter: (key, value) => url.set({ [key]: value }),
    clear: () => url.set(Object.fromEntries(DASHBOARD_FILTER_KEYS.map((key) => [key, undefined]))),
  }
}
