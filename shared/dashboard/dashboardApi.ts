/**
 * The alliance dashboard API (质量监测, issue 24): filters, indicator answers and drill-down rows,
 * shared by the server (server/features/dashboard/) and the client pages.
 *
 * Routes (all `GET`, all answer `{ ok: true, ... }`; query = the {@link DashboardFilters} below,
 * every one optional, plus `limit`/`offset` on drill-downs):
 *
 * | path | extra query | answer |
 * |---|---|---|
 * | /api/dashboard/scope | – | {@link DashboardScopeAnswer} |
 * | /api/dashboard/preparation | – | {@link PreparationAnswer} |
 * | /api/dashboard/preparation/tasks | `stage`, `onTime` | {@link DrillAnswer} of {@link TaskDrillRow} |
 * | /api/dashboard/sessions | – | {@link SessionsAnswer} |
 * | /api/dashboard/sessions/list | `attendeeSchool`, `speakerSchool` | {@link DrillAnswer} of {@link SessionDrillRow} |
 * | /api/dashboard/cross-school | – | {@link CrossSchoolAnswer} |
 * | /api/dashboard/cross-school/comments | `crossSchool`, `authorSchool` | {@link DrillAnswer} of {@link CommentDrillRow} |
 * | /api/dashboard/cross-school/plans | `coAuthored` | {@link DrillAnswer} of {@link PlanDrillRow} |
 * | /api/dashboard/flows | – | {@link FlowsAnswer} |
 * | /api/dashboard/flows/plans | `from`, `to` (school ids) | {@link DrillAnswer} of {@link AdaptedPlanDrillRow} |
 * | /api/dashboard/library | – | {@link LibraryAnswer} |
 * | /api/dashboard/library/entries | `kind` ({@link LibraryDrillKind}) | {@link DrillAnswer} of {@link LibraryEntryDrillRow} |
 * | /api/dashboard/balance | – | {@link BalanceAnswer} |
 * | /api/dashboard/balance/plans | `school` (required) | {@link DrillAnswer} of {@link PlanDrillRow} |
 * | /api/dashboard/trends | – | {@link TrendsAnswer} |
 *
 * Who may call: the alliance admin (every school), a school admin (aggregates of the whole
 * alliance, so their school can be read beside it; drill-downs only into their own school), a
 * group lead (aggregates and drill-downs of the groups they lead). Everyone else: 403
 * `forbidden`; signed out: 401 `unauthorized`.
 *
 * Error codes: 400 `bad_request` (a malformed filter, an unknown `stage`/`kind`, `limit` out of
 * 1..200, `school` missing on /balance/plans); 401 `unauthorized`; 403 `forbidden` (no
 * dashboard role; a lead filtering on a group they do not lead; a school admin asking a
 * drill-down with `school`/`from`/`to`/`attendeeSchool`/`speakerSchool`/`authorSchool` naming
 * another school). Drill-downs of a school admin are always limited to their own school's
 * plans, unless they name their own school as an attendee/speaker/author/to school (then the rows are those).
 *
 * Privacy: figures are per school and per group; drill-downs list plans, sessions, comments and
 * library entries, never a ranking of people; no row names a commenter or a speaker.
 *
 * ## Definitions (the closing note quotes these)
 *
 * Plans in scope: documents of kind `lesson_plan`, not deleted, whose group matches the term /
 * group filters (the group's `term`), whose own `subject`/`grade` match those filters and whose
 * school (`documents.school_id`, the owner's school) matches the school filter; for a lead, only
 * plans of the groups they lead. Every indicator below counts only what hangs on plans in scope.
 *
 * - **Tasks per stage**: preparation tasks (not deleted) of groups in scope, by the stage of their
 *   plan: `not_started` (no plan yet), `draft` (初备), `discussion` (研讨), `final` (共案),
 *   `archived`. The school filter keeps tasks whose main preparer belongs to the school; the
 *   subject and grade filters keep tasks of groups of that subject and grade.
 * - **On-time share**: among those tasks, the share whose plan was signed off as 共案
 *   (`plan_lifecycle.signed_at`) on or before the task's due date (calendar day in China
 *   Standard Time, UTC+8). Denominator: tasks whose due date has passed or that are signed.
 * - **Median days 初备 → 共案**: median over signed task plans of (signed_at − plan created_at)
 *   in days (fractional, one decimal).
 * - **Sessions held**: live sessions (集体研讨) started on plans in scope; `ended` those closed.
 * - **Attendance by school**: per school of the attendee, the number of (session, person)
 *   attendances (a person joining twice counts once) and the distinct people.
 * - **Speaking turns by school**: per school of the speaker, the times the lead gave someone the
 *   floor (recorded since this dashboard, table `session_turns`; earlier sessions have none).
 * - **Comments per plan**: comments (thread openings and replies, table `comment_log`, recorded
 *   when written, since this dashboard) on plans in scope ÷ plans in scope.
 * - **Cross-school comment share**: comments whose author wrote for another school than the
 *   plan's school ÷ all comments.
 * - **Co-authorship index**: plans in scope whose content was written by teachers of ≥ 2
 *   schools (the schools of the plan's registered Yjs clients, `document_clients.school_id`) ÷
 *   plans in scope that have any registered writer.
 * - **Resource-flow matrix**: cell (A, B) = plans of school B (not deleted) adapted (forked,
 *   `adapted_from_entry_id`) from a library entry published by school A. Filters apply to the
 *   entry (its subject/grade; term/group through its source plan's group; school = A or B).
 * - **Library**: `published` entries (status published) · `adaptedEntries` (entries forked at
 *   least once) and `adaptations` (forks) · `ratedEntries` (entries with ≥ 1 review), `reviews`,
 *   `averageStars` · time in review: median hours from submission to decision over decided
 *   submissions, and `pendingReviews`.
 * - **Participation (per teacher)**: distinct plans in scope the teacher wrote in (a registered
 *   client) + distinct sessions on plans in scope they attended + comments they wrote on plans
 *   in scope. Teachers: enabled accounts of role teacher of the school; with a term or group
 *   filter, or for a lead, the leads and members of the groups in scope instead. Here the school
 *   filter picks the teachers (of that school), not the plans: their work on any plan counts.
 * - **Participation balance (校际差异系数)**: per school, the mean participation of its teachers
 *   (sum ÷ teachers); CV = population standard deviation ÷ mean of those school means, over
 *   schools with ≥ 1 teacher; null when fewer than two schools or a zero mean. Given overall and
 *   per term (the term of the plans' groups; teachers of that term's groups).
 * - **Trends**: per ISO week (Monday, UTC+8) the plans created, plans signed, sessions started,
 *   attendances, comments and adaptations; per term (group term) the same counts plus the
 *   on-time share and the cross-school comment share.
 */
