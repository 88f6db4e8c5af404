/**
 * The observer's sheet: reading it and its idempotent writes. Each write runs in one transaction
 * that first re-reads the observation's status, so nothing is written once it is closed; a
 * replayed write (the phone's outbox sending its queue again, in any order) leaves the sheet as
 * the latest edit made it.
 */
import type {
  BonusEntry,
  ObserverSheet,
  PutCommentsBody,
  PutNoteBody,
  PutTimingBody,
  ScoreEntry,
} from '../../../shared/observations/observationApi.ts'
import { MAX_NOTES_PER_SHEET } from '../../../shared/observations/observationApi.ts'
import { parseJson, toJsonText } from '../../db/database.ts'
import { inTransaction, type SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError } from '../../domainError.ts'
import { checkBonus, checkScores, requireOpen, requirePoint, requireStep } from './policy.ts'
import type { LoadedObservation } from './queries.ts'
import type { StoredSuggestion } from './schema.ts'

/** Kinds of sheet values kept as marks. */
type MarkKind = 'score' | 'bonus' | 'start' | 'end'

/** The sheet of one observer. */
export async function loadSheet(
  db: AppKysely,
  observation: LoadedObservation,
  userId: string,
): Promise<ObserverSheet> {
  const observationId = observation.row.id
  const [observer, notes, marks, points] = await Promise.all([
    db
      .selectFrom('observationObservers')
      .select(['strengths', 'suggestions', 'submittedAt', 'updatedAt'])
      .where('observationId', '=', observationId)
      .where('userId', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('observationNotes')
      .select(['id', 'step', 'point', 'text', 'notedAt', 'editedAt'])
      .where('observationId', '=', observationId)
      .where('observerId', '=', userId)
      .where('deletedAt', 'is', null)
      .orderBy('notedAt')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('observationMarks')
      .select(['kind', 'key', 'value'])
      .where('observationId', '=', observationId)
      .where('observerId', '=', userId)
      .execute(),
    db
      .selectFrom('observationPoints')
      .select('pointKey')
      .where('observationId', '=', observationId)
      .where('userId', '=', userId)
      .execute(),
  ])
  const sheet: ObserverSheet = {
    observationId,
    notes: notes.map((note) => ({
      id: note.id,
      step: note.step,
      point: note.point,
      text: note.text,
      at: note.notedAt,
      editedAt: note.editedAt,
    })),
    stepStarts: {},
    endedAt: null,
    scores: {},
    bonus: {},
    strengths: observer?.strengths ?? '',
    suggestions: observer ? parseJson(observer.suggestions) : [],
    points: points.map((point) => point.pointKey),
    submittedAt: observer?.submittedAt ?? null,
    updatedAt: observer?.updatedAt ?? 0,
  }
  for (const mark of marks) {
    const value = Number(mark.value)
    if (mark.kind === 'score') sheet.scores[mark.key] = value
    else if (mark.kind === 'bonus') sheet.bonus[mark.key] = value
    else if (mark.kind === 'start') sheet.stepStarts[mark.key] = value
    else sheet.endedAt = value
  }
  return sheet
}

/** Runs a sheet write in a transaction after checking the observation is still open. */
async function writeSheet(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  write: (ktx: AppKysely) => Promise<void>,
): Promise<void> {
  await inTransaction(executor, async (ktx) => {
    const row = await ktx
      .selectFrom('observations')
      .select('status')
      .where('id', '=', observation.row.id)
      .executeTakeFirst()
    requireOpen({ status: row?.status ?? 'closed' })
    await write(ktx)
    await ktx
      .updateTable('observationObservers')
      .set({ updatedAt: Date.now() })
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', userId)
      .execute()
  })
}

/** Sets (or clears, with null) one mark. */
async function putMark(
  db: AppKysely,
  ids: { observationId: string; observerId: string },
  kind: MarkKind,
  key: string,
  value: number | null,
): Promise<void> {
  if (value === null) {
    await db
      .deleteFrom('observationMarks')
      .where('observationId', '=', ids.observationId)
      .where('observerId', '=', ids.observerId)
      .where('kind', '=', kind)
      .where('key', '=', key)
      .execute()
    return
  }
  await db
    .insertInto('observationMarks')
    .values({ ...ids, kind, key, value })
    .onConflict((conflict) =>
      conflict.columns(['observationId', 'observerId', 'kind', 'key']).doUpdateSet({ value }),
    )
    .execute()
}

/**
 * Writes a note by its client id: a new id adds it, a known id takes the edit only when it is
 * newer than the stored one (a replay of an older edit changes nothing), `deleted` keeps a
 * tombstone. Another observer's id: 409 `note_id_taken`.
 */
export async function putNote(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  noteId: string,
  body: PutNoteBody,
): Promise<void> {
  requireStep(body.step, observation.row.steps.length)
  if (body.point) requirePoint(observation.rubric.definition, body.point)
  const observationId = observation.row.id
  await writeSheet(executor, observation, userId, async (ktx) => {
    const existing = await ktx
      .selectFrom('observationNotes')
      .select(['observerId', 'editedAt'])
      .where('observationId', '=', observationId)
      .where('id', '=', noteId)
      .executeTakeFirst()
    if (existing && existing.observerId !== userId)
      throw new DomainError('note_id_taken', 'Another observer uses this note id')
    if (existing && existing.editedAt >= body.editedAt) return
    const values = {
      step: body.step,
      point: body.point ?? null,
      text: body.text,
      notedAt: body.at,
      editedAt: body.editedAt,
      deletedAt: body.deleted ? body.editedAt : null,
    }
    if (existing) {
      await ktx
        .updateTable('observationNotes')
        .set(values)
        .where('observationId', '=', observationId)
        .where('id', '=', noteId)
        .execute()
      return
    }
    const count = await ktx
      .selectFrom('observationNotes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('observationId', '=', observationId)
      .where('observerId', '=', userId)
      .executeTakeFirst()
    if (Number(count?.n ?? 0) >= MAX_NOTES_PER_SHEET)
      throw new DomainError('too_large', `At most ${MAX_NOTES_PER_SHEET} notes per sheet`)
    await ktx
      .insertInto('observationNotes')
      .values({ observationId, id: noteId, observerId: userId, ...values })
      .execute()
  })
}

/** Sets (or clears) when a step started, or when the lesson ended. */
export async function putTiming(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  body: PutTimingBody,
): Promise<void> {
  if (body.step !== 'end') requireStep(body.step, observation.row.steps.length)
  const ids = { observationId: observation.row.id, observerId: userId }
  await writeSheet(executor, observation, userId, (ktx) =>
    body.step === 'end'
      ? putMark(ktx, ids, 'end', '', body.at)
      : putMark(ktx, ids, 'start', String(body.step), body.at),
  )
}

/** Sets (or clears) scores of points; every entry is checked before any is written. */
export async function putScores(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  scores: readonly ScoreEntry[],
): Promise<void> {
  checkScores(observation.rubric.definition, scores, observation.points.get(userId) ?? [])
  const ids = { observationId: observation.row.id, observerId: userId }
  await writeSheet(executor, observation, userId, async (ktx) => {
    for (const entry of scores) await putMark(ktx, ids, 'score', entry.point, entry.value)
  })
}

/** Sets (or clears) bonus points; every entry is checked before any is written. */
export async function putBonus(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  bonus: readonly BonusEntry[],
): Promise<void> {
  checkBonus(observation.rubric.definition, bonus)
  const ids = { observationId: observation.row.id, observerId: userId }
  await writeSheet(executor, observation, userId, async (ktx) => {
    for (const entry of bonus) await putMark(ktx, ids, 'bonus', entry.key, entry.value)
  })
}

/**
 * Replaces the strengths and suggestions; a suggestion that keeps its id keeps the comment
 * thread it was sent to.
 */
export async function putComments(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
  body: PutCommentsBody,
): Promise<void> {
  for (const suggestion of body.suggestions)
    requireStep(suggestion.step, observation.row.steps.length)
  await writeSheet(executor, observation, userId, async (ktx) => {
    const row = await ktx
      .selectFrom('observationObservers')
      .select('suggestions')
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', userId)
      .executeTakeFirst()
    const sent = new Map(
      (row ? parseJson(row.suggestions) : []).map((entry) => [entry.id, entry.threadId]),
    )
    const suggestions: StoredSuggestion[] = body.suggestions.map((entry) => ({
      id: entry.id,
      text: entry.text,
      step: entry.step,
      threadId: sent.get(entry.id) ?? null,
    }))
    await ktx
      .updateTable('observationObservers')
      .set({ strengths: body.strengths, suggestions: toJsonText(suggestions) })
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', userId)
      .execute()
  })
}

/** Marks the sheet submitted (the first time only). */
export async function submitSheet(
  executor: SqlExecutor,
  observation: LoadedObservation,
  userId: string,
): Promise<void> {
  await writeSheet(executor, observation, userId, async (ktx) => {
    await ktx
      .updateTable('observationObservers')
      .set({ submittedAt: Date.now() })
      .where('observationId', '=', observation.row.id)
      .where('userId', '=', userId)
      .where('submittedAt', 'is', null)
      .execute()
  })
}
