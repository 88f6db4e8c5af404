/**
 * The 听评课 API (issue 22): rubrics, observations, the observer's sheet, the report, and what the
 * report starts. Both the server routes and the client use these shapes. Every route needs a
 * signed-in user. A success answers `{ ok: true, ...T }` with T the type named below (the fields of
 * T spread into the answer, next to `ok`); error answers are `{ok:false, error, message}` with the codes below
 * (shared/errorCodes.ts). A hidden observation or rubric answers 404 `not_found`, like other
 * hidden resources; bad input answers 400 `bad_request` (zod) and changes nothing.
 *
 * Rubrics (评课表), alliance-wide; everyone in the alliance reads them, alliance admins manage:
 * - GET  /api/rubrics → {@link RubricListResponse}
 * - GET  /api/rubrics/:id → {@link RubricDetail} (the current version and every version's summary)
 * - GET  /api/rubrics/:id/versions/:versionId → {@link RubricVersionDetail}
 * - POST /api/rubrics, body {@link CreateRubricBody} → 201 {@link RubricDetail};
 *   403 `forbidden` (not an alliance admin), 422 `invalid_rubric` (a definition that is not sound)
 * - POST /api/rubrics/:id/versions, body {@link NewRubricVersionBody} → 201 {@link RubricDetail}
 *   (a new current version; observations keep the version they were scheduled with);
 *   403 `forbidden`, 404, 422 `invalid_rubric`
 *
 * Observations (听课):
 * - POST /api/observations, body {@link ScheduleObservationBody} → 201 {@link ObservationInfo};
 *   403 `forbidden` (caller is not the observed teacher, the plan's group lead, or a school
 *   admin of the teacher's school / an alliance admin), 404 (plan, version, rubric version or a
 *   person not found or not readable), 409 `not_a_plan`, 400 `bad_request` (no observers, the
 *   teacher among the observers, an observer outside the alliance). The plan is pinned to
 *   `versionId` when given, else to its latest version when that holds the current state, else to
 *   a new named version 「听课 <date>」 of the current state. Observers are notified
 *   (`observation_scheduled`).
 * - GET  /api/observations?scope=observing|observed|group[&groupId=] → {@link ObservationListResponse}
 *   (`observing`: mine to do as observer; `observed`: of my lessons; `group`: the observations
 *   of plans of a group I lead — or any group for admins — `groupId` required; 403 otherwise)
 * - GET  /api/observations/candidates?q= → {@link ObserverCandidatesResponse}: active teachers of the
 *   alliance (any school) whose name or username contains `q` (at most 20), to pick observers
 * - GET  /api/observations/counts[?userId=] → {@link ObservationCounts} (the caller's own; another
 *   user's for their school admin, an alliance admin or a lead of a group they are in; else 404)
 * - GET  /api/observations/:id → {@link ObservationInfo}; 404 unless the caller may see it
 *   (observed teacher, observer, lead of the plan's group, school admin of the teacher's school,
 *   alliance admin)
 * - GET  /api/observations/:id/plan → {@link PinnedPlan}: the pinned plan version's content (to
 *   everyone who sees the observation, also observers who cannot open the live plan)
 * - POST /api/observations/:id/close → {@link ObservationInfo} (observed teacher, lead, admins;
 *   idempotent); 403 `forbidden` for an observer
 * - PUT  /api/observations/:id/points, body {@link PickPointsBody} → {@link ObservationInfo}
 *   (LICC mode: the caller's observation points, replacing their earlier pick); 403
 *   `not_an_observer`, 409 `observation_closed`, 409 `not_viewpoint_rubric` on a weighted rubric,
 *   400 `unknown_rubric_key`, 409 `point_taken` (another observer has it; nothing changed)
 *
 * The caller's own sheet (only the observation's observers; each writes only their own; every
 * write is idempotent so an offline outbox may replay its queue in any order):
 * - GET  /api/observations/:id/sheet → {@link ObserverSheet}; 403 `not_an_observer`
 * - PUT  /api/observations/:id/sheet/notes/:noteId (client-generated id, {@link NOTE_ID_PATTERN}),
 *   body {@link PutNoteBody} → {@link ObserverSheet}. The note with the latest `editedAt` wins; a
 *   replay of an older edit changes nothing; `deleted: true` keeps a tombstone so a late replay
 *   cannot bring the note back. 400 `unknown_step` (step not in the pinned version),
 *   400 `unknown_rubric_key` (point not in the rubric), 409 `note_id_taken` (another observer's id)
 * - PUT  /api/observations/:id/sheet/timings, body {@link PutTimingBody} → {@link ObserverSheet}
 *   (when one step started, or the lesson ended; null clears); 400 `unknown_step`
 * - PUT  /api/observations/:id/sheet/scores, body {@link PutScoresBody} → {@link ObserverSheet}
 *   (sets the named points, null clears; others untouched); 400 `unknown_rubric_key`,
 *   400 `score_out_of_range` (a value that is not a level of the scale), 409 `point_not_picked`
 *   (LICC: a point the observer did not pick)
 * - PUT  /api/observations/:id/sheet/bonus, body {@link PutBonusBody} → {@link ObserverSheet};
 *   400 `unknown_rubric_key`, 400 `score_out_of_range` (below 0 or above the item's maximum)
 * - PUT  /api/observations/:id/sheet/comments, body {@link PutCommentsBody} → {@link ObserverSheet}
 *   (strengths and the list of suggestions, replaced whole); 400 `unknown_step`
 * - POST /api/observations/:id/sheet/submit → {@link ObserverSheet} (marks it submitted; idempotent)
 *   Every sheet write after the observation is closed: 409 `observation_closed`, nothing changed.
 *   Not an observer: 403 `not_an_observer` (404 if the caller may not even see the observation).
 *
 * The report and what follows it:
 * - GET  /api/observations/:id/report → {@link ObservationReport}: for the observed teacher once
 *   closed (409 `report_not_ready` before), live for the lead and admins, and for observers once
 *   closed; 404 for anyone else. Observer names are hidden from the observed teacher when the
 *   group says so (lead and admins always see them).
 * - GET  /api/observations/:id/report.docx and …/report.pdf → the same report as a Word file (or
 *   PDF through LibreOffice; 503 `pdf_unavailable` without it) named
 *   `评课报告-<课题>-<YYYY-MM-DD>`; the same readers, 404/409 and hidden names as the JSON report
 * - POST /api/observations/:id/meeting, body {@link StartReviewMeetingBody} → 201
 *   {@link ReviewMeetingStarted}: a 集体研讨 on the plan whose agenda is the lowest-scoring
 *   items of the report (the meetings feature's start: the plan's group lead, or its owner when
 *   it has no group; 403 `forbidden` otherwise; 409 `conflict` when a meeting is already running;
 *   409 `agenda_empty` when nothing was scored)
 * - POST /api/observations/:id/suggestions/:suggestionId/comment → 201 {@link SuggestionSent}: the
 *   suggestion becomes a comment thread anchored on its 教学过程 step of the live plan (idempotent:
 *   a second call answers the same thread). The suggestion's author, the observed teacher, the
 *   lead or admins. 404 (no such suggestion), 409 `step_missing` (the step is no longer in the
 *   plan), 400 `unknown_step` (a suggestion for no step).
 *
 * Group setting (whether the observed teacher sees observers' names):
 * - GET  /api/observations/settings/:groupId → {@link ObservationGroupSettings} (the group's
 *   members, school and alliance admins; 404 otherwise)
 * - PUT  /api/observations/settings/:groupId, body {@link ObservationGroupSettings} → the same
 *   (the group's lead or an alliance admin; 403 for other members and school admins)
 */
