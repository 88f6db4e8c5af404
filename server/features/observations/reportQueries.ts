/** Loading every observer's sheet of an observation and building its report. */
import {
  anonymousObserverLabel,
  DEFAULT_AGENDA_ITEMS,
  type ObservationReport,
  type ObservationRoles,
} from '../../../shared/observations/observationApi.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { AccessSubject } from '../documents/index.ts'
import { peopleByIds, personRef } from './people.ts'
import { requireReportReader } from './policy.ts'
import { type LoadedObservation, observationInfo, visibleObservation } from './queries.ts'
import { buildReport, type ReportBody, type SheetForReport } from './report.ts'

/** Every observer's sheet, in observer order, labelled (anonymised when `hidden`). */
export async function sheetsForReport(
  db: AppKysely,
  observation: LoadedObservation,
  hidden: boolean,
): Promise<SheetForReport[]> {
  const observationId = observation.row.id
  const [marks, notes, people] = await Promise.all([
    db
      .selectFrom('observationMarks')
      .select(['observerId', 'kind', 'key', 'value'])
      .where('observationId', '=', observationId)
      .execute(),
    db
      .selectFrom('observationNotes')
      .select(['id', 'observerId', 'step', 'point', 'text', 'notedAt', 'editedAt'])
      .where('observationId', '=', observationId)
      .where('deletedAt', 'is', null)
      .execute(),
    peopleByIds(
      db,
      observation.observers.map((observer) => observer.userId),
    ),
  ])
  const sheets = new Map<string, SheetForReport>()
  for (const [index, observer] of observation.observers.entries()) {
    const person = people.get(observer.userId)
    sheets.set(observer.userId, {
      label: hidden || !person ? anonymousObserverLabel(index) : person.displayName,
      person: hidden || !person ? null : personRef(person),
      submittedAt: observer.submittedAt,
      scores: {},
      bonus: {},
      starts: {},
      endedAt: null,
      strengths: observer.strengths,
      suggestions: observer.suggestions,
      notes: [],
    })
  }
  for (const mark of marks) {
    const sheet = sheets.get(mark.observerId)
    if (!sheet) continue
    const value = Number(mark.value)
    if (mark.kind === 'score') sheet.scores[mark.key] = value
    else if (mark.kind === 'bonus') sheet.bonus[mark.key] = value
    else if (mark.kind === 'start') sheet.starts[Number(mark.key)] = value
    else sheet.endedAt = value
  }
  for (const note of notes) {
    sheets.get(note.observerId)?.notes.push({
      id: note.id,
      step: note.step,
      point: note.point,
      text: note.text,
      at: note.notedAt,
      editedAt: note.editedAt,
    })
  }
  return observation.observers.flatMap((observer) => {
    const sheet = sheets.get(observer.userId)
    return sheet ? [sheet] : []
  })
}

/** The computed report body of an observation (names shown), with `agendaItems` agenda items. */
export async function reportBodyOf(
  db: AppKysely,
  observation: LoadedObservation,
  agendaItems: number = DEFAULT_AGENDA_ITEMS,
): Promise<ReportBody> {
  const sheets = await sheetsForReport(db, observation, false)
  return buildReport(observation.rubric.definition, observation.row.steps, sheets, agendaItems)
}

/** The report as a caller with these roles reads it. */
export async function observationReport(
  db: AppKysely,
  observation: LoadedObservation,
  roles: ObservationRoles,
): Promise<ObservationReport> {
  const { namesHidden, ...info } = await observationInfo(db, observation, roles)
  const sheets = await sheetsForReport(db, observation, namesHidden)
  return {
    observation: info,
    live: observation.row.status !== 'closed',
    namesHidden,
    ...buildReport(observation.rubric.definition, observation.row.steps, sheets),
    generatedAt: Date.now(),
  }
}

/**
 * The report of `observationId` exactly as GET /api/observations/:id/report answers it to the
 * subject: 404 when hidden, 409 `report_not_ready` before closing for those who wait for it.
 */
export async function reportForSubject(
  db: AppKysely,
  subject: AccessSubject,
  observationId: string,
): Promise<ObservationReport> {
  const { observation, roles } = await visibleObservation(db, subject, observationId)
  requireReportReader(roles, observation.row)
  return observationReport(db, observation, roles)
}
