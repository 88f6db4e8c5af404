import { z } from 'zod'

const id = z.string().min(1).max(64)
const shortText = z.string().trim().max(200)

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

/** Body of POST /api/library. */
export type PublishBody = z.infer<typeof publishBody>
/** Query of GET /api/library: filters, sort order and page. */
export type LibraryQuery = z.infer<typeof libraryQuery>
/** Query of GET /api/library/search: the library filters plus the search text. */
export type LibrarySearchQuery = z.infer<typeof librarySearchQuery>
/** Body of PUT /api/library/:id/review: a rating and its comment. */
export type ReviewBody = z.infer<typeof reviewBody>
/** Body of POST /api/library/:id/withdraw. */
export type WithdrawBody = z.infer<typeof withdrawBody>
/** Body of POST /api/library/submissions/:id/approve and /return. */
export type SubmissionDecisionBody = z.infer<typeof submissionDecisionBody>
/** Query of GET /api/library/submissions. */
export type SubmissionsQuery = z.infer<typeof submissionsQuery>
/** Body of PUT /api/library/settings. */
export type LibrarySettingsBody = z.infer<typeof librarySettingsBody>
