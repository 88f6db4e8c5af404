/** The 师徒结对 routes (`/api/mentoring/pairs…`); the route list is in shared/mentoring/mentoringApi.ts. */
import { type Context, Hono } from 'hono'
import { termOfDay } from '../../../shared/identity/terms.ts'
import type {
  GuidanceInfo,
  PairInfo,
  PairListResponse,
  PairProgress,
} from '../../../shared/mentoring/mentoringApi.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { type AccessSubject, loadSubject } from '../documents/index.ts'
import { answerRequest, createPair, endPair, requestGuidance, updatePair } from './commands.ts'
import { chinaDay } from './day.ts'
import { pairProgress } from './progress.ts'
import { listPairs, pairInfo, visiblePair } from './queries.ts'
import {
  createPairBody,
  endPairBody,
  guidanceBody,
  listPairsQuery,
  progressQuery,
  updatePairBody,
} from './schema.ts'

async function subjectOf(c: Context<AppEnv>): Promise<AccessSubject> {
  return loadSubject(c.var.services.kdb, requirePrincipal(c).user)
}

/** The pair of `:id` the caller sees (404 otherwise), with the caller. */
async function pairOf(c: Context<AppEnv>) {
  const subject = await subjectOf(c)
  return { subject, pair: await visiblePair(c.var.services.kdb, subject, c.req.param('id') ?? '') }
}

/** The pair of `pairId` as the caller now sees it. */
async function answer(
  c: Context<AppEnv>,
  subject: AccessSubject,
  pairId: string,
): Promise<PairInfo> {
  const { kdb } = c.var.services
  return pairInfo(kdb, subject, await visiblePair(kdb, subject, pairId))
}

/** 师徒结对 and 城乡结对: pairs, requests, guidance and duty progress. */
export const mentoringRoutes = new Hono<AppEnv>()
  .get('/mentoring/pairs', queryOf(listPairsQuery), async (c) => {
    const subject = await subjectOf(c)
    const body: PairListResponse = {
      pairs: await listPairs(c.var.services.kdb, subject, c.req.valid('query')),
    }
    return c.json({ ok: true as const, ...body })
  })
  .post('/mentoring/pairs', jsonBody(createPairBody), async (c) => {
    const subject = await subjectOf(c)
    const id = await createPair(c.var.services.kdb, subject, c.req.valid('json'), Date.now())
    return c.json({ ok: true as const, ...(await answer(c, subject, id)) }, 201)
  })
  .get('/mentoring/pairs/:id', async (c) => {
    const { subject, pair } = await pairOf(c)
    const body: PairInfo = await pairInfo(c.var.services.kdb, subject, pair)
    return c.json({ ok: true as const, ...body })
  })
  .patch('/mentoring/pairs/:id', jsonBody(updatePairBody), async (c) => {
    const { subject, pair } = await pairOf(c)
    await updatePair(c.var.services.kdb, subject, pair, c.req.valid('json'))
    return c.json({ ok: true as const, ...(await answer(c, subject, pair.row.id)) })
  })
  .post('/mentoring/pairs/:id/accept', async (c) => {
    const { subject, pair } = await pairOf(c)
    await answerRequest(c.var.services.kdb, subject, pair, { accept: true }, Date.now())
    return c.json({ ok: true as const, ...(await answer(c, subject, pair.row.id)) })
  })
  .post('/mentoring/pairs/:id/decline', jsonBody(endPairBody), async (c) => {
    const { subject, pair } = await pairOf(c)
    const { reason } = c.req.valid('json')
    await answerRequest(c.var.services.kdb, subject, pair, { accept: false, reason }, Date.now())
    return c.json({ ok: true as const, ...(await answer(c, subject, pair.row.id)) })
  })
  .post('/mentoring/pairs/:id/end', jsonBody(endPairBody), async (c) => {
    const { subject, pair } = await pairOf(c)
    await endPair(c.var.services.kdb, subject, pair, c.req.valid('json').reason, Date.now())
    return c.json({ ok: true as const, ...(await answer(c, subject, pair.row.id)) })
  })
  .post('/mentoring/pairs/:id/guidance', jsonBody(guidanceBody), async (c) => {
    const { subject, pair } = await pairOf(c)
    const body: GuidanceInfo = await requestGuidance(
      c.var.services.kdb,
      subject,
      pair,
      c.req.valid('json'),
      Date.now(),
    )
    return c.json({ ok: true as const, ...body }, 201)
  })
  .get('/mentoring/pairs/:id/progress', queryOf(progressQuery), async (c) => {
    const { pair } = await pairOf(c)
    const now = Date.now()
    const term = c.req.valid('query').term ?? termOfDay(chinaDay(now))
    const body: PairProgress = await pairProgress(c.var.services.kdb, pair, term, now)
    return c.json({ ok: true as const, ...body })
  })
