/** Writes of observations: scheduling, closing, LICC point picks and the group setting. */

import type { z } from 'zod'
import type { ObservationGroupSettings } from '../../../shared/observations/observationApi.ts'
import { toJsonText } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/dialect.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { badRequest, DomainError, notFound } from '../../domainError.ts'
import {
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
  loadSubject,
  requireViewable,
} from '../documents/index.ts'
import { loadPublicUser, newId } from '../identity/index.ts'
import { notify } from '../notifications/index.ts'
import { peopleByIds } from './people.ts'
import { type PinServices, pinPlanVersion } from './pinVersion.ts'
import { checkPick, requireObserver, requireOpen, requireScheduler } from './policy.ts'
import type { LoadedObservation } from './queries.ts'
import { currentRubricVersion, loadRubricVersion } from './rubrics.ts'
import type { scheduleObservationBody } from './schema.ts'

/** Default lesson length in minutes. */
const DEFAULT_DURATION = 45

/** What scheduling needs besides the database. */
export interface ScheduleServices extends PinServices {
  kdb: AppKysely
  executor: SqlExecutor
}

/**
 * Schedules an observation: checks who asks, the plan, the teacher and the observers, pins the
 * plan version, stores it with its observers and notifies them. Returns the new id.
 */
export async function scheduleObservation(
  services: ScheduleServices,
  subject: AccessSubject,
  input: z.infer<typeof scheduleObservationBody>,
): Promise<string> {
  const { kdb, executor } = services
  const plan = requireViewable(subject, await loadDocumentRow(kdb, input.documentId))
  if (plan.kind !== 'lesson_plan')
    throw new DomainError('not_a_plan', 'Observations are of lessons taught from a lesson plan')
  const teacherId = input.teacherId ?? subject.user.id
  const teacher =
    teacherId === subject.user.id ? subject.user : await loadPublicUser(kdb, teacherId)
  if (!teacher) throw notFound('Teacher')
  requireScheduler(subject, teacher, plan.groupId)
  if (documentPermission(await loadSubject(kdb, teacher), plan) === 'none')
    throw badRequest('The observed teacher cannot read this plan')
  const observerIds = [...new Set(input.observerIds)]
  if (observerIds.includes(teacher.id))
    throw badRequest('The teacher cannot observe their own lesson')
  const observers = await peopleByIds(kdb, observerIds)
  for (const id of observerIds) {
    if (!observers.get(id) || observers.get(id)?.disabled)
      throw badRequest(`Unknown observer ${id}`)
  }
  const rubric = input.rubricVersionId
    ? await loadRubricVersion(kdb, input.rubricVersionId)
    : await currentRubricVersion(kdb, input.rubricId ?? '')
  if (!rubric || (input.rubricId !== undefined && rubric.rubricId !== input.rubricId))
    throw notFound('Rubric version')
  const pinned = await pinPlanVersion(services, plan.id, {
    versionId: input.versionId,
    startsAt: input.startsAt,
    createdBy: subject.user.id,
  })
  const id = newId()
  const now = Date.now()
  await inTransaction(executor, async (ktx) => {
    await ktx
      .insertInto('observations')
      .values({
        id,
        documentId: plan.id,
        versionId: pinned.versionId,
        versionName: pinned.versionName,
        steps: toJsonText(pinned.steps),
        rubricVersionId: rubric.id,
        teacherId: teacher.id,
        schoolId: teacher.schoolId,
        groupId: plan.groupId,
        className: input.className,
        room: input.room,
        startsAt: input.startsAt,
        durationMinutes: input.durationMinutes ?? DEFAULT_DURATION,
        status: 'scheduled',
        createdBy: subject.user.id,
        createdAt: now,
        closedAt: null,
        closedBy: null,
      })
      .execute()
    await ktx
      .insertInto('observationObservers')
      .values(
        observerIds.map((userId, position) => ({
          observationId: id,
          userId,
          position,
          strengths: '',
          suggestions: toJsonText([]),
          submittedAt: null,
          updatedAt: now,
        })),
      )
      .execute()
    await notify(ktx, observerIds, {
      kind: 'observation_scheduled',
      actorId: subject.user.id,
      documentId: plan.id,
      observationId: id,
      excerpt: `${plan.title} · ${input.className}`,
    })
  })
  return id
}

/** Closes an observation (idempotent): the sheets become final and the report is out. */
export async function closeObservation(
  db: AppKysely,
  observation: LoadedObservation,
  closedBy: string,
): Promise<void> {
  if (observation.row.status === 'closed') return
  await db
    .updateTable('observations')
    .set({ status: 'closed', closedAt: Date.now(), closedBy })
    .where('id', '=', observation.row.id)
    .where('status', '=', 'scheduled')
    .execute()
}

/**
 * Replaces the caller's LICC point pick. A point another observer holds is refused (409
 * `point_taken`) and nothing changes; the primary key makes two concurrent picks of one point
 * impossible on both engines.
 */
export async function pickPoints(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  points: readonly string[],
): Promise<void> {
  checkPick(observation.rubric.definition, points)
  const wanted = [...new Set(points)]
  const taken = new Map<string, string>()
  for (const [holder, held] of observation.points) {
    for (const point of held) taken.set(point, holder)
  }
  const clash = wanted.find((point) => (taken.get(point) ?? userId) !== userId)
  if (clash) throw pointTaken(clash)
  try {
    await inTransaction(executor, async (ktx) => {
      const row = await ktx
        .selectFrom('observations')
        .select('status')
        .where('id', '=', observation.row.id)
        .executeTakeFirst()
      requireOpen({ status: row?.status ?? 'closed' })
      await ktx
        .deleteFrom('observationPoints')
        .where('observationId', '=', observation.row.id)
        .where('userId', '=', userId)
        .execute()
      if (wanted.length > 0) {
        await ktx
          .insertInto('observationPoints')
          .values(
            wanted.map((pointKey) => ({ observationId: observation.row.id, pointKey, userId })),
          )
          .execute()
      }
      // Scores of points no longer picked would count in the report: they go with the pick.
      await ktx
        .deleteFrom('observationMarks')
        .where('observationId', '=', observation.row.id)
        .where('observerId', '=', userId)
        .where('kind', '=', 'score')
        .$if(wanted.length > 0, (query) => query.where('key', 'not in', wanted))
        .execute()
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw pointTaken(wanted.join(', '))
    throw error
  }
}

function pointTaken(point: string): DomainError {
  return new DomainError('point_taken', `Observation point ${point} is already taken`)
}

/** Checks an observer may write their sheet now (observer, open). */
export function requireWritableSheet(
  observation: LoadedObservation,
  roles: Parameters<typeof requireObserver>[0],
): void {
  requireObserver(roles)
  requireOpen(observation.row)
}

/** Saves a group's 听评课 settings. */
export async function saveGroupSettings(
  db: AppKysely,
  groupId: string,
  settings: ObservationGroupSettings,
  updatedBy: string,
): Promise<void> {
  const now = Date.now()
  const value = settings.showObserverNames ? 1 : 0
  await db
    .insertInto('observationGroupSettings')
    .values({ groupId, showObserverNames: value, updatedBy, updatedAt: now })
    .onConflict((conflict) =>
      conflict
        .column('groupId')
        .doUpdateSet({ showObserverNames: value, updatedBy, updatedAt: now }),
    )
    .execute()
}
