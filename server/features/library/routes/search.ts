import { Hono } from 'hono'
import { type AppEnv, queryOf, requirePrincipal } from '../../../http/context.ts'
import { searchEntries } from '../queries.ts'
import { librarySearchQuery } from '../schema.ts'

/** Full-text search of the library: the index's hits, narrowed by the library filters. */
export const searchRoutes = new Hono<AppEnv>().get(
  '/library/search',
  queryOf(librarySearchQuery),
  async (c) => {
    requirePrincipal(c)
    const { kdb, librarySearch } = c.var.services
    const items = await searchEntries(kdb, librarySearch, c.req.valid('query'))
    return c.json({ ok: true as const, items })
  },
)
