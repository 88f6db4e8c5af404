import { z } from 'zod'
import { isDay } from '../../../shared/identity/affiliations.ts'

const day = z.string().refine(isDay, 'a calendar day written YYYY-MM-DD')
const id = z.string().min(1).max(64)
const term = z.string().trim().min(1).max(40)

/** POST /api/users/:id/affiliations */
export const createAffiliationBody = z.object({ schoolId: id, startsOn: day, endsOn: day }).strict()
/** PATCH /api/affiliations/:id (the host school stays; delete and add again to change it) */
export const updateAffiliationBody = z
  .object({ startsOn: day, endsOn: day })
  .partial()
  .strict()
  .refine((body) => body.startsOn !== undefined || body.endsOn !== undefined, 'nothing to change')
/** GET /api/admin/affiliations */
export const affiliationQuery = z.object({
  schoolId: id.optional(),
  status: z.enum(['upcoming', 'active', 'ended']).optional(),
  /** `active=true` is short for `status=active`. */
  active: z.enum(['true', 'false']).optional(),
})
/** POST /api/admin/terms/rollover */
export const rolloverBody = z
  .object({
    fromTerm: term,
    toTerm: term,
    groupIds: z.array(id).min(1).max(1000).optional(),
  })
  .strict()
  .refine((body) => body.fromTerm !== body.toTerm, {
    message: 'the new term must differ from the old one',
    path: ['toTerm'],
  })

/** Request body types, inferred from the schemas. */
export type CreateAffiliationBody = z.infer<typeof createAffiliationBody>
/** PATCH /api/affiliations/:id body. */
export type UpdateAffiliationBody = z.infer<typeof updateAffiliationBody>
/** POST /api/admin/terms/rollover body. */
export type RolloverBody = z.infer<typeof rolloverBody>
