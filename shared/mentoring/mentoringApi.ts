/**
 * The 师徒结对 API (issue 23): mentoring pairs, the mentee's guidance requests and a pair's duty
 * progress per term, counted from Jibei's own records (never typed in). Every route needs a
 * signed-in user. A success answers `{ ok: true, ...T }` with T the type named below; error
 * answers are `{ok:false, error, message}` with the codes of shared/errorCodes.ts. A pair the
 * caller may not see answers 404 `not_found`; bad input answers 400 `bad_request` (zod) and
 * changes nothing.
 *
 * Who sees a pair: its mentor and mentee, the school admins of either school, the lead of a group
 * either teacher is in (and of the pair's group), and alliance admins. Who manages it (edits
 * goals, duties and period; ends it): the alliance admin, a school admin of either school, the
 * lead of the pair's group, its creator; either side may also end it.
 *
 * - GET  /api/mentoring/pairs[?userId=&groupId=] → {@link PairListResponse}: the pairs the caller
 *   sees (ended and declined ones too, latest first), narrowed to one teacher or one group
 * - POST /api/mentoring/pairs, body {@link CreatePairBody} → 201 {@link PairInfo}. A group lead
 *   (with `groupId`: both teachers in that group), a school admin of either school or an alliance
 *   admin creates an active pair; the mentee alone creates a request (status `requested`) that
 *   the mentor accepts. 403 `forbidden` otherwise; 400 `pair_with_self`, 400 `pair_person_unknown`
 *   (unknown or disabled user, or a school not of the alliance), 400 `bad_request` (dates out of
 *   order, negative duties, a `groupId` that does not hold both teachers)
 * - GET  /api/mentoring/pairs/:id → {@link PairInfo}
 * - PATCH /api/mentoring/pairs/:id, body {@link UpdatePairBody} → {@link PairInfo} (managers);
 *   403 `forbidden`, 409 `pair_ended`
 * - POST /api/mentoring/pairs/:id/accept → {@link PairInfo} (the mentor of a requested pair);
 *   403 `forbidden`, 409 `pair_not_requested`
 * - POST /api/mentoring/pairs/:id/decline, body {@link EndPairBody} → {@link PairInfo} (the mentor
 *   of a requested pair); 403, 409 `pair_not_requested`
 * - POST /api/mentoring/pairs/:id/end, body {@link EndPairBody} → {@link PairInfo} (either side or a
 *   manager; the reason is kept); 409 `pair_ended`
 * - POST /api/mentoring/pairs/:id/guidance, body {@link GuidanceBody} → 201 {@link GuidanceInfo}:
 *   the mentee hands in a plan they edit for guidance; the mentor then comments on it through the
 *   comments feature. 403 (not the mentee, or the mentee may not edit the plan), 404 (plan),
 *   409 `pair_not_active`, 409 `not_a_plan`, 409 `mentor_cannot_comment` (the mentor may not
 *   comment on that plan), 409 `guidance_exists` (already handed in within this pair)
 * - GET  /api/mentoring/pairs/:id/progress[?term=2026-2027-1] → {@link PairProgress} (default: the
 *   term of today); 409 `school_pair_no_duties` for a school pair; 400 for a term not of the form
 *
 * Counting rules (for the term's days, within the pair's period and before it ended):
 * - observations: closed observations (听课 marked closed) whose lesson started in the window,
 *   where one side taught and the other was an observer;
 * - plans for guidance: guidance requests made in the window; reviewed plans: those of them with
 *   at least one (not deleted) comment by the mentor written after the request, in the window;
 * - public lessons: closed observations of the mentee's lessons with at least
 *   {@link PUBLIC_LESSON_MIN_OBSERVERS} observers; one in the first half of the window is the
 *   探讨课, one in the second half the 汇报课;
 * - study sessions: 集体研讨 sessions both attended (session_attendance), joined in the window;
 *   required per month, months counted from the window's days.
 */

/** The duties of a pair per term, as numbers (issue 23's defaults in {@link DEFAULT_DUTIES}). */
export interface MentoringDuties {
  /** Lessons of the mentee the mentor observes. */
  mentorObservations: number
  /** Guidance plans of the mentee the mentor reviews (comments on). */
  mentorPlanReviews: number
  /** Lessons of the mentor the mentee observes. */
  menteeObservations: number
  /** Plans the mentee hands in for guidance. */
  menteePlans: number
  /** Early 探讨课 the mentee gives. */
  exploratoryLessons: number
  /** End-of-term 汇报课 the mentee gives. */
  reportLessons: number
  /** Study sessions (集体研讨) both attend, per month. */
  studySessionsPerMonth: number
}

