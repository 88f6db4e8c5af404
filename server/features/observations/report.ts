/**
 * The report of an observation, computed from the observers' sheets with the shared scoring
 * (the same numbers the phones showed while scoring). Pure: the caller loads the sheets.
 */

import type { PersonRef } from '../../../shared/domain.ts'
import { AGENDA_LIMITS } from '../../../shared/meetings/meetingState.ts'
import {
  DEFAULT_AGENDA_ITEMS,
  type ObservationNote,
  type ObserverValue,
  type ReportAgendaItem,
  type ReportBonus,
  type ReportComments,
  type ReportItem,
  type ReportNote,
  type ReportObserver,
  type ReportStep,
  type ReportTotal,
  type SuggestionInfo,
} from '../../../shared/observations/observationApi.ts'
import { type RubricDefinition, scaleMaximum } from '../../../shared/observations/rubric.ts'
import {
  type AgendaCandidate,
  gradeOf,
  itemScore,
  lowestScoring,
  medianOf,
  type PlannedStep,
  type SheetTotal,
  sheetTotal,
  spreadOf,
  stepMinutes,
} from '../../../shared/observations/scoring.ts'

/** One observer's sheet as the report reads it. */
export interface SheetForReport {
  label: string
  person: PersonRef | null
  submittedAt: number | null
  scores: Record<string, number>
  bonus: Record<string, number>
  starts: Record<number, number>
  endedAt: number | null
  strengths: string
  suggestions: SuggestionInfo[]
  notes: ObservationNote[]
}

/** The computed parts of a report. */
export interface ReportBody {
  observers: ReportObserver[]
  items: ReportItem[]
  bonus: ReportBonus[]
  total: ReportTotal
  steps: ReportStep[]
  generalNotes: ReportNote[]
  comments: ReportComments[]
  agenda: ReportAgendaItem[]
}

function values(rows: readonly ObserverValue[]): number[] {
  return rows.map((row) => row.value)
}

function mean(numbers: readonly number[]): number | null {
  return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length
}

/** An agenda title within the meetings' limit: 教学方法与策略（得分率 72%）. */
function agendaTitle(name: string, fraction: number): string {
  const suffix = `（得分率 ${Math.round(fraction * 100)}%）`
  const room = AGENDA_LIMITS.maxTitle - suffix.length
  return `${name.length > room ? `${name.slice(0, room - 1)}…` : name}${suffix}`
}

/** A LICC point's short name: the text before its colon (倾听). */
function pointName(text: string): string {
  const colon = text.search(/[：:]/)
  return colon > 0 ? text.slice(0, colon) : text
}

function totalsOf(definition: RubricDefinition, totals: readonly SheetTotal[]): ReportTotal {
  const complete = totals.filter((total) => total.complete)
  const counted = (complete.length > 0 ? complete : totals).filter((t) => t.percent !== null)
  const meanPercent = mean(counted.map((total) => total.percent ?? 0))
  return {
    stats: spreadOf(counted.map((total) => total.total)),
    meanPercent,
    grade:
      meanPercent === null
        ? null
        : gradeOf(meanPercent, definition.grades, definition.fallbackGrade),
    sheets: counted.length,
  }
}

/** The report's numbers, notes and comments from the sheets (in observer order), with `agendaItems` lowest items as the agenda. */
export function buildReport(
  definition: RubricDefinition,
  steps: readonly PlannedStep[],
  sheets: readonly SheetForReport[],
  agendaItems: number = DEFAULT_AGENDA_ITEMS,
): ReportBody {
  const totals = sheets.map((sheet) => sheetTotal(definition, sheet.scores, sheet.bonus))
  const observers: ReportObserver[] = sheets.map((sheet, index) => {
    const total = totals[index] as SheetTotal
    return {
      index,
      label: sheet.label,
      person: sheet.person,
      total: total.total,
      percent: total.percent,
      grade: total.grade,
      complete: total.complete,
      submittedAt: sheet.submittedAt,
    }
  })
  const max = scaleMaximum(definition)
  const items: ReportItem[] = definition.items.map((item) => {
    const scores: ObserverValue[] = []
    const fractions: number[] = []
    sheets.forEach((sheet, observer) => {
      const score = itemScore(definition, item, sheet.scores)
      if (score.score === null || score.fraction === null) return
      scores.push({ observer, value: score.score })
      fractions.push(score.fraction)
    })
    return {
      key: item.key,
      name: item.name,
      weight: item.weight,
      stats: spreadOf(values(scores)),
      meanFraction: mean(fractions),
      scores,
      points: item.points.map((point) => {
        const pointScores = sheets.flatMap((sheet, observer) => {
          const value = sheet.scores[point.key]
          return value === undefined ? [] : [{ observer, value }]
        })
        return {
          key: point.key,
          text: point.text,
          stats: spreadOf(values(pointScores)),
          scores: pointScores,
        }
      }),
    }
  })
  const bonus: ReportBonus[] = definition.bonus.map((entry) => {
    const scores = sheets.flatMap((sheet, observer) => {
      const value = sheet.bonus[entry.key]
      return value === undefined ? [] : [{ observer, value }]
    })
    return {
      key: entry.key,
      name: entry.name,
      max: entry.max,
      stats: spreadOf(values(scores)),
      scores,
    }
  })
  const perObserverMinutes = sheets.map((sheet) =>
    stepMinutes(steps, { starts: sheet.starts, endedAt: sheet.endedAt }),
  )
  const allNotes: ReportNote[] = sheets
    .flatMap((sheet, observer) => sheet.notes.map((note) => ({ ...note, observer })))
    .sort((a, b) => a.at - b.at || a.observer - b.observer)
  const reportSteps: ReportStep[] = steps.map((step, index) => {
    const actualByObserver = perObserverMinutes.flatMap((rows, observer) => {
      const actual = rows[index]?.actual ?? null
      return actual === null ? [] : [{ observer, value: actual }]
    })
    return {
      index,
      name: step.name,
      planned: step.minutes,
      actual: medianOf(values(actualByObserver)),
      actualByObserver,
      notes: allNotes.filter((note) => note.step === index),
    }
  })
  const candidates: (AgendaCandidate & { name: string })[] =
    definition.mode === 'viewpoints'
      ? items.flatMap((item) =>
          item.points.map((point) => ({
            key: point.key,
            label: point.text,
            name: pointName(point.text),
            meanFraction: point.stats && max > 0 ? point.stats.mean / max : null,
          })),
        )
      : items.map((item) => ({
          key: item.key,
          label: item.name,
          name: item.name,
          meanFraction: item.meanFraction,
        }))
  return {
    observers,
    items,
    bonus,
    total: totalsOf(definition, totals),
    steps: reportSteps,
    generalNotes: allNotes.filter((note) => note.step === null),
    comments: sheets.flatMap((sheet, observer) =>
      sheet.strengths.trim() === '' && sheet.suggestions.length === 0
        ? []
        : [{ observer, strengths: sheet.strengths, suggestions: sheet.suggestions }],
    ),
    agenda: lowestScoring(candidates, agendaItems).map((candidate) => ({
      key: candidate.key,
      title: agendaTitle(candidate.name, candidate.meanFraction ?? 0),
      meanFraction: candidate.meanFraction ?? 0,
    })),
  }
}
