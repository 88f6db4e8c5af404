import { desc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { auditQuery } from '../../../shared/apiSchemas.ts'
import { auditLog } from '../../db/schema.ts'
import { forbidden } from '../../domainError.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../http/context.ts'

/** The audit log: all of it for the alliance admin, one school's part for a school admin. */
export const auditRoutes = new Hono<AppEnv>().get('/audit', queryOf(auditQuery), async (c) => {
  const { db } = c.var.services
  const principal = requirePrincipal(c)
  const { role, schoolId } = principal.user
  if (role === 'teacher') throw forbidden()
  const items = await db
    .select()
    .from(auditLog)
    .where(role === 'school_admin' ? eq(auditLog.schoolId, schoolId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(c.req.valid('query').limit ?? 100)
    .all()
  return c.json({ ok: true as const, items })
})
