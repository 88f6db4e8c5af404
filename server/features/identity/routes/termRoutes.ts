import { Hono } from 'hono'
import { recordAudit } from '../../../audit.ts'
import { inTransaction } from '../../../db/executor.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { assertMayRolloverTerm } from '../affiliationPolicy.ts'
import { rolloverBody } from '../affiliationSchema.ts'
import { rolloverTerm } from '../termCommands.ts'
import { listTerms } from '../termQueries.ts'

/** School terms (学期): the terms of the groups, and the rollover to a new term. */
export const termRoutes = new Hono<AppEnv>()
  .get('/admin/terms', async (c) => {
    assertMayRolloverTerm(requirePrincipal(c))
    return c.json({ ok: true as const, items: await listTerms(c.var.services.kdb) })
  })
  .post('/admin/terms/rollover', jsonBody(rolloverBody), async (c) => {
    const principal = requirePrincipal(c)
    assertMayRolloverTerm(principal)
    const body = c.req.valid('json')
    const result = await inTransaction(c.var.services.executor, async (ktx) => {
      const done = await rolloverTerm(ktx, body)
      await recordAudit(ktx, {
        actorId: principal.user.id,
        action: 'term_rolled_over',
        targetType: 'term',
        targetId: body.toTerm,
        ip: c.var.clientAddress,
        details: {
          fromTerm: body.fromTerm,
          toTerm: body.toTerm,
          groups: done.groups.length,
          members: done.members,
        },
      })
      return done
    })
    return c.json({ ok: true as const, ...result })
  })
