import { randomUUID } from 'node:crypto'
import type {
  ObservationInfo,
  ObservationReport,
  ObserverSheet,
  RubricSummary,
} from '../../shared/observations/observationApi.ts'
import { pointsOf, type RubricDefinition } from '../../shared/observations/rubric.ts'
import { LICC_RUBRIC_NAME, WEIGHTED_RUBRIC_NAME } from '../../shared/observations/seededRubrics.ts'
import type { DemoCaller } from './prepApi.ts'
import { demoPlanId } from './signIn.ts'
import type { TestServer } from './testServer.ts'

/** A lesson time: 2026-12-08 09:00 China time. */
export const LESSON_AT = Date.UTC(2026, 11, 8, 1, 0)

/** A client-generated note or suggestion id, as the phone makes them. */
export function clientNoteId(): string {
  return randomUUID()
}

/** Expects a status; returns the parsed body typed as `T`. */
export function expectStatus<T>(
  result: { status: number; text: string; body: unknown },
  status: number,
): T {
  if (result.status !== status)
    throw new Error(`expected HTTP ${status}, got ${result.status}: ${result.text}`)
  return result.body as T
}

/** The seeded rubric of that name (its current version). */
export async function seededRubric(
  api: DemoCaller,
  which: 'weighted' | 'licc',
): Promise<RubricSummary> {
  const list = expectStatus<{ rubrics: RubricSummary[] }>(
    await api.call('demo-teacher-a', 'GET', '/api/rubrics'),
    200,
  )
  const name = which === 'weighted' ? WEIGHTED_RUBRIC_NAME : LICC_RUBRIC_NAME
  const rubric = list.rubrics.find((entry) => entry.name === name)
  if (!rubric) throw new Error(`no seeded rubric ${name}`)
  return rubric
}

/** What an observation of a demo lesson can override. */
export interface DemoObservationOptions {
  by?: string
  teacher?: string
  plan?: number
  rubric?: 'weighted' | 'licc'
  rubricVersionId?: string
  observers?: string[]
  /** When the lesson starts (default {@link LESSON_AT}). */
  startsAt?: number
}

/**
 * Schedules an observation of demo-teacher-a's lesson (demo group plan 0 unless told) by
 * demo-teacher-a, observed by demo-teacher-b (实验中学), demo-lead and demo-teacher-c unless told.
 */
export async function scheduleDemoObservation(
  server: TestServer,
  api: DemoCaller,
  options: DemoObservationOptions = {},
): Promise<ObservationInfo> {
  const observers = options.observers ?? ['demo-teacher-b', 'demo-lead', 'demo-teacher-c']
  const teacher = options.teacher ?? 'demo-teacher-a'
  const rubricVersionId =
    options.rubricVersionId ??
    (await seededRubric(api, options.rubric ?? 'weighted')).currentVersionId
  const result = await api.call(options.by ?? teacher, 'POST', '/api/observations', {
    documentId: await demoPlanId(server.kdb, options.plan ?? 0),
    rubricVersionId,
    teacherId: await api.userId(teacher),
    className: '七年级（3）班',
    room: '城关第一中学 302 教室',
    startsAt: options.startsAt ?? LESSON_AT,
    observerIds: await Promise.all(observers.map((name) => api.userId(name))),
  })
  return expectStatus<ObservationInfo>(result, 201)
}

/** Scores every point given in `scores` on `username`'s sheet; returns the sheet. */
export async function putScores(
  api: DemoCaller,
  username: string,
  observationId: string,
  scores: Record<string, number>,
): Promise<ObserverSheet> {
  const result = await api.call(
    username,
    'PUT',
    `/api/observations/${observationId}/sheet/scores`,
    {
      scores: Object.entries(scores).map(([point, value]) => ({ point, value })),
    },
  )
  return expectStatus<ObserverSheet>(result, 200)
}

/** The report as `username` reads it. */
export async function readReport(
  api: DemoCaller,
  username: string,
  observationId: string,
): Promise<ObservationReport> {
  return expectStatus<ObservationReport>(
    await api.call(username, 'GET', `/api/observations/${observationId}/report`),
    200,
  )
}

/** Scores of every point of a rubric: `value` unless the item is in `per`. */
export function scoresOf(
  definition: RubricDefinition,
  value: number,
  per: Record<string, number> = {},
): Record<string, number> {
  return Object.fromEntries(
    pointsOf(definition).map(({ item, point }) => [point.key, per[item.key] ?? value]),
  )
}

/** Writes the starts of steps (minutes after {@link LESSON_AT}) and the end (unless null) on `username`'s sheet. */
export async function putTimings(
  api: DemoCaller,
  username: string,
  observationId: string,
  starts: number[],
  end: number | null,
): Promise<void> {
  const path = `/api/observations/${observationId}/sheet/timings`
  for (const [step, minute] of starts.entries()) {
    expectStatus(
      await api.call(username, 'PUT', path, { step, at: LESSON_AT + minute * 60_000 }),
      200,
    )
  }
  if (end !== null) {
    expectStatus(
      await api.call(username, 'PUT', path, { step: 'end', at: LESSON_AT + end * 60_000 }),
      200,
    )
  }
}
