import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { inTransaction } from '../../../db/executor.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { createSchool, renameSchool, setSchoolArchived } from '../commands.ts'
import { assertMayManageSchools } from '../policy.ts'
import { listAdminSchools, listSchools, loadSchoolState } from '../queries.ts'
import { schoolBody, updateSchoolBody } from '../schema.ts'

/** Schools of the alliance: everyone signed in reads them, the alliance admin manages them. */
export const schoolRoutes = new Hono<AppEnv>()
  .get('/schools', async (c) => {
    requirePrincipal(c)
    const items = await listSchools(c.var.services.kdb)
    return c.json({ ok: true as const, items })
  })
  .get('/admin/schools', async (c) => {
    assertMayManageSchools(requirePrincipal(c))
    const items = await listAdminSchools(c.var.services.kdb)
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
  .patch('/schools/:id', jsonBody(updateSchoolBody), async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    assertMayManageSchools(principal)
    const schoolId = c.req.param('id')
    const before = await loadSchoolState(kdb, schoolId)
    if (!before) throw notFound('School')
    const { name, archived } = c.req.valid('json')
    await inTransaction(executor, async (ktx) => {
      const audit = (action: string, details?: Record<string, unknown>) =>
        recordAudit(ktx, {
          actorId: principal.user.id,
          action,
          targetType: 'school',
          targetId: schoolId,
          schoolId,
          ip: c.var.clientAddress,
          ...(details ? { details } : {}),
        })
      if (name !== undefined) {
        if (!(await renameSchool(ktx, schoolId, name))) throw notFound('School')
        await audit('school_renamed', { name })
      }
      if (archived !== undefined && archived !== before.archived) {
        await setSchoolArchived(ktx, schoolId, archived)
        await audit(archived ? 'school_archived' : 'school_restored')
      }
    })
    return c.json({ ok: true as const })
  })