import type { TaskStage } from '../domain.ts'

/** The filters every dashboard route takes (query parameters, all optional). */
export interface DashboardFilters {
  /** A group term, e.g. `2026-2027-1`. */
  term?: string
  /** A school id. */
  school?: string
  /** A group id. */
  group?: string
  subject?: string
  grade?: string
}

/** The query parameter names of {@link DashboardFilters}. */
export const DASHBOARD_FILTER_KEYS = ['term', 'school', 'group', 'subject', 'grade'] as const

/** The stages a task can be in, in the order they are shown. */
export const TASK_STAGES: readonly TaskStage[] = [
  'not_started',
  'draft',
  'discussion',
  'final',
  'archived',
]

/** Largest `limit` of a drill-down. */
export const MAX_DRILL_LIMIT = 200

/** Default `limit` of a drill-down. */
export const DEFAULT_DRILL_LIMIT = 50

/** How wide the caller's dashboard is. */
export type DashboardScopeKind = 'alliance' | 'school' | 'groups'

/** A school or group as a filter choice. */
export interface NamedRef {
  id: string
  name: string
}

/** `GET /api/dashboard/scope`: the caller's scope and the filter choices. */
export interface DashboardScopeAnswer {
  ok: true
  kind: DashboardScopeKind
  /** The school admin's school; null otherwise. */
  ownSchoolId: string | null
  /** Schools that appear in figures (all schools of the alliance). */
  schools: NamedRef[]
  /** Groups the caller may filter on (all, or the groups a lead leads). */
  groups: Array<NamedRef & { term: string; subject: string; grade: string }>
  /** Terms of those groups, latest first. */
  terms: string[]
  subjects: string[]
  grades: string[]
}

