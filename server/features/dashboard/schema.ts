import { z } from 'zod'
import {
  DEFAULT_DRILL_LIMIT,
  LIBRARY_DRILL_KINDS,
  MAX_DRILL_LIMIT,
  TASK_STAGES,
} from '../../../shared/dashboard/dashboardApi.ts'

const id = z.string().trim().min(1).max(64)
const shortText = z.string().trim().min(1).max(100)

/** The filters every dashboard route takes (all optional). */
export const filtersQuery = z
  .object({
    term: shortText,
    school: id,
    group: id,
    subject: shortText,
    grade: shortText,
  })
  .partial()
  .strict()

/** Paging of a drill-down. */
const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_DRILL_LIMIT).default(DEFAULT_DRILL_LIMIT),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}

/** GET /api/dashboard/preparation/tasks */
export const taskDrillQuery = filtersQuery.extend({
  stage: z.enum(TASK_STAGES as [string, ...string[]]).optional(),
  onTime: z.enum(['true', 'false', 'unsigned']).optional(),
  ...paging,
})

/** GET /api/dashboard/sessions/list */
export const sessionDrillQuery = filtersQuery.extend({
  attendeeSchool: id.optional(),
  speakerSchool: id.optional(),
  ...paging,
})

/** GET /api/dashboard/cross-school/comments */
export const commentDrillQuery = filtersQuery.extend({
  crossSchool: z.enum(['true', 'false']).optional(),
  authorSchool: id.optional(),
  ...paging,
})

/** GET /api/dashboard/cross-school/plans */
export const coAuthorDrillQuery = filtersQuery.extend({
  coAuthored: z.enum(['true', 'false']).optional(),
  ...paging,
})

/** GET /api/dashboard/flows/plans */
export const flowDrillQuery = filtersQuery.extend({
  from: id.optional(),
  to: id.optional(),
  ...paging,
})

/** GET /api/dashboard/library/entries */
export const libraryDrillQuery = filtersQuery.extend({
  kind: z.enum(LIBRARY_DRILL_KINDS),
  ...paging,
})

/** GET /api/dashboard/balance/plans */
export const balanceDrillQuery = filtersQuery.extend({ school: id, ...paging })

/** The dashboard filters as validated. */
export type FiltersQuery = z.infer<typeof filtersQuery>
/** Paging as validated. */
export interface Paging {
  limit: number
  offset: number
}
