import { type Context, Hono } from 'hono'
import { planText } from '../../../shared/editor/planText.ts'
import type {
  ObservationCounts,
  ObservationGroupSettings,
  ObservationInfo,
  ObservationListResponse,
  ObservationReport,
  ObserverCandidatesResponse,
  PinnedPlan,
  ReviewMeetingStarted,
  SuggestionSent,
} from '../../../shared/observations/observationApi.ts'
import { forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, queryOf, requirePrincipal } from '../../http/context.ts'
import { type AccessSubject, loadSubject } from '../documents/index.ts'
import { planOfState } from '../history/index.ts'
import {
  closeObservation,
  pickPoints,
  requireWritableSheet,
  saveGroupSettings,
  scheduleObservation,
} from './commands.ts'
import { sendSuggestion, startReviewMeeting } from './followUp.ts'
import { searchPeople } from './people.ts'
import { canSee, mayManageGroupSettings, mayReadGroupSettings, requireCloser } from './policy.ts'
import {
  listObservations,
  observationCounts,
  observationInfo,
  showObserverNames,
  visibleObservation,
} from './queries.ts'
import { reportForSubject } from './reportQueries.ts'
import {
  candidatesQuery,
  countsQuery,
  groupSettingsBody,
  listObservationsQuery,
  pickPointsBody,
  scheduleObservationBody,
  startReviewMeetingBody,
} from './schema.ts'

/** Most people one candidate search answers. */
const CANDIDATE_LIMIT = 20

async function subjectOf(c: Context<AppEnv>): Promise<AccessSubject> {
  return loadSubject(c.var.services.kdb, requirePrincipal(c).user)
}

/** The observation of `:id` and what the caller is to it (404 when hidden). */
async function observationOf(c: Context<AppEnv>) {
  const subject = await subjectOf(c)
  const found = await visibleObservation(c.var.services.kdb, subject, c.req.param('id') ?? '')
  return { subject, ...found }
}

/** The observation as the caller sees it, in the answer shape. */
async function infoAnswer(c: Context<AppEnv>, observationId: string) {
  const { kdb } = c.var.services
  const { roles, observation } = await visibleObservation(kdb, await subjectOf(c), observationId)
  const { namesHidden: _hidden, ...info } = await observationInfo(kdb, observation, roles)
  const body: ObservationInfo = info
  return body
}

/**
 * Observations (听课): scheduling, lists, the observer's sheet, closing, the report, the 评课
 * meeting and suggestions sent onto the plan (the sheet's routes are in sheetRoutes.ts). The static
 * paths come before `/observations/:id`.
 */