/** A count for one school. */
export interface SchoolCount {
  schoolId: string
  schoolName: string
  count: number
}

/** `GET /api/dashboard/preparation`. */
export interface PreparationAnswer {
  ok: true
  tasks: number
  /** Every stage of {@link TASK_STAGES} is present (0 when none). */
  byStage: Record<TaskStage, number>
  /** Tasks whose due date has passed or that are signed (the on-time denominator). */
  dueOrSigned: number
  signedOnTime: number
  signedLate: number
  /** signedOnTime ÷ dueOrSigned, null when dueOrSigned is 0. */
  onTimeShare: number | null
  /** Median days from plan creation to sign-off, one decimal; null when nothing is signed. */
  medianDaysToSigned: number | null
}

/** `GET /api/dashboard/sessions`. */
export interface SessionsAnswer {
  ok: true
  sessions: number
  ended: number
  /** Per attendee school, `count` = attendances (distinct session × person). */
  attendanceBySchool: Array<SchoolCount & { people: number }>
  /** Per speaker school, `count` = times given the floor. */
  turnsBySchool: SchoolCount[]
}

/** `GET /api/dashboard/cross-school`. */
export interface CrossSchoolAnswer {
  ok: true
  plans: number
  comments: number
  /** comments ÷ plans, two decimals; null without plans. */
  commentsPerPlan: number | null
  crossSchoolComments: number
  /** crossSchoolComments ÷ comments; null without comments. */
  crossSchoolShare: number | null
  /** Per author school, comments written and those on another school's plans. */
  commentsBySchool: Array<SchoolCount & { crossSchool: number }>
  /** Plans in scope with at least one registered writer. */
  writtenPlans: number
  /** Plans written by teachers of ≥ 2 schools. */
  coAuthoredPlans: number
  /** coAuthoredPlans ÷ writtenPlans; null when writtenPlans is 0. */
  coAuthorshipIndex: number | null
}

/** One cell of the resource-flow matrix. */
export interface FlowCell {
  /** The school that published the library entry. */
  fromSchoolId: string
  /** The school whose plan adapted it. */
  toSchoolId: string
  adaptations: number
}

/** `GET /api/dashboard/flows`. */
export interface FlowsAnswer {
  ok: true
  /** Every school of the alliance, in a fixed order (by name) for the matrix axes. */
  schools: NamedRef[]
  /** Non-zero cells only. */
  cells: FlowCell[]
  total: number
}

/** `GET /api/dashboard/library`. */
export interface LibraryAnswer {
  ok: true
  published: number
  withdrawn: number
  adaptedEntries: number
  adaptations: number
  ratedEntries: number
  reviews: number
  /** Mean stars over reviews, two decimals; null without reviews. */
  averageStars: number | null
  /** Decided submissions (approved or returned). */
  decidedSubmissions: number
  /** Median hours from submission to decision, one decimal; null when none decided. */
  medianHoursInReview: number | null
  pendingReviews: number
  /** Entries published per school. */
  publishedBySchool: SchoolCount[]
}

/** Participation of one school. */
export interface SchoolParticipation {
  schoolId: string
  schoolName: string
  teachers: number
  plansEdited: number
  sessionsAttended: number
  comments: number
  /** (plansEdited + sessionsAttended + comments) ÷ teachers, two decimals; 0 without teachers. */
  meanParticipation: number
}

