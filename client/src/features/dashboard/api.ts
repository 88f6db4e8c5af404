import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type {
  BalanceAnswer,
  CrossSchoolAnswer,
  DashboardFilters,
  DashboardScopeAnswer,
  DrillAnswer,
  FlowsAnswer,
  LibraryAnswer,
  PreparationAnswer,
  SessionsAnswer,
  TrendsAnswer,
} from '../../../../shared/dashboard/dashboardApi.ts'
import { ApiError } from '../../api/ApiError.ts'
import { call, client } from '../../api/client.ts'

/** The indicator routes of the dashboard and what each answers. */
export interface IndicatorAnswers {
  preparation: PreparationAnswer
  sessions: SessionsAnswer
  'cross-school': CrossSchoolAnswer
  flows: FlowsAnswer
  library: LibraryAnswer
  balance: BalanceAnswer
  trends: TrendsAnswer
}

/** One indicator route (`/api/dashboard/<name>`). */
export type IndicatorName = keyof IndicatorAnswers

/** A drill-down request: its route below `/api/dashboard/` and its extra query. */
export interface DrillRequest {
  path: string
  query: Record<string, string>
}

/** The query keys of the dashboard: scope, indicators by filters, drill-down pages. */
export const dashboardKeys = {
  all: ['dashboard'] as const,
  scope: () => [...dashboardKeys.all, 'scope'] as const,
  indicator: (name: IndicatorName, filters: DashboardFilters) =>
    [...dashboardKeys.all, 'indicator', name, filters] as const,
  drill: (request: DrillRequest, filters: DashboardFilters, page: number, pageSize: number) =>
    [...dashboardKeys.all, 'drill', request.path, request.query, filters, page, pageSize] as const,
}

/** The URL of a dashboard route with its query (empty values left out). */
export function dashboardUrl(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, value)
  }
  const search = params.toString()
  return `/api/dashboard/${path}${search ? `?${search}` : ''}`
}

/** The typed call of each indicator route (the server's answer checked against the contract). */
const INDICATOR_CALLS: {
  [Name in IndicatorName]: (query: DashboardFilters) => Promise<IndicatorAnswers[Name]>
} = {
  preparation: (query) => call(client.dashboard.preparation.$get({ query })),
  sessions: (query) => call(client.dashboard.sessions.$get({ query })),
  'cross-school': (query) => call(client.dashboard['cross-school'].$get({ query })),
  flows: (query) => call(client.dashboard.flows.$get({ query })),
  library: (query) => call(client.dashboard.library.$get({ query })),
  balance: (query) => call(client.dashboard.balance.$get({ query })),
  trends: (query) => call(client.dashboard.trends.$get({ query })),
}

/**
 * GETs a drill-down route, throwing ApiError like every other call. Drill-downs are data (a
 * route and its query, built by the card that was clicked), so they go by URL; their rows are
 * the contract's types.
 */
async function getDrill<Row>(path: string, query: Record<string, string | undefined>) {
  return call<DrillAnswer<Row>>(fetch(dashboardUrl(path, query), { credentials: 'same-origin' }))
}

/** The caller's dashboard scope and filter choices; `null` when the caller has no dashboard. */
export function useDashboardScope(enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.scope(),
    enabled,
    staleTime: 60_000,
    retry: false,
    queryFn: async (): Promise<DashboardScopeAnswer | null> => {
      try {
        return await call(client.dashboard.scope.$get())
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 401)) return null
        throw error
      }
    },
  })
}

/** One indicator's figures for the filters. */
export function useIndicator<Name extends IndicatorName>(name: Name, filters: DashboardFilters) {
  return useQuery({
    queryKey: dashboardKeys.indicator(name, filters),
    placeholderData: keepPreviousData,
    queryFn: async () => INDICATOR_CALLS[name](filters),
  })
}

/** One page of a drill-down's rows (pages count from 1). */
export function useDrill<Row>(
  request: DrillRequest | null,
  filters: DashboardFilters,
  page: number,
  pageSize: number,
) {
  return useQuery({
    queryKey: dashboardKeys.drill(request ?? { path: '', query: {} }, filters, page, pageSize),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      getDrill<Row>(request?.path ?? '', {
        ...filters,
        ...request?.query,
        limit: String(pageSize),
        offset: String((page - 1) * pageSize),
      }),
  })
}

/** Every row of a drill-down (page by page, at most `cap`), for an export. */
export async function fetchAllDrillRows<Row>(
  request: DrillRequest,
  filters: DashboardFilters,
  cap = 5_000,
  pageSize = 200,
): Promise<Row[]> {
  const rows: Row[] = []
  for (let offset = 0; offset < cap; offset += pageSize) {
    const page = await getDrill<Row>(request.path, {
      ...filters,
      ...request.query,
      limit: String(pageSize),
      offset: String(offset),
    })
    rows.push(...page.rows)
    if (rows.length >= page.total || page.rows.length < pageSize) break
  }
  return rows
}
