import { Hono } from 'hono'
import { DomainError } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { anyUserExists } from '../firstRun.ts'
import { completeSetup, loadAlliance } from '../linkCommands.ts'
import { loadPublicUser } from '../queries.ts'
import { setupBody } from '../schema.ts'
import { startBrowserSession } from './sessionCookie.ts'

/** The first-run set-up (no auth: the set-up link is the credential) and the alliance's name. */
export const setupRoutes = new Hono<AppEnv>()
  .get('/setup', async (c) => {
    const needed = !(await anyUserExists(c.var.services.kdb))
    return c.json({ ok: true as const, needed })
  })
  .post('/setup', jsonBody(setupBody), async (c) => {
    const { kdb, executor } = c.var.services
    const userId = await completeSetup(executor, c.req.valid('json'), c.var.clientAddress)
    const user = await loadPublicUser(kdb, userId)
    if (!user) throw new DomainError('internal', 'The new administrator was not found')
    await startBrowserSession(c, user.id)
    return c.json({ ok: true as const, user })
  })
  .get('/alliance', async (c) => {
    requirePrincipal(c)
    const alliance = await loadAlliance(c.var.services.kdb)
    return c.json({ ok: true as const, alliance })
  })
