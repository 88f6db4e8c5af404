import { Hono } from 'hono'
import { type AppEnv, queryOf, requirePrincipal } from '../../../http/context.ts'
import { auditScope } from '../policy.ts'
import { listAuditEntries } from '../queries.ts'
import { auditQuery } from '../schema.ts'

/** The audit log: all of it for the alliance admin, one school's part for a school admin. */
export const auditRoutes = new Hono<AppEnv>().get('/audit', queryOf(auditQuery), async (c) => {
  const { schoolId } = auditScope(requirePrincipal(c))
  const items = await listAuditEntries(c.var.services.kdb, {
    schoolId,
    limit: c.req.valid('query').limit ?? 100,
  })
  return c.json({ ok: true as const, items })
})
