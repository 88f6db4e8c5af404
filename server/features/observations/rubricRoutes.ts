import { type Context, Hono } from 'hono'
import type {
  RubricDetail,
  RubricListResponse,
  RubricVersionDetail,
} from '../../../shared/observations/observationApi.ts'
import { inTransaction } from '../../db/executor.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { type AccessSubject, loadSubject } from '../documents/index.ts'
import { requireRubricManager } from './policy.ts'
import {
  addRubricVersion,
  createRubric,
  listRubrics,
  rubricDetail,
  rubricVersionDetail,
} from './rubrics.ts'
import { createRubricBody, newRubricVersionBody } from './schema.ts'

function subjectOf(c: Context<AppEnv>): Promise<AccessSubject> {
  return loadSubject(c.var.services.kdb, requirePrincipal(c).user)
}

/** Rubrics (评课表): everyone reads, alliance admins create and version them. */
export const rubricRoutes = new Hono<AppEnv>()
  .get('/rubrics', async (c) => {
    requirePrincipal(c)
    const body: RubricListResponse = { rubrics: await listRubrics(c.var.services.kdb) }
    return c.json({ ok: true as const, ...body })
  })
  .post('/rubrics', jsonBody(createRubricBody), async (c) => {
    const subject = await subjectOf(c)
    requireRubricManager(subject)
    const input = c.req.valid('json')
    const { kdb, executor } = c.var.services
    const id = await inTransaction(executor, (ktx) =>
      createRubric(ktx, {
        name: input.name,
        description: input.description ?? '',
        definition: input.definition,
        createdBy: subject.user.id,
      }),
    )
    const body: RubricDetail = await rubricDetail(kdb, id, true)
    return c.json({ ok: true as const, ...body }, 201)
  })
  .get('/rubrics/:id', async (c) => {
    const subject = await subjectOf(c)
    const body: RubricDetail = await rubricDetail(
      c.var.services.kdb,
      c.req.param('id'),
      subject.user.role === 'alliance_admin',
    )
    return c.json({ ok: true as const, ...body })
  })
  .post('/rubrics/:id/versions', jsonBody(newRubricVersionBody), async (c) => {
    const subject = await subjectOf(c)
    requireRubricManager(subject)
    const { kdb, executor } = c.var.services
    await addRubricVersion(executor, c.req.param('id'), {
      ...c.req.valid('json'),
      createdBy: subject.user.id,
    })
    const body: RubricDetail = await rubricDetail(kdb, c.req.param('id'), true)
    return c.json({ ok: true as const, ...body }, 201)
  })
  .get('/rubrics/:id/versions/:versionId', async (c) => {
    requirePrincipal(c)
    const body: RubricVersionDetail = await rubricVersionDetail(
      c.var.services.kdb,
      c.req.param('id'),
      c.req.param('versionId'),
    )
    return c.json({ ok: true as const, ...body })
  })
