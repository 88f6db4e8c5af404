import { z } from 'zod'
import { DOCUMENT_STATUSES } from './domain.ts'

const _name = z.string().trim().min(1).max(100)
const shortText = z.string().trim().max(200)
const id = z.string().min(1).max(64)

/** POST /api/library: publish (or republish) a final plan. */
export const publishBody = z
  .object({
    documentId: id,
    keywords: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    licence: z.string().trim().max(200).default('CC BY 4.0（署名）'),
  })
  .strict()
/** GET /api/library query */
export const libraryQuery = z
  .object({
    subject: shortText,
    grade: shortText,
    textbookEdition: shortText,
    unit: shortText,
    schoolId: id,
    minRating: z.coerce.number().min(1).max(5),
    sort: z.enum(['newest', 'rating', 'adapted']),
    limit: z.coerce.number().int().min(1).max(100),
    offset: z.coerce.number().int().min(0),
  })
  .partial()
/** GET /api/library/search query (the length limit itself is checked by the search engine). */
export const librarySearchQuery = libraryQuery.extend({ q: z.string().max(1000) })
/** PUT /api/library/:id/review */
export const reviewBody = z
  .object({
    stars: z.number().int().min(1).max(5),
    comment: z.string().trim().max(2000).default(''),
  })
  .strict()
/** POST /api/library/:id/withdraw */
export const withdrawBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict()

/** POST /api/library/submissions/:id/approve and /return (a comment is required to return) */
export const submissionDecisionBody = z
  .object({ comment: z.string().trim().max(2000).default('') })
  .strict()
/** GET /api/library/submissions query */
export const submissionsQuery = z.object({
  status: z.enum(['pending', 'approved', 'returned', 'cancelled']).optional(),
  documentId: id.optional(),
})
/** PUT /api/library/settings */
export const librarySettingsBody = z
  .object({ requireReview: z.boolean(), reviewerIds: z.array(id).max(100) })
  .strict()

// ---- Collective preparation: tasks, the plan life cycle, 个案, reflections, notifications ----
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
/** POST /api/groups/:groupId/tasks */
export const createTaskBody = z
  .object({
    unit: z.string().trim().min(1).max(200),
    lesson: z.string().trim().min(1).max(200),
    mainPreparerId: id,
    participantIds: z.array(id).max(100).default([]),
    dueDate: isoDate,
    discussionAt: z.number().int().min(0).nullable().default(null),
  })
  .strict()
/** PATCH /api/tasks/:taskId */
export const updateTaskBody = z
  .object({
    unit: z.string().trim().min(1).max(200),
    lesson: z.string().trim().min(1).max(200),
    mainPreparerId: id,
    participantIds: z.array(id).max(100),
    dueDate: isoDate,
    discussionAt: z.number().int().min(0).nullable(),
  })
  .partial()
  .strict()
/** POST /api/documents/:id/transition: the life-cycle state to move the plan to. */
export const transitionBody = z.object({ to: z.enum(DOCUMENT_STATUSES) }).strict()
/** POST /api/documents/:id/personal: derive a 个案 for one class. */
export const personalPlanBody = z.object({ className: z.string().trim().min(1).max(50) }).strict()
/** POST /api/documents/:id/bring-in: parts of the plan to take from the common plan. */
export const bringInBody = z
  .object({ sections: z.array(z.string().max(40)).max(20).default([]) })
  .strict()
/** POST /api/documents/:id/reflections */
export const reflectionBody = z
  .object({
    className: z.string().trim().min(1).max(50),
    taughtOn: isoDate,
    text: z.string().trim().min(1).max(10_000),
  })
  .strict()
/** PATCH /api/reflections/:id */
export const updateReflectionBody = reflectionBody.partial().strict()
/** POST /api/notifications/read: some notifications, or all of them. */
export const readNotificationsBody = z
  .object({ ids: z.array(id).max(200).optional(), all: z.boolean().optional() })
  .strict()
  .refine((body) => body.all === true || (body.ids?.length ?? 0) > 0, 'give ids or all: true')
/** GET /api/notifications query */
export const notificationsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200), unread: z.enum(['true', 'false']) })
  .partial()
