import { Hono } from 'hono'
import type { AppEnv } from '../../http/context.ts'
import { entryRoutes } from './routes/entries.ts'
import { provenanceRoutes } from './routes/provenance.ts'
import { reviewRoutes } from './routes/review.ts'
import { searchRoutes } from './routes/search.ts'

/** The shared library's API: review (审核), search, provenance and the entries themselves. */
export const libraryRoutes = new Hono<AppEnv>()
  // Static paths first: /library/settings, /submissions and /search would match /library/:id.
  .route('/', reviewRoutes)
  .route('/', searchRoutes)
  .route('/', provenanceRoutes)
  .route('/', entryRoutes)
