/** Zod schemas of the 听评课 API (`/api/rubrics`, `/api/observations`): request bodies and stored JSON. */
import { z } from 'zod'
import { AGENDA_LIMITS } from '../../../shared/meetings/meetingState.ts'
import {
  MAX_CLASS_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_OBSERVERS,
  MAX_ROOM_LENGTH,
  MAX_STRENGTHS_LENGTH,
  MAX_SUGGESTION_LENGTH,
  MAX_SUGGESTIONS,
  NOTE_ID_PATTERN,
  OBSERVATION_SCOPES,
} from '../../../shared/observations/observationApi.ts'
import {
  MAX_RUBRIC_BONUS_ITEMS,
  MAX_RUBRIC_DESCRIPTION_LENGTH,
  MAX_RUBRIC_GRADES,
  MAX_RUBRIC_ITEMS,
  MAX_RUBRIC_KEY_LENGTH,
  MAX_RUBRIC_NAME_LENGTH,
  MAX_RUBRIC_POINTS_PER_ITEM,
  MAX_RUBRIC_TEXT_LENGTH,
  MAX_SCALE_LEVELS,
  RUBRIC_MODES,
} from '../../../shared/observations/rubric.ts'

const key = z
  .string()
  .min(1)
  .max(MAX_RUBRIC_KEY_LENGTH)
  .regex(/^[A-Za-z0-9_.-]+$/)
const label = z.string().trim().min(1).max(MAX_RUBRIC_TEXT_LENGTH)
const id = z.string().min(1).max(64)
/** An epoch-ms time between 2000 and 2200. */
const epochMs = z.number().int().min(946_684_800_000).max(7_258_118_400_000)

/** A rubric definition's shape (its soundness is checked by `definitionProblems`). */
export const rubricDefinition = z
  .object({
    mode: z.enum(RUBRIC_MODES),
    scale: z
      .array(z.object({ label, value: z.number().int().min(0).max(100) }).strict())
      .min(2)
      .max(MAX_SCALE_LEVELS),
    items: z
      .array(
        z
          .object({
            key,
            name: label,
            weight: z.number().positive().max(1000),
            points: z
              .array(z.object({ key, text: label }).strict())
              .min(1)
              .max(MAX_RUBRIC_POINTS_PER_ITEM),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_RUBRIC_ITEMS),
    bonus: z
      .array(
        z
          .object({
            key,
            name: label,
            text: z.string().trim().max(MAX_RUBRIC_TEXT_LENGTH),
            max: z.number().int().positive().max(100),
          })
          .strict(),
      )
      .max(MAX_RUBRIC_BONUS_ITEMS),
    bonusCap: z.number().int().min(0).max(100),
    grades: z
      .array(z.object({ label, minPercent: z.number().min(0).max(100) }).strict())
      .max(MAX_RUBRIC_GRADES),
    fallbackGrade: label,
  })
  .strict()

const rubricName = z.string().trim().min(1).max(MAX_RUBRIC_NAME_LENGTH)
const rubricDescription = z.string().trim().max(MAX_RUBRIC_DESCRIPTION_LENGTH)

/** `POST /api/rubrics`. */
export const createRubricBody = z
  .object({
    name: rubricName,
    description: rubricDescription.optional(),
    definition: rubricDefinition,
  })
  .strict()

/** `POST /api/rubrics/:id/versions`. */
export const newRubricVersionBody = z
  .object({
    name: rubricName.optional(),
    description: rubricDescription.optional(),
    definition: rubricDefinition,
  })
  .strict()

/** `POST /api/observations`. */
export const scheduleObservationBody = z
  .object({
    documentId: id,
    versionId: z.number().int().positive().optional(),
    rubricVersionId: id.optional(),
    rubricId: id.optional(),
    teacherId: id.optional(),
    className: z.string().trim().min(1).max(MAX_CLASS_LENGTH),
    room: z.string().trim().max(MAX_ROOM_LENGTH),
    startsAt: epochMs,
    durationMinutes: z.number().int().min(10).max(240).optional(),
    observerIds: z.array(id).min(1).max(MAX_OBSERVERS),
  })
  .strict()
  .refine((body) => body.rubricVersionId !== undefined || body.rubricId !== undefined, {
    message: 'rubricVersionId or rubricId is required',
    path: ['rubricVersionId'],
  })

/** `GET /api/observations?scope=…`. */
export const listObservationsQuery = z
  .object({ scope: z.enum(OBSERVATION_SCOPES), groupId: id.optional() })
  .strict()

/** `GET /api/observations/counts?userId=…`. */
export const countsQuery = z.object({ userId: id.optional() }).strict()

/** `GET /api/observations/candidates?q=…`. */
export const candidatesQuery = z.object({ q: z.string().trim().max(40).optional() }).strict()

/** `PUT /api/observations/:id/points`. */
export const pickPointsBody = z.object({ points: z.array(key).max(40) }).strict()

const stepIndex = z.number().int().min(0).max(200)

/** `PUT /api/observations/:id/sheet/notes/:noteId`. */
export const putNoteBody = z
  .object({
    step: stepIndex.nullable(),
    point: key.nullable().optional(),
    text: z.string().max(MAX_NOTE_LENGTH),
    at: epochMs,
    editedAt: epochMs,
    deleted: z.boolean().optional(),
  })
  .strict()

/** A client-generated id of a note or a suggestion. */
export const clientId = z.string().regex(NOTE_ID_PATTERN)

/** `PUT /api/observations/:id/sheet/timings`. */
export const putTimingBody = z
  .object({ step: z.union([stepIndex, z.literal('end')]), at: epochMs.nullable() })
  .strict()

/** `PUT /api/observations/:id/sheet/scores`. */
export const putScoresBody = z
  .object({
    scores: z
      .array(z.object({ point: key, value: z.number().nullable() }).strict())
      .min(1)
      .max(200),
  })
  .strict()

/** `PUT /api/observations/:id/sheet/bonus`. */
export const putBonusBody = z
  .object({
    bonus: z
      .array(z.object({ key, value: z.number().nullable() }).strict())
      .min(1)
      .max(MAX_RUBRIC_BONUS_ITEMS),
  })
  .strict()

/** `PUT /api/observations/:id/sheet/comments`. */
export const putCommentsBody = z
  .object({
    strengths: z.string().max(MAX_STRENGTHS_LENGTH),
    suggestions: z
      .array(
        z
          .object({
            id: clientId,
            text: z.string().trim().min(1).max(MAX_SUGGESTION_LENGTH),
            step: stepIndex.nullable(),
          })
          .strict(),
      )
      .max(MAX_SUGGESTIONS),
  })
  .strict()
  .refine((body) => new Set(body.suggestions.map((s) => s.id)).size === body.suggestions.length, {
    message: 'suggestion ids repeat',
    path: ['suggestions'],
  })

/** `POST /api/observations/:id/meeting`. */
export const startReviewMeetingBody = z
  .object({
    items: z.number().int().min(1).max(AGENDA_LIMITS.maxItems).optional(),
    minutes: z.number().int().min(1).max(AGENDA_LIMITS.maxMinutes).optional(),
  })
  .strict()

/** `PUT /api/observations/settings/:groupId`. */
export const groupSettingsBody = z.object({ showObserverNames: z.boolean() }).strict()

/** A stored suggestion (observation_observers.suggestions). */
export type StoredSuggestion = {
  id: string
  text: string
  step: number | null
  threadId: string | null
}
