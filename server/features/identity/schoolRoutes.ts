import { asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { schoolBody } from '../../../shared/apiSchemas.ts'
import { recordAudit } from '../../audit.ts'
import { schools } from '../../db/schema.ts'
import { conflict, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { newId } from './crypto.ts'

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message)
}

/** Schools of the alliance: everyone signed in reads them, the alliance admin manages them. */
export const schoolRoutes = new Hono<AppEnv>()
  .get('/schools', async (c) => {
    requirePrincipal(c)
    const items = await c.var.services.db
      .select()
      .from(schools)
      .orderBy(asc(schools.createdAt))
      .all()
    return c.json({ ok: true as const, items })
  })
  .post('/schools', jsonBody(schoolBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    if (principal.user.role !== 'alliance_admin') throw forbidden()
    const id = newId()
    try {
      await db
        .insert(schools)
        .values({ id, name: c.req.valid('json').name, createdAt: Date.now() })
        .run()
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('A school with this name exists')
      throw error
    }
    await recordAudit(db, {
      actorId: principal.user.id,
      action: 'school_created',
      targetType: 'school',
      targetId: id,
      ip: c.var.clientAddress,
    })
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/schools/:id', jsonBody(schoolBody), async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    if (principal.user.role !== 'alliance_admin') throw forbidden()
    let changes: number
    try {
      const renamed = await db
        .update(schools)
        .set({ name: c.req.valid('json').name })
        .where(eq(schools.id, c.req.param('id')))
        .returning({ id: schools.id })
      changes = renamed.length
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('A school with this name exists')
      throw error
    }
    if (changes === 0) throw notFound('School')
    return c.json({ ok: true as const })
  })

export { isUniqueViolation }
