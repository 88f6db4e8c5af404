import { type Context, Hono } from 'hono'
import type { ObserverSheet } from '../../../shared/observations/observationApi.ts'
import { badRequest } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { loadSubject } from '../documents/index.ts'
import { requireWritableSheet } from './commands.ts'
import { requireObserver } from './policy.ts'
import { type LoadedObservation, visibleObservation } from './queries.ts'
import {
  clientId,
  putBonusBody,
  putCommentsBody,
  putNoteBody,
  putScoresBody,
  putTimingBody,
} from './schema.ts'
import {
  loadSheet,
  putBonus,
  putComments,
  putNote,
  putScores,
  putTiming,
  submitSheet,
} from './sheet.ts'

/** The observation of `:id` and what the caller is to it (404 when hidden). */
async function observationOf(c: Context<AppEnv>) {
  const subject = await loadSubject(c.var.services.kdb, requirePrincipal(c).user)
  const found = await visibleObservation(c.var.services.kdb, subject, c.req.param('id') ?? '')
  return { subject, ...found }
}

/** The caller's sheet after a write, re-read. */
async function sheetAnswer(c: Context<AppEnv>, observation: LoadedObservation) {
  const sheet: ObserverSheet = await loadSheet(
    c.var.services.kdb,
    observation,
    requirePrincipal(c).user.id,
  )
  return c.json({ ok: true as const, ...sheet })
}

/**
 * The observer's own sheet: read it, and its idempotent writes (notes by client id, timings,
 * scores, bonus, comments, submit). Only the observation's observers, while it is open.
 */
export const sheetRoutes = new Hono<AppEnv>()
  .get('/observations/:id/sheet', async (c) => {
    const { observation, roles } = await observationOf(c)
    requireObserver(roles)
    return sheetAnswer(c, observation)
  })
  .put('/observations/:id/sheet/notes/:noteId', jsonBody(putNoteBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    const noteId = clientId.safeParse(c.req.param('noteId'))
    if (!noteId.success) throw badRequest('noteId: 8–64 letters, digits, - or _')
    await putNote(
      c.var.services.executor,
      observation,
      subject.user.id,
      noteId.data,
      c.req.valid('json'),
    )
    return sheetAnswer(c, observation)
  })
  .put('/observations/:id/sheet/timings', jsonBody(putTimingBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await putTiming(c.var.services.executor, observation, subject.user.id, c.req.valid('json'))
    return sheetAnswer(c, observation)
  })
  .put('/observations/:id/sheet/scores', jsonBody(putScoresBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await putScores(
      c.var.services.executor,
      observation,
      subject.user.id,
      c.req.valid('json').scores,
    )
    return sheetAnswer(c, observation)
  })
  .put('/observations/:id/sheet/bonus', jsonBody(putBonusBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await putBonus(c.var.services.executor, observation, subject.user.id, c.req.valid('json').bonus)
    return sheetAnswer(c, observation)
  })
  .put('/observations/:id/sheet/comments', jsonBody(putCommentsBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await putComments(c.var.services.executor, observation, subject.user.id, c.req.valid('json'))
    return sheetAnswer(c, observation)
  })
  .post('/observations/:id/sheet/submit', async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await submitSheet(c.var.services.executor, observation, subject.user.id)
    return sheetAnswer(c, observation)
  })
