import { Hono } from 'hono'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject, requireViewable } from '../../documents/index.ts'
import { contributorsOf } from './contributors.ts'

/** GET /documents/:id/contributors: who wrote the live plan, per person and per school. */
export const contributorRoutes = new Hono<AppEnv>().get(
  '/documents/:id/contributors',
  async (c) => {
    const { kdb, store, registry } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    const state = await registry.encodeState(row.id)
    const contributors = await contributorsOf(kdb, store, row.id, state)
    return c.json({ ok: true as const, ...contributors })
  },
)
