/** Zod schemas of the 师徒结对 API (`/api/mentoring`): request bodies and queries. */
import { z } from 'zod'
import {
  DUTY_KEYS,
  MAX_DUTY,
  MAX_GOALS_LENGTH,
  MAX_GUIDANCE_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  type MentoringDuties,
} from '../../../shared/mentoring/mentoringApi.ts'

const id = z.string().min(1).max(64)
/** A calendar day `YYYY-MM-DD` that exists. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value
  }, 'not a calendar day')
const duty = z.number().int().min(0).max(MAX_DUTY)
const goals = z.string().trim().max(MAX_GOALS_LENGTH)

/** Some duties, each a whole number from 0 to MAX_DUTY. */
const dutiesBody = z
  .object(
    Object.fromEntries(DUTY_KEYS.map((key) => [key, duty.optional()])) as Record<
      keyof MentoringDuties,
      z.ZodOptional<typeof duty>
    >,
  )
  .strict()

const period = { startDate: day, endDate: day }
const inOrder = (body: { startDate?: string; endDate?: string }) =>
  body.startDate === undefined || body.endDate === undefined || body.startDate <= body.endDate
const orderMessage = { message: 'endDate is before startDate', path: ['endDate'] }

/** `POST /api/mentoring/pairs`. */
export const createPairBody = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('teacher'),
        mentorId: id,
        menteeId: id,
        groupId: id.optional(),
        ...period,
        goals: goals.optional(),
        duties: dutiesBody.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('school'),
        mentorSchoolId: id,
        menteeSchoolId: id,
        ...period,
        goals: goals.optional(),
      })
      .strict(),
  ])
  .refine(inOrder, orderMessage)

/** `POST /api/mentoring/pairs` after validation. */
export type CreatePairInput = z.infer<typeof createPairBody>

/** `PATCH /api/mentoring/pairs/:id`. */
export const updatePairBody = z
  .object({
    startDate: day.optional(),
    endDate: day.optional(),
    goals: goals.optional(),
    duties: dutiesBody.optional(),
  })
  .strict()
  .refine(inOrder, orderMessage)

/** `PATCH /api/mentoring/pairs/:id` after validation. */
export type UpdatePairInput = z.infer<typeof updatePairBody>

/** `POST /api/mentoring/pairs/:id/end` and `/decline`. */
export const endPairBody = z
  .object({ reason: z.string().trim().min(1).max(MAX_REASON_LENGTH) })
  .strict()

/** `POST /api/mentoring/pairs/:id/guidance`. */
export const guidanceBody = z
  .object({ documentId: id, note: z.string().trim().max(MAX_GUIDANCE_NOTE_LENGTH).optional() })
  .strict()

/** `GET /api/mentoring/pairs`. */
export const listPairsQuery = z.object({ userId: id.optional(), groupId: id.optional() }).strict()

/** `GET /api/mentoring/pairs/:id/progress`. */
export const progressQuery = z
  .object({
    term: z
      .string()
      .regex(/^\d{4}-\d{4}-[12]$/)
      .optional(),
  })
  .strict()