export const observationRoutes = new Hono<AppEnv>()
  .post('/observations', jsonBody(scheduleObservationBody), async (c) => {
    const subject = await subjectOf(c)
    const id = await scheduleObservation(c.var.services, subject, c.req.valid('json'))
    return c.json({ ok: true as const, ...(await infoAnswer(c, id)) }, 201)
  })
  .get('/observations', queryOf(listObservationsQuery), async (c) => {
    const subject = await subjectOf(c)
    const { scope, groupId } = c.req.valid('query')
    const observations = await listObservations(c.var.services.kdb, subject, scope, groupId)
    if (observations === 'forbidden')
      throw forbidden('Only the group lead or an admin lists a group')
    const body: ObservationListResponse = { observations }
    return c.json({ ok: true as const, ...body })
  })
  .get('/observations/candidates', queryOf(candidatesQuery), async (c) => {
    requirePrincipal(c)
    const body: ObserverCandidatesResponse = {
      people: await searchPeople(c.var.services.kdb, c.req.valid('query').q ?? '', CANDIDATE_LIMIT),
    }
    return c.json({ ok: true as const, ...body })
  })
  .get('/observations/counts', queryOf(countsQuery), async (c) => {
    const subject = await subjectOf(c)
    const { kdb } = c.var.services
    const userId = c.req.valid('query').userId ?? subject.user.id
    if (userId !== subject.user.id && !(await mayReadCounts(c, subject, userId)))
      throw notFound('User')
    const body: ObservationCounts = await observationCounts(kdb, userId)
    return c.json({ ok: true as const, ...body })
  })
  .get('/observations/settings/:groupId', async (c) => {
    const subject = await subjectOf(c)
    const groupId = c.req.param('groupId')
    if (!mayReadGroupSettings(subject, groupId)) throw notFound('Group')
    await requireGroup(c, groupId)
    const body: ObservationGroupSettings = {
      showObserverNames: await showObserverNames(c.var.services.kdb, groupId),
    }
    return c.json({ ok: true as const, ...body })
  })
  .put('/observations/settings/:groupId', jsonBody(groupSettingsBody), async (c) => {
    const subject = await subjectOf(c)
    const groupId = c.req.param('groupId')
    if (!mayReadGroupSettings(subject, groupId)) throw notFound('Group')
    if (!mayManageGroupSettings(subject, groupId))
      throw forbidden('Only the group lead or an admin changes this setting')
    await requireGroup(c, groupId)
    const body: ObservationGroupSettings = c.req.valid('json')
    await saveGroupSettings(c.var.services.kdb, groupId, body, subject.user.id)
    return c.json({ ok: true as const, ...body })
  })
  .get('/observations/:id', async (c) => {
    return c.json({ ok: true as const, ...(await infoAnswer(c, c.req.param('id'))) })
  })
  .get('/observations/:id/plan', async (c) => {
    const { observation } = await observationOf(c)
    const { documentId, versionId, versionName } = observation.row
    const state = await c.var.services.store.loadVersion(documentId, versionId)
    if (!state) throw notFound('Version')
    const plan = planOfState(state)
    const body: PinnedPlan = { versionId, versionName, plan, text: planText(plan) }
    return c.json({ ok: true as const, ...body })
  })
  .post('/observations/:id/close', async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireCloser(roles)
    await closeObservation(c.var.services.kdb, observation, subject.user.id)
    return c.json({ ok: true as const, ...(await infoAnswer(c, observation.row.id)) })
  })
  .put('/observations/:id/points', jsonBody(pickPointsBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    requireWritableSheet(observation, roles)
    await pickPoints(
      c.var.services.executor,
      observation,
      subject.user.id,
      c.req.valid('json').points,
    )
    return c.json({ ok: true as const, ...(await infoAnswer(c, observation.row.id)) })
  })
  .get('/observations/:id/report', async (c) => {
    const body: ObservationReport = await reportForSubject(
      c.var.services.kdb,
      await subjectOf(c),
      c.req.param('id'),
    )
    return c.json({ ok: true as const, ...body })
  })
  .post('/observations/:id/meeting', jsonBody(startReviewMeetingBody), async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    if (!canSee(roles)) throw notFound('Observation')
    const body: ReviewMeetingStarted = await startReviewMeeting(
      c.var.services,
      { subject, ip: c.var.clientAddress },
      observation,
      c.req.valid('json'),
    )
    return c.json({ ok: true as const, ...body }, 201)
  })
  .post('/observations/:id/suggestions/:suggestionId/comment', async (c) => {
    const { subject, observation, roles } = await observationOf(c)
    const body: SuggestionSent = await sendSuggestion(
      c.var.services,
      subject,
      observation,
      roles,
      c.req.param('suggestionId'),
    )
    return c.json({ ok: true as const, ...body }, body.created ? 201 : 200)
  })

/** 404 unless the group exists. */
async function requireGroup(c: Context<AppEnv>, groupId: string): Promise<void> {
  const group = await c.var.services.kdb
    .selectFrom('groups')
    .select('id')
    .where('id', '=', groupId)
    .executeTakeFirst()
  if (!group) throw notFound('Group')
}

/**
 * Whether the subject may read another user's counts: an alliance admin, a school admin of the
 * user's school, or the lead of a group the user is in.
 */
async function mayReadCounts(
  c: Context<AppEnv>,
  subject: AccessSubject,
  userId: string,
): Promise<boolean> {
  const { kdb } = c.var.services
  const user = await kdb
    .selectFrom('users')
    .select('schoolId')
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) return false
  if (subject.user.role === 'alliance_admin') return true
  if (subject.user.role === 'school_admin' && subject.user.schoolId === user.schoolId) return true
  const led = [...subject.memberships].filter(([, role]) => role === 'lead').map(([id]) => id)
  if (led.length === 0) return false
  const shared = await kdb
    .selectFrom('groupMembers')
    .select('groupId')
    .where('userId', '=', userId)
    .where('groupId', 'in', led)
    .executeTakeFirst()
  return shared !== undefined
}
