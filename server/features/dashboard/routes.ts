import type { Context } from 'hono'
import { Hono } from 'hono'
import type {
  BalanceAnswer,
  CrossSchoolAnswer,
  DashboardScopeAnswer,
  FlowsAnswer,
  LibraryAnswer,
  PreparationAnswer,
  SessionsAnswer,
  TrendsAnswer,
} from '../../../shared/dashboard/dashboardApi.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../http/context.ts'
import { balanceFigures, plansWrittenBySchool } from './balanceQueries.ts'
import { coAuthoredPlans, commentList, crossSchoolFigures } from './crossSchoolQueries.ts'
import { adaptedPlans, flowFigures } from './flowQueries.ts'
import { libraryEntries, libraryFigures } from './libraryQueries.ts'
import {
  type DashboardViewer,
  drillSchoolOf,
  flowDrillFilter,
  requireGroupFilter,
} from './policy.ts'
import { preparationFigures, preparationTasks } from './preparationQueries.ts'
import {
  balanceDrillQuery,
  coAuthorDrillQuery,
  commentDrillQuery,
  type FiltersQuery,
  filtersQuery,
  flowDrillQuery,
  libraryDrillQuery,
  sessionDrillQuery,
  taskDrillQuery,
} from './schema.ts'
import { type DashboardScope, resolveScope, withSchool } from './scope.ts'
import { sessionFigures, sessionList } from './sessionQueries.ts'
import { termTrends, weeklyTrends } from './trendQueries.ts'
import { loadDashboardViewer, scopeAnswer } from './viewerQueries.ts'

/** The caller as a dashboard viewer (401/403). */
async function viewerOf(c: Context<AppEnv>): Promise<DashboardViewer> {
  return loadDashboardViewer(c.var.services.kdb, requirePrincipal(c).user)
}

/** The filters of the request resolved for the caller (a lead's group filter is checked). */
async function scopeOf(c: Context<AppEnv>, filters: FiltersQuery): Promise<DashboardScope> {
  const viewer = await viewerOf(c)
  requireGroupFilter(viewer, filters.group)
  return resolveScope(c.var.services.kdb, viewer, filters)
}

/**
 * The scope of a drill-down: a school admin's is limited to their own school, and every school
 * the request names must be theirs (403).
 */
async function drillScopeOf(
  c: Context<AppEnv>,
  filters: FiltersQuery,
  namedSchools: ReadonlyArray<string | undefined>,
): Promise<DashboardScope> {
  const scope = await scopeOf(c, filters)
  return withSchool(scope, drillSchoolOf(scope.viewer, [filters.school, ...namedSchools]))
}

/** Only the filters of a drill-down query. */
function filtersOf(query: FiltersQuery): FiltersQuery {
  const { term, school, group, subject, grade } = query
  return Object.fromEntries(
    Object.entries({ term, school, group, subject, grade }).filter(
      ([, value]) => value !== undefined,
    ),
  )
}

/** The alliance dashboard (issue 24): indicators and the drill-downs behind them. */
export const dashboardRoutes = new Hono<AppEnv>()
  // Who may read the dashboard is checked before the query is: 401/403 come before 400.
  .use('/dashboard/*', async (c, next) => {
    await viewerOf(c)
    await next()
  })
  .get('/dashboard/scope', async (c) => {
    const viewer = await viewerOf(c)
    return c.json<DashboardScopeAnswer>({
      ok: true,
      ...(await scopeAnswer(c.var.services.kdb, viewer)),
    })
  })
  .get('/dashboard/preparation', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    return c.json<PreparationAnswer>({
      ok: true,
      ...(await preparationFigures(c.var.services.kdb, scope)),
    })
  })
  .get('/dashboard/preparation/tasks', queryOf(taskDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const scope = await drillScopeOf(c, filtersOf(query), [])
    const page = await preparationTasks(c.var.services.kdb, scope, query, query)
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/sessions', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    return c.json<SessionsAnswer>({
      ok: true,
      ...(await sessionFigures(c.var.services.kdb, scope)),
    })
  })
  .get('/dashboard/sessions/list', queryOf(sessionDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const named = [query.attendeeSchool, query.speakerSchool]
    let scope = await drillScopeOf(c, filtersOf(query), named)
    // A school admin naming their own school as attendee or speaker sees those sessions on
    // any plan in scope, not only their school's plans.
    if (scope.viewer.kind === 'school' && named.some((school) => school !== undefined))
      scope = { ...scope, schoolId: query.school ?? null }
    const page = await sessionList(c.var.services.kdb, scope, query, query)
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/cross-school', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    return c.json<CrossSchoolAnswer>({
      ok: true,
      ...(await crossSchoolFigures(c.var.services.kdb, scope)),
    })
  })
  .get('/dashboard/cross-school/comments', queryOf(commentDrillQuery), async (c) => {
    const query = c.req.valid('query')
    let scope = await drillScopeOf(c, filtersOf(query), [query.authorSchool])
    if (scope.viewer.kind === 'school' && query.authorSchool !== undefined)
      scope = { ...scope, schoolId: query.school ?? null }
    const crossSchool = query.crossSchool === undefined ? undefined : query.crossSchool === 'true'
    const page = await commentList(
      c.var.services.kdb,
      scope,
      { crossSchool, authorSchool: query.authorSchool },
      query,
    )
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/cross-school/plans', queryOf(coAuthorDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const scope = await drillScopeOf(c, filtersOf(query), [])
    const page = await coAuthoredPlans(
      c.var.services.kdb,
      scope,
      query.coAuthored !== 'false',
      query,
    )
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/flows', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    return c.json<FlowsAnswer>({ ok: true, ...(await flowFigures(c.var.services.kdb, scope)) })
  })
  .get('/dashboard/flows/plans', queryOf(flowDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const scope = await scopeOf(c, filtersOf(query))
    drillSchoolOf(scope.viewer, [query.school])
    const filter = flowDrillFilter(scope.viewer, query.from, query.to)
    const page = await adaptedPlans(c.var.services.kdb, scope, filter, query)
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/library', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    return c.json<LibraryAnswer>({ ok: true, ...(await libraryFigures(c.var.services.kdb, scope)) })
  })
  .get('/dashboard/library/entries', queryOf(libraryDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const scope = await drillScopeOf(c, filtersOf(query), [])
    const page = await libraryEntries(c.var.services.kdb, scope, query.kind, query)
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/balance', queryOf(filtersQuery), async (c) => {
    const filters = c.req.valid('query')
    const scope = await scopeOf(c, filters)
    const { term: _term, ...withoutTerm } = filters
    const unTermed = await resolveScope(c.var.services.kdb, scope.viewer, withoutTerm)
    return c.json<BalanceAnswer>({
      ok: true,
      ...(await balanceFigures(c.var.services.kdb, scope, unTermed)),
    })
  })
  .get('/dashboard/balance/plans', queryOf(balanceDrillQuery), async (c) => {
    const query = c.req.valid('query')
    const scope = await drillScopeOf(c, filtersOf(query), [])
    const page = await plansWrittenBySchool(c.var.services.kdb, scope, query.school, query)
    return c.json({ ok: true as const, ...page })
  })
  .get('/dashboard/trends', queryOf(filtersQuery), async (c) => {
    const scope = await scopeOf(c, c.req.valid('query'))
    const { kdb } = c.var.services
    return c.json<TrendsAnswer>({
      ok: true,
      weeks: await weeklyTrends(kdb, scope),
      terms: await termTrends(kdb, scope),
    })
  })
