import { lazy } from 'react'

// Dashboard: the alliance's indicators (质量监测), charts, drill-downs and .xlsx exports.
export { DashboardNavLink } from './DashboardNavLink.tsx'

/** `/dashboard`, loaded (with ECharts) when first opened. */
export const DashboardPage = lazy(async () => ({
  default: (await import('./DashboardPage.tsx')).DashboardPage,
}))
