import { z } from 'zod'
import { GROUP_ROLES, LANGUAGES, USER_ROLES } from '../../../shared/domain.ts'

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
/** PATCH /api/groups/:id: at least one field (a change of nothing is a bad request). */
export const updateGroupBody = createGroupBody
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one of name, subject, grade',
  })
/** PUT /api/groups/:id/members/:userId */
export const putMemberBody = z.object({ role: z.enum(GROUP_ROLES) }).strict()
/** GET /api/audit query */
export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() })

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
