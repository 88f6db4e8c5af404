import { z } from 'zod'
import { ADMIN_USER_STATUSES, GROUP_ROLES, LANGUAGES, USER_ROLES } from '../../../shared/domain.ts'

const name = z.string().trim().min(1).max(100)
const id = z.string().min(1).max(64)
/** Passwords: long enough to resist guessing, short enough to bound hashing work. */
const password = z.string().min(8).max(200)
const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"')

/** Phone: digits with optional +, spaces and dashes; stored as digits (CN mobile or 7–15 digits). */
const phone = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[\d\s-]+$/, 'digits, optionally with +, spaces and dashes')
  .transform((value) => value.replace(/\D/g, ''))
  .refine((digits) => /^1\d{10}$/.test(digits) || /^\d{7,15}$/.test(digits), {
    message: 'an 11-digit mobile number or 7 to 15 digits',
  })
const email = z.string().trim().max(200).email()
/** Free-text roster fields (subject, grade); empty clears them. */
const rosterText = z.string().trim().max(50)

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
/** POST /api/schools */
export const schoolBody = z.object({ name }).strict()
/** PATCH /api/schools/:id: rename and/or archive (true) or restore (false); at least one. */
export const updateSchoolBody = z
  .object({ name, archived: z.boolean() })
  .partial()
  .strict()
  .refine((body) => body.name !== undefined || body.archived !== undefined, {
    message: 'give at least one of name, archived',
  })
/** POST /api/users */
export const createUserBody = z
  .object({
    username,
    displayName: name,
    /** Without a password the account gets a one-time sign-in link instead. */
    password: password.optional(),
    schoolId: id.optional(),
    role: z.enum(USER_ROLES).default('teacher'),
    language: z.enum(LANGUAGES).default('zh-CN'),
    phone: phone.optional(),
    email: email.optional(),
    subject: rosterText.optional(),
    grade: rosterText.optional(),
  })
  .strict()
/** PATCH /api/users/:id (administrators) */
export const updateUserBody = z
  .object({
    displayName: name,
    role: z.enum(USER_ROLES),
    disabled: z.boolean(),
    password,
    phone: phone.nullable(),
    email: email.nullable(),
    subject: rosterText,
    grade: rosterText,
    /** Moves the account to another school (alliance admin only). */
    schoolId: id,
  })
  .partial()
  .strict()
/** A group's school term, e.g. `2026-2027-1` or free text (empty: not tied to a term). */
const term = z.string().trim().max(40)
/** POST /api/groups */
export const createGroupBody = z
  .object({ name, subject: name, grade: name, term: term.default('') })
  .strict()
/**
 * PATCH /api/groups/:id: at least one field (a change of nothing is a bad request); `archived`
 * archives (true) or restores (false) the group.
 */
export const updateGroupBody = z
  .object({ name, subject: name, grade: name, term, archived: z.boolean() })
  .partial()
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one of name, subject, grade, term, archived',
  })
/** GET /api/groups query: archived groups are hidden unless asked for; optional term filter. */
export const listGroupsQuery = z.object({
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  term: term.optional(),
})
/** GET /api/groups/:id/candidates query: the text to look for in names and usernames. */
export const candidatesQuery = z.object({ q: z.string().trim().max(64).default('') })
/** PUT /api/groups/:id/members/:userId */
export const putMemberBody = z.object({ role: z.enum(GROUP_ROLES) }).strict()
/** GET /api/admin/users query */
export const adminUsersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  schoolId: id.optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(ADMIN_USER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
const DAY_MS = 86_400_000
/**
 * An instant of an audit filter, as epoch ms: given as epoch ms or an ISO date/time; a bare
 * date (`2026-12-07`, UTC) means its first millisecond, or with `endOfDay` its last.
 */
function instant(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .min(1)
    .max(40)
    .transform((text, ctx) => {
      const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
      if (!Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: 'epoch milliseconds or an ISO date' })
        return z.NEVER
      }
      return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(text) ? value + DAY_MS - 1 : value
    })
}
/** The filters of GET /api/audit and GET /api/audit/export. */
export const auditFilterQuery = z.object({
  actorId: id.optional(),
  /** One action or several, comma-separated. */
  action: z
    .string()
    .max(1000)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .optional(),
  targetType: z.string().trim().min(1).max(64).optional(),
  targetId: id.optional(),
  /** Entries at or after this instant. */
  from: instant(false).optional(),
  /** Entries at or before this instant (a bare date: through its end). */
  to: instant(true).optional(),
  q: z.string().trim().max(100).optional(),
})
/** GET /api/audit query: the filters, a page size and the keyset cursor (entries before an id). */
export const auditQuery = auditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().min(1).optional(),
})

/** A one-time link's secret, as the page read it from the URL fragment. */
const linkToken = z.string().trim().min(1).max(200)
/** POST /api/setup: the first-run set-up (alliance, its first school and administrator). */
export const setupBody = z
  .object({
    token: linkToken,
    allianceName: name,
    schoolName: name,
    username,
    displayName: name,
    password,
  })
  .strict()
/** POST /api/auth/link/inspect */
export const linkInspectBody = z.object({ token: linkToken }).strict()
/** POST /api/auth/link: redeem a one-time sign-in link by choosing a password. */
export const linkRedeemBody = z.object({ token: linkToken, password }).strict()

/** Body of POST /api/auth/login. */
export type LoginBody = z.infer<typeof loginBody>
/** Body of PATCH /api/me. */
export type UpdateMeBody = z.infer<typeof updateMeBody>
/** Body of POST /api/me/password. */
export type ChangePasswordBody = z.infer<typeof changePasswordBody>
/** Body of POST /api/tokens. */
export type CreateTokenBody = z.infer<typeof createTokenBody>
/** Body of POST /api/schools and PATCH /api/schools/:id. */
export type SchoolBody = z.infer<typeof schoolBody>
/** Body of PATCH /api/schools/:id. */
export type UpdateSchoolBody = z.infer<typeof updateSchoolBody>
/** Query of GET /api/admin/users (after defaults). */
export type AdminUsersQuery = z.infer<typeof adminUsersQuery>
/** Body of POST /api/users (after defaults). */
export type CreateUserBody = z.infer<typeof createUserBody>
/** Body of PATCH /api/users/:id. */
export type UpdateUserBody = z.infer<typeof updateUserBody>
/** Body of POST /api/groups. */
export type CreateGroupBody = z.infer<typeof createGroupBody>
/** Body of PATCH /api/groups/:id. */
export type UpdateGroupBody = z.infer<typeof updateGroupBody>
/** Body of PUT /api/groups/:id/members/:userId. */
export type PutMemberBody = z.infer<typeof putMemberBody>
/** Query of GET /api/audit. */
export type AuditQuery = z.infer<typeof auditQuery>
/** Body of POST /api/setup. */
export type SetupBody = z.infer<typeof setupBody>
/** Body of POST /api/auth/link. */
export type LinkRedeemBody = z.infer<typeof linkRedeemBody>
/** The parsed filters of GET /api/audit and its export. */
export type AuditFilter = z.infer<typeof auditFilterQuery>
/** Query of GET /api/groups. */
export type ListGroupsQuery = z.infer<typeof listGroupsQuery>