import type { JSONContent } from '@tiptap/core'
import type { PersonRef } from '../domain.ts'
import type { RubricDefinition, RubricMode } from './rubric.ts'
import type { Spread } from './scoring.ts'

/** Longest text of one note. */
export const MAX_NOTE_LENGTH = 2000
/** Most notes (deleted ones included) one observer keeps on one observation. */
export const MAX_NOTES_PER_SHEET = 500
/** Longest 亮点 (strengths) text. */
export const MAX_STRENGTHS_LENGTH = 4000
/** Longest text of one suggestion. */
export const MAX_SUGGESTION_LENGTH = 1000
/** Most suggestions of one sheet. */
export const MAX_SUGGESTIONS = 20
/** Most observers of one observation. */
export const MAX_OBSERVERS = 60
/** Longest class (班级) and room (地点) text. */
export const MAX_CLASS_LENGTH = 60
/** Longest room text. */
export const MAX_ROOM_LENGTH = 60
/** Client-generated ids of notes and suggestions: 8–64 letters, digits, `-` or `_` (a UUID fits). */
export const NOTE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/
/** How many of the lowest-scoring items become the 评课 agenda unless the request says. */
export const DEFAULT_AGENDA_ITEMS = 3
/** Minutes each agenda item of the 评课 meeting gets unless the request says. */
export const DEFAULT_AGENDA_MINUTES = 10
/** Observer label shown instead of the name when names are hidden: 观课教师 1, 2, … */
export const ANONYMOUS_OBSERVER_LABEL = { zh: '观课教师', en: 'Observer' } as const

