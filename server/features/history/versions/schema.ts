import { z } from 'zod'
import { PLAN_PART_KEYS, type PlanPartKey } from '../../../../shared/editor/planDiff.ts'
import { MAX_VERSION_NAME_LENGTH } from '../../../../shared/history/versionApi.ts'
import { DomainError } from '../../../domainError.ts'

/** POST /api/documents/:id/versions (保存版本); the name's length is checked by versionName. */
export const createVersionBody = z.object({ name: z.string().max(1000) }).strict()

/** The trimmed name of a named version; 400 `invalid_version_name` unless 1…80 characters. */
export function versionName(raw: string): string {
  const name = raw.trim()
  if (name.length === 0 || [...name].length > MAX_VERSION_NAME_LENGTH) {
    throw new DomainError(
      'invalid_version_name',
      `name: 1 to ${MAX_VERSION_NAME_LENGTH} characters after trimming`,
    )
  }
  return name
}

/** POST /api/documents/:id/versions/:versionId/restore: the whole plan, one part or one step. */
export const restoreBody = z
  .object({
    section: z.enum(PLAN_PART_KEYS as [PlanPartKey, ...PlanPartKey[]]).optional(),
    step: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .refine((body) => body.step === undefined || (body.section ?? 'process') === 'process', {
    message: 'a step belongs to the section process (教学过程)',
    path: ['step'],
  })

/** A version id in a path: a positive integer, else 404 (it names no version). */
export function versionIdOf(value: string): number | null {
  return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null
}
