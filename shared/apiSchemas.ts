import { z } from 'zod'

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

/** POST /api/notifications/read: some notifications, or all of them. */
export const readNotificationsBody = z
  .object({ ids: z.array(id).max(200).optional(), all: z.boolean().optional() })
  .strict()
  .refine((body) => body.all === true || (body.ids?.length ?? 0) > 0, 'give ids or all: true')
/** GET /api/notifications query */
export const notificationsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200), unread: z.enum(['true', 'false']) })
  .partial()