/** Where an observation stands. */
export const OBSERVATION_STATUSES = ['scheduled', 'closed'] as const
/** `scheduled`: observers write their sheets; `closed`: the sheets are final, the report is out. */
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number]

/** List scopes of GET /api/observations. */
export const OBSERVATION_SCOPES = ['observing', 'observed', 'group'] as const
/** A list scope. */
export type ObservationScope = (typeof OBSERVATION_SCOPES)[number]

// ---- Rubrics ----

/** One rubric in the list. */
export interface RubricSummary {
  id: string
  name: string
  description: string
  mode: RubricMode
  /** The current version's id and number (1, 2, …). */
  currentVersionId: string
  currentVersion: number
  updatedAt: number
}

/** Answer of GET /api/rubrics. */
export interface RubricListResponse {
  rubrics: RubricSummary[]
}

/** One version of a rubric, without its definition. */
export interface RubricVersionSummary {
  id: string
  number: number
  createdAt: number
  createdBy: PersonRef | null
  /** How many observations use it (such a version never changes). */
  observationCount: number
}

/** A version of a rubric with its definition. */
export interface RubricVersionDetail extends RubricVersionSummary {
  rubricId: string
  name: string
  definition: RubricDefinition
}

/** Answer of GET /api/rubrics/:id and of the writes. */
export interface RubricDetail extends RubricSummary {
  definition: RubricDefinition
  versions: RubricVersionSummary[]
  /** Whether the caller may create versions (alliance admin). */
  canManage: boolean
}

/** Body of POST /api/rubrics. */
export interface CreateRubricBody {
  name: string
  description?: string
  definition: RubricDefinition
}

/** Body of POST /api/rubrics/:id/versions: the new definition, and optionally a new name. */
export interface NewRubricVersionBody {
  name?: string
  description?: string
  definition: RubricDefinition
}

// ---- Observations ----

/** Body of POST /api/observations. */
export interface ScheduleObservationBody {
  /** The plan to be taught (a 个案 or the 共案). */
  documentId: string
  /** The plan version to pin; by default the latest version if it is the current state, else a new one. */
  versionId?: number
  /** The rubric version to observe with (defaults to the rubric's current version when only rubricId is given). */
  rubricVersionId?: string
  rubricId?: string
  /** The teacher who teaches the lesson (defaults to the caller). */
  teacherId?: string
  /** 班级, e.g. 七年级（3）班. */
  className: string
  /** 地点, e.g. 城关第一中学 302 教室. */
  room: string
  /** When the lesson starts (epoch ms). */
  startsAt: number
  /** Lesson length in minutes (default 45). */
  durationMinutes?: number
  /** The observers (any school of the alliance; not the teacher). */
  observerIds: string[]
}

/** One observer as an observation shows them. */
export interface ObserverInfo {
  /** The person; null when names are hidden from the caller. */
  person: PersonRef | null
  /** The name shown: the display name, or 观课教师 n when hidden. */
  label: string
  /** LICC mode: the observation points they picked. */
  points: string[]
  submittedAt: number | null
}

/** What the caller is to an observation. */
export interface ObservationRoles {
  teacher: boolean
  observer: boolean
  lead: boolean
  admin: boolean
}

/** A 教学过程 step of the pinned plan version. */
export interface PinnedStep {
  index: number
  name: string
  minutes: number
}

/** An observation as the API shows it. */
export interface ObservationInfo {
  id: string
  status: ObservationStatus
  documentId: string
  documentTitle: string
  groupId: string | null
  groupName: string | null
  /** The pinned plan version (history feature) and its name. */
  versionId: number
  versionName: string
  /** The 教学过程 steps of the pinned version (notes and timings refer to their index). */
  steps: PinnedStep[]
  rubricId: string
  rubricVersionId: string
  rubricName: string
  rubricVersion: number
  /** The rubric version's definition (so the phone can score offline). */
  rubric: RubricDefinition
  teacher: PersonRef
  className: string
  room: string
  startsAt: number
  durationMinutes: number
  observers: ObserverInfo[]
  createdBy: PersonRef
  createdAt: number
  closedAt: number | null
  /** What the caller is here. */
  roles: ObservationRoles
}

