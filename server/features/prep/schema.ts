import { z } from 'zod'
import { DOCUMENT_STATUSES } from '../../../shared/domain.ts'

const id = z.string().min(1).max(64)
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(isCalendarDate, 'a date YYYY-MM-DD that exists')

/** Whether a `YYYY-MM-DD` string names a day of the calendar (not 2030-02-30). */
function isCalendarDate(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value
}

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
  .refine((body) => Object.keys(body).length > 0, 'at least one field to change')
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

/** Body of POST /api/groups/:groupId/tasks. */
export type CreateTaskBody = z.infer<typeof createTaskBody>
/** Body of PATCH /api/tasks/:taskId. */
export type UpdateTaskBody = z.infer<typeof updateTaskBody>
/** Body of POST /api/documents/:id/transition. */
export type TransitionBody = z.infer<typeof transitionBody>
/** Body of POST /api/documents/:id/personal. */
export type PersonalPlanBody = z.infer<typeof personalPlanBody>
/** Body of POST /api/documents/:id/bring-in. */
export type BringInBody = z.infer<typeof bringInBody>
/** Body of POST /api/documents/:id/reflections. */
export type ReflectionBody = z.infer<typeof reflectionBody>
/** Body of PATCH /api/reflections/:id. */
export type UpdateReflectionBody = z.infer<typeof updateReflectionBody>
