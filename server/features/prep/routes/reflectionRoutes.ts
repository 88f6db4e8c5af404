import { Hono } from 'hono'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject } from '../../documents/index.ts'
import { addReflection, updateReflection } from '../commands.ts'
import {
  requireDocumentAccess,
  requirePersonal,
  requireReflectionAuthor,
  requireReflectionWriter,
} from '../policy.ts'
import { listReflections, loadReflection } from '../queries.ts'
import { reflectionBody, updateReflectionBody } from '../schema.ts'
import { viewedDocument } from './viewedDocument.ts'

/** Reflections (课后反思): what the teacher of a 个案 writes after teaching each class. */
export const reflectionRoutes = new Hono<AppEnv>()
  .get('/documents/:id/reflections', async (c) => {
    const { kdb } = c.var.services
    const { row } = await viewedDocument(c)
    return c.json({ ok: true as const, items: await listReflections(kdb, row.id) })
  })
  .post('/documents/:id/reflections', jsonBody(reflectionBody), async (c) => {
    const { kdb } = c.var.services
    const viewed = await viewedDocument(c)
    const { principal } = viewed
    const row = requirePersonal(viewed.row)
    requireReflectionWriter(row, principal.user.id)
    const id = await addReflection(kdb, row.id, principal.user.id, c.req.valid('json'))
    return c.json({ ok: true as const, id }, 201)
  })
  .patch('/reflections/:id', jsonBody(updateReflectionBody), async (c) => {
    const { kdb } = c.var.services
    const principal = requirePrincipal(c)
    const reflection = await loadReflection(kdb, c.req.param('id'))
    if (!reflection) throw notFound('Reflection')
    const subject = await loadSubject(kdb, principal.user)
    requireDocumentAccess(subject, await loadDocumentRow(kdb, reflection.documentId), 'view')
    requireReflectionAuthor(reflection, principal.user.id)
    await updateReflection(kdb, reflection.id, c.req.valid('json'))
    return c.json({ ok: true as const })
  })