/** Answer of GET /api/observations/:id/plan: the plan as it was pinned for the lesson. */
export interface PinnedPlan {
  versionId: number
  versionName: string
  /** The plan's ProseMirror JSON at that version. */
  plan: JSONContent
  /** Its plain text. */
  text: string
}

/** One observation in a list. */
export interface ObservationSummary {
  id: string
  status: ObservationStatus
  documentId: string
  documentTitle: string
  groupId: string | null
  teacher: PersonRef
  className: string
  room: string
  startsAt: number
  rubricName: string
  observerCount: number
  /** Observers who submitted their sheet. */
  submittedCount: number
  /** For the `observing` scope: whether the caller submitted. */
  mySubmittedAt: number | null
}

/** Answer of GET /api/observations. */
export interface ObservationListResponse {
  observations: ObservationSummary[]
}

/** Answer of GET /api/observations/counts: how many lessons a teacher was observed in / observed. */
export interface ObservationCounts {
  userId: string
  /** Observations of their lessons (closed ones, and all). */
  observed: number
  observedClosed: number
  /** Observations they were an observer of (submitted sheets, and all). */
  observing: number
  observingSubmitted: number
}

/** Answer of GET /api/observations/candidates. */
export interface ObserverCandidatesResponse {
  people: PersonRef[]
}

/** Body of PUT /api/observations/:id/points (LICC mode). */
export interface PickPointsBody {
  points: string[]
}

// ---- The observer's sheet ----

/** Body of PUT /api/observations/:id/sheet/notes/:noteId. */
export interface PutNoteBody {
  /** Index of the 教学过程 step of the pinned version it is about; null for the whole lesson. */
  step: number | null
  /** The rubric point it is about (optional; LICC observers note per viewpoint). */
  point?: string | null
  text: string
  /** When it was first written on the phone (epoch ms): the note's timestamp in the report. */
  at: number
  /** When this edit was made on the phone (epoch ms); the latest edit wins. */
  editedAt: number
  /** Deleted on the phone: kept as a tombstone. */
  deleted?: boolean
}

/** A note as the sheet and the report show it. */
export interface ObservationNote {
  id: string
  step: number | null
  point: string | null
  text: string
  at: number
  editedAt: number
}

/** Body of PUT /api/observations/:id/sheet/timings: one step's start, or the lesson's end. */
export interface PutTimingBody {
  /** A step index of the pinned version, or `end` for the end of the lesson. */
  step: number | 'end'
  /** Epoch ms; null clears it. */
  at: number | null
}

/** One score in PUT /api/observations/:id/sheet/scores. */
export interface ScoreEntry {
  point: string
  /** A value of the rubric's scale; null clears it. */
  value: number | null
}

/** Body of PUT /api/observations/:id/sheet/scores. */
export interface PutScoresBody {
  scores: ScoreEntry[]
}

/** One bonus entry in PUT /api/observations/:id/sheet/bonus. */
export interface BonusEntry {
  key: string
  /** A whole number of points from 0 up to the bonus item's maximum; null clears it. */
  value: number | null
}

/** Body of PUT /api/observations/:id/sheet/bonus. */
export interface PutBonusBody {
  bonus: BonusEntry[]
}

/** One suggestion (建议) of a sheet. */
export interface Suggestion {
  /** Client-generated id ({@link NOTE_ID_PATTERN}). */
  id: string
  text: string
  /** The 教学过程 step it concerns (index in the pinned version), or null. */
  step: number | null
}

/** Body of PUT /api/observations/:id/sheet/comments (replaced whole). */
export interface PutCommentsBody {
  /** 亮点: what went well. */
  strengths: string
  suggestions: Suggestion[]
}

/** A suggestion as the sheet and the report show it. */
export interface SuggestionInfo extends Suggestion {
  /** The comment thread it was sent to, once sent. */
  threadId: string | null
}

/** Answer of GET /api/observations/:id/sheet and of every sheet write. */
export interface ObserverSheet {
  observationId: string
  /** Live notes (tombstones left out), by time. */
  notes: ObservationNote[]
  /** Step index (as a string key) → start (epoch ms). */
  stepStarts: Record<string, number>
  endedAt: number | null
  /** Point key → scale value. */
  scores: Record<string, number>
  /** Bonus key → points. */
  bonus: Record<string, number>
  strengths: string
  suggestions: SuggestionInfo[]
  /** LICC mode: the points this observer picked. */
  points: string[]
  submittedAt: number | null
  updatedAt: number
}

