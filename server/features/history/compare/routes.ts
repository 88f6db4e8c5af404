import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject, requireViewable } from '../../documents/index.ts'
import { comparePlanStates } from './comparison.ts'
import { versionState } from './versionState.ts'

const versionId = z.coerce.number().int().positive()

/** Query of GET /documents/:id/compare: two versions, or a version and the live plan. */
export const compareQuery = z.object({
  from: versionId,
  to: z.union([z.literal('live'), versionId]),
})

/** GET /documents/:id/compare?from=&to=: two versions compared part by part, with authors. */
export const compareRoutes = new Hono<AppEnv>().get(
  '/documents/:id/compare',
  queryOf(compareQuery),
  async (c) => {
    const { kdb, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const query = c.req.valid('query')
    const fromState = await versionState(store, row.id, query.from)
    if (!fromState) throw notFound('Version')
    const toState =
      query.to === 'live'
        ? await registry.encodeState(row.id)
        : await versionState(store, row.id, query.to)
    if (!toState) throw notFound('Version')
    const comparison = await comparePlanStates(
      kdb,
      store,
      row.id,
      { id: query.from, state: fromState },
      { id: query.to, state: toState },
    )
    return c.json({ ok: true as const, ...comparison })
  },
)
