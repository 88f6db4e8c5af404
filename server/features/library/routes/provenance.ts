import { Hono } from 'hono'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { requireLiveDocument, requireReadableDocument } from '../policy.ts'
import { provenanceOf } from '../queries.ts'

/** Provenance of plans adapted from the library (二次备课). */
export const provenanceRoutes = new Hono<AppEnv>().get('/documents/:id/provenance', async (c) => {
  const { kdb } = c.var.services
  const principal = requirePrincipal(c)
  const row = requireLiveDocument(await loadDocumentRow(kdb, c.req.param('id')))
  requireReadableDocument(await loadSubject(kdb, principal.user), row)
  const provenance =
    row.adaptedFromEntryId && row.adaptedFromVersion !== null
      ? await provenanceOf(kdb, row.adaptedFromEntryId, row.adaptedFromVersion)
      : null
  return c.json({ ok: true as const, provenance })
})
