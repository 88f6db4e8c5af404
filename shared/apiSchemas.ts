import { z } from 'zod'
import {
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  GROUP_ROLES,
  LANGUAGES,
  USER_ROLES,
  VISIBILITIES,
} from './domain.ts'

const name = z.string().trim().min(1).max(100)
const shortText = z.string().trim().max(200)
const id = z.string().min(1).max(64)
/** Passwords: long enough to resist guessing, short enough to bound hashing work. */
const password = z.string().min(8).max(200)
const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"')

/** POST /api/auth/login */
export const loginBody = z.object({ username: z.string().max(64), password: z.string().max(200) })
/** PATCH /api/me */
export const updateMeBody = z
  .object({ displayName: name, language: z.enum(LANGUAGES) })
  .partial()
  .strict()
/** POST /api/me/password */
export const changePasswordBody = z.object({
  currentPassword: z.string().max(200),
  newPassword: password,
})
/** POST /api/tokens */
export const createTokenBody = z.object({ name })
/** POST /api/schools and PATCH /api/schools/:id */
export const schoolBody = z.object({ name }).strict()
/** POST /api/users */
export const createUserBody = z
  .object({
    username,
    displayName: name,
    password,
    schoolId: id.optional(),
    role: z.enum(USER_ROLES).default('teacher'),
    language: z.enum(LANGUAGES).default('zh-CN'),
  })
  .strict()
/** PATCH /api/users/:id (administrators) */
export const updateUserBody = z
  .object({
    displayName: name,
    role: z.enum(USER_ROLES),
    disabled: z.boolean(),
    password,
  })
  .partial()
  .strict()
/** POST /api/groups */
export const createGroupBody = z.object({ name, subject: name, grade: name }).strict()
/** PATCH /api/groups/:id */
export const updateGroupBody = createGroupBody.partial()
/** PUT /api/groups/:id/members/:userId */
export const putMemberBody = z.object({ role: z.enum(GROUP_ROLES) }).strict()
/** POST /api/documents */
export const createDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS).default('lesson_plan'),
    title: name,
    groupId: id.nullable().optional(),
    subject: shortText.default(''),
    grade: shortText.default(''),
    textbookEdition: shortText.default(''),
    unit: shortText.default(''),
    lesson: shortText.default(''),
    visibility: z.enum(VISIBILITIES).optional(),
  })
  .strict()
/** PATCH /api/documents/:id */
export const updateDocumentBody = z
  .object({
    title: name,
    subject: shortText,
    grade: shortText,
    textbookEdition: shortText,
    unit: shortText,
    lesson: shortText,
    status: z.enum(DOCUMENT_STATUSES),
    visibility: z.enum(VISIBILITIES),
    groupId: id.nullable(),
  })
  .partial()
  .strict()
/** GET /api/documents query */
export const listDocumentsQuery = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    status: z.enum(DOCUMENT_STATUSES),
    subject: shortText,
    grade: shortText,
    unit: shortText,
    groupId: id,
    schoolId: id,
    q: shortText,
    mine: z.enum(['true', 'false']),
    limit: z.coerce.number().int().min(1).max(200),
    offset: z.coerce.number().int().min(0),
  })
  .partial()

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

/** GET /api/audit query */
export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() })

/** Request body types. */
export type LoginBody = z.infer<typeof loginBody>
/** Body of POST /api/documents. */
export type CreateDocumentBody = z.infer<typeof createDocumentBody>
/** Body of PATCH /api/documents/:id. */
export type UpdateDocumentBody = z.infer<typeof updateDocumentBody>
/** Query of GET /api/documents. */
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>

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