/** The duty keys, in the order a progress answer lists them. */
export const DUTY_KEYS = [
  'mentorObservations',
  'mentorPlanReviews',
  'menteeObservations',
  'menteePlans',
  'exploratoryLessons',
  'reportLessons',
  'studySessionsPerMonth',
] as const satisfies readonly (keyof MentoringDuties)[]

/** A duty key. */
export type DutyKey = (typeof DUTY_KEYS)[number]

/** The agreement's defaults (issue 23). */
export const DEFAULT_DUTIES: MentoringDuties = {
  mentorObservations: 7,
  mentorPlanReviews: 3,
  menteeObservations: 7,
  menteePlans: 3,
  exploratoryLessons: 1,
  reportLessons: 1,
  studySessionsPerMonth: 2,
}

/** The largest number a duty may ask for. */
export const MAX_DUTY = 100
/** Longest goals text. */
export const MAX_GOALS_LENGTH = 2000
/** Longest reason for ending or declining. */
export const MAX_REASON_LENGTH = 500
/** Longest note on a guidance request. */
export const MAX_GUIDANCE_NOTE_LENGTH = 500
/** Observers from which an observation of the mentee counts as a public lesson (公开课). */
export const PUBLIC_LESSON_MIN_OBSERVERS = 3

/** A pair's kind: two teachers (师徒结对) or two schools (城乡结对). */
export type PairKind = 'teacher' | 'school'
/** A pair's state. */
export type PairStatus = 'requested' | 'active' | 'declined' | 'ended'

/** A person or school as a pair shows it. */
export interface PairPartyRef {
  id: string
  name: string
}

/** A pair. */
export interface PairInfo {
  id: string
  kind: PairKind
  /** The mentor (teacher pair); null for a school pair. */
  mentor: PairPartyRef | null
  mentee: PairPartyRef | null
  mentorSchool: PairPartyRef
  menteeSchool: PairPartyRef
  groupId: string | null
  status: PairStatus
  startDate: string
  endDate: string
  goals: string
  duties: MentoringDuties
  createdBy: string
  createdAt: number
  acceptedAt: number | null
  endedAt: number | null
  endedBy: string | null
  endReason: string | null
  /** Whether the caller may edit or end it as a manager. */
  mayManage: boolean
}

/** `GET /api/mentoring/pairs`. */
export interface PairListResponse {
  pairs: PairInfo[]
}

/** `POST /api/mentoring/pairs`. */
export type CreatePairBody =
  | {
      kind: 'teacher'
      mentorId: string
      menteeId: string
      groupId?: string
      startDate: string
      endDate: string
      goals?: string
      duties?: Partial<MentoringDuties>
    }
  | {
      kind: 'school'
      mentorSchoolId: string
      menteeSchoolId: string
      startDate: string
      endDate: string
      goals?: string
    }

/** `PATCH /api/mentoring/pairs/:id`. */
export interface UpdatePairBody {
  startDate?: string
  endDate?: string
  goals?: string
  duties?: Partial<MentoringDuties>
}

/** `POST /api/mentoring/pairs/:id/end` and `/decline`. */
export interface EndPairBody {
  reason: string
}

/** `POST /api/mentoring/pairs/:id/guidance`. */
export interface GuidanceBody {
  documentId: string
  note?: string
}

/** A guidance request. */
export interface GuidanceInfo {
  id: string
  pairId: string
  documentId: string
  note: string
  requestedAt: number
}

/** One record behind a count, with the page it links to. */
export interface DutyItem {
  kind: 'observation' | 'plan' | 'session'
  id: string
  title: string
  at: number
  /** The client route of the record (`/observations/:id`, `/plans/:id`, `/sessions/:id`). */
  link: string
  /** For a reviewed plan: the mentor's comments on it counted in the window. */
  comments?: number
}

/** One duty's progress in a term. */
export interface DutyProgress {
  key: DutyKey
  /** Required in the whole window (per-month duties: times the window's months). */
  required: number
  done: number
  /** Behind what the window's days passed so far ask for. */
  overdue: boolean
  items: DutyItem[]
}

/** `GET /api/mentoring/pairs/:id/progress`. */
export interface PairProgress {
  pairId: string
  term: string
  /** The counted window, epoch ms (start included, end excluded). */
  from: number
  to: number
  duties: DutyProgress[]
}