/** The balance over one set of activity. */
export interface BalanceFigure {
  schools: SchoolParticipation[]
  /** Mean of the school means (schools with teachers), two decimals. */
  mean: number | null
  /** Coefficient of variation (stdev ÷ mean of the school means), three decimals. */
  cv: number | null
}

/** `GET /api/dashboard/balance`. */
export interface BalanceAnswer {
  ok: true
  overall: BalanceFigure
  /** Per group term (latest first); ignores the term filter. */
  perTerm: Array<BalanceFigure & { term: string }>
}

/** One week of the trends. */
export interface WeekPoint {
  /** The Monday, `YYYY-MM-DD` (UTC+8). */
  week: string
  plansCreated: number
  plansSigned: number
  sessions: number
  attendances: number
  comments: number
  adaptations: number
}

/** One term of the trends. */
export interface TermPoint {
  term: string
  plans: number
  tasks: number
  onTimeShare: number | null
  sessions: number
  attendances: number
  comments: number
  crossSchoolShare: number | null
  adaptations: number
}

/** `GET /api/dashboard/trends`: weeks in order (only weeks with activity), terms latest first. */
export interface TrendsAnswer {
  ok: true
  weeks: WeekPoint[]
  terms: TermPoint[]
}

/** A page of drill-down rows. */
export interface DrillAnswer<Row> {
  ok: true
  total: number
  rows: Row[]
}

/** A preparation task behind the preparation figures. */
export interface TaskDrillRow {
  taskId: string
  groupId: string
  groupName: string
  unit: string
  lesson: string
  dueDate: string
  stage: TaskStage
  documentId: string | null
  planTitle: string | null
  schoolId: string
  schoolName: string
  signedAt: number | null
  /** true signed by the due date, false signed late, null not signed. */
  onTime: boolean | null
}

/** The `onTime` drill filter: `true` signed on time, `false` signed late, `unsigned` due but not signed. */
export type OnTimeFilter = 'true' | 'false' | 'unsigned'

/** A session behind the session figures. */
export interface SessionDrillRow {
  sessionId: string
  documentId: string
  planTitle: string
  groupId: string | null
  groupName: string | null
  schoolId: string
  schoolName: string
  startedAt: number
  endedAt: number | null
  attendees: number
  turns: number
}

/** A comment behind the cross-school figures (no author name, no body). */
export interface CommentDrillRow {
  commentId: string
  threadId: string
  documentId: string
  planTitle: string
  planSchoolId: string
  planSchoolName: string
  authorSchoolId: string
  authorSchoolName: string
  crossSchool: boolean
  createdAt: number
}

/** A plan behind a figure. */
export interface PlanDrillRow {
  documentId: string
  title: string
  schoolId: string
  schoolName: string
  groupId: string | null
  groupName: string | null
  status: string
  /** Names of the schools whose teachers wrote in the plan. */
  writerSchools: string[]
  createdAt: number
}

/** A plan adapted from a library entry (behind a flow-matrix cell). */
export interface AdaptedPlanDrillRow {
  documentId: string
  title: string
  toSchoolId: string
  toSchoolName: string
  entryId: string
  entryTitle: string
  fromSchoolId: string
  fromSchoolName: string
  createdAt: number
}

/** Which library entries a library drill-down lists. */
export const LIBRARY_DRILL_KINDS = [
  'published',
  'withdrawn',
  'adapted',
  'rated',
  'reviewed',
] as const
/** One of {@link LIBRARY_DRILL_KINDS} (`reviewed`: entries that went through a decided review). */
export type LibraryDrillKind = (typeof LIBRARY_DRILL_KINDS)[number]

/** A library entry behind the library figures. */
export interface LibraryEntryDrillRow {
  entryId: string
  title: string
  schoolId: string
  schoolName: string
  subject: string
  grade: string
  status: 'published' | 'withdrawn'
  adaptations: number
  reviews: number
  averageStars: number | null
  /** Hours its decided submission waited (the longest if several); null without review. */
  hoursInReview: number | null
  createdAt: number
}
