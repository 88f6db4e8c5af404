import { z } from 'zod'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, VISIBILITIES } from '../../../shared/domain.ts'

const name = z.string().trim().min(1).max(100)
const shortText = z.string().trim().max(200)
const id = z.string().min(1).max(64)

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

/** Body of POST /api/documents. */
export type CreateDocumentBody = z.infer<typeof createDocumentBody>
/** Body of PATCH /api/documents/:id. */
export type UpdateDocumentBody = z.infer<typeof updateDocumentBody>
/** Query of GET /api/documents. */
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuery>
