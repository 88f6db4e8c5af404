import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { createSchool, renameSchool } from '../commands.ts'
import { assertMayManageSchools } from '../policy.ts'
import { listSchools } from '../queries.ts'
import { schoolBody } from '../schema.ts'

/** Schools of the alliance: everyone signed in reads them, the alliance admin manages them. */
export const schoolRoutes = new Hono<AppEnv>()
  .get('/schools', async (c) => {
    requirePrincipal(c)
    const items = await listSchools(c.var.services.kdb)
    return c.json({ ok: true as const, items })
  })
  .post('/schools', jsonBody(schoolBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    assertMayManageSchools(principal)
    const id = await createSchool(kdb, c.req.valid('json').name)
    await recordAudit(kdb, {
      actorId: principal.user.id,
      action: 'school_created',
      targetType: 'school',
      targetId: id,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/schools/:id', jsonBody(schoolBody), async (c) => {
    const principal = requirePrincipal(c)
    assertMayManageSchools(principal)
    const renamed = await renameSchool(
      c.var.services.kdb,
      c.req.param('id'),
      c.req.valid('json').name,
    )
    if (!renamed) throw notFound('School')
    return c.json({ ok: true as const })
  })