// ---- The report ----

/** One observer of the report (names hidden from the observed teacher when the group says so). */
export interface ReportObserver {
  /** Position in `observers`; other parts of the report refer to it. */
  index: number
  label: string
  person: PersonRef | null
  total: number
  percent: number | null
  grade: string | null
  complete: boolean
  submittedAt: number | null
}

/** One observer's value in a row of the report. */
export interface ObserverValue {
  observer: number
  value: number
}

/** One point (评价要点 / 观察点) of the report. */
export interface ReportPoint {
  key: string
  text: string
  /** Spread of the scale values given; null when nobody scored it. */
  stats: Spread | null
  scores: ObserverValue[]
}

/** One item (评价项目) of the report. */
export interface ReportItem {
  key: string
  name: string
  weight: number
  /** Spread of the observers' item scores (weight × fraction); null when nobody scored it. */
  stats: Spread | null
  /** Mean fraction (0–1) of the observers' item scores; null when nobody scored it. */
  meanFraction: number | null
  /** Every observer's item score. */
  scores: ObserverValue[]
  points: ReportPoint[]
}

/** One bonus item of the report. */
export interface ReportBonus {
  key: string
  name: string
  max: number
  stats: Spread | null
  scores: ObserverValue[]
}

/** The overall result: mean of the observers' totals and its grade. */
export interface ReportTotal {
  /** Spread of the observers' totals (complete sheets only; all sheets when none is complete). */
  stats: Spread | null
  /** Mean of the observers' percents (the same sheets). */
  meanPercent: number | null
  grade: string | null
  /** How many sheets it is computed over. */
  sheets: number
}

/** A note in the report. */
export interface ReportNote extends ObservationNote {
  observer: number
}

/** One 教学过程 step of the report: planned vs actual minutes, and its notes. */
export interface ReportStep {
  index: number
  name: string
  planned: number
  /** Median of the observers' actual minutes; null when nobody timed it. */
  actual: number | null
  /** Every observer's actual minutes. */
  actualByObserver: ObserverValue[]
  notes: ReportNote[]
}

/** One observer's written comments. */
export interface ReportComments {
  observer: number
  strengths: string
  suggestions: SuggestionInfo[]
}

/** One agenda item proposed for the 评课 meeting (the lowest-scoring items first). */
export interface ReportAgendaItem {
  /** An item key (weighted rubric) or a point key (LICC). */
  key: string
  title: string
  meanFraction: number
}

/** Answer of GET /api/observations/:id/report. */
export interface ObservationReport {
  observation: ObservationInfo
  /** True while the observation is not closed (the lead's live view). */
  live: boolean
  /** Whether observers' names are hidden from the caller. */
  namesHidden: boolean
  observers: ReportObserver[]
  items: ReportItem[]
  bonus: ReportBonus[]
  total: ReportTotal
  steps: ReportStep[]
  /** Notes about no step. */
  generalNotes: ReportNote[]
  comments: ReportComments[]
  /** The lowest-scoring items (LICC: points), lowest first: the proposed 评课 agenda. */
  agenda: ReportAgendaItem[]
  generatedAt: number
}

/** Body of POST /api/observations/:id/meeting. */
export interface StartReviewMeetingBody {
  /** How many of the lowest items (default {@link DEFAULT_AGENDA_ITEMS}). */
  items?: number
  /** Minutes per agenda item (default {@link DEFAULT_AGENDA_MINUTES}). */
  minutes?: number
}

/** Answer of POST /api/observations/:id/meeting. */
export interface ReviewMeetingStarted {
  meetingId: string
  recordDocumentId: string
  agenda: { title: string; minutes: number }[]
}

/** Answer of POST /api/observations/:id/suggestions/:suggestionId/comment. */
export interface SuggestionSent {
  threadId: string
  /** False when the suggestion had been sent before (the same thread). */
  created: boolean
}

/** The group's 听评课 settings. */
export interface ObservationGroupSettings {
  /** Whether the observed teacher sees observers' names (default true). */
  showObserverNames: boolean
}

/** The label of an anonymised observer: 观课教师 1 (zh) / Observer 1 (en); `index` from 0. */
export function anonymousObserverLabel(index: number, language: 'zh' | 'en' = 'zh'): string {
  return language === 'zh'
    ? `${ANONYMOUS_OBSERVER_LABEL.zh} ${index + 1}`
    : `${ANONYMOUS_OBSERVER_LABEL.en} ${index + 1}`
}
