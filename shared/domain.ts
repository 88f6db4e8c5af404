/** Account roles, from least to most privileged. */
export const USER_ROLES = ['teacher', 'school_admin', 'alliance_admin'] as const
/** An account role. */
export type UserRole = (typeof USER_ROLES)[number]

/** Roles inside a teaching-research group. */
export const GROUP_ROLES = ['lead', 'member', 'observer'] as const
/** A role inside a group: the lead, an editing member, or a view-only observer. */
export type GroupRole = (typeof GROUP_ROLES)[number]

/** Interface languages; zh-CN is the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const
/** An interface language. */
export type Language = (typeof LANGUAGES)[number]

/** Kinds of collaborative documents. */
export const DOCUMENT_KINDS = ['lesson_plan', 'minutes', 'reflection', 'other'] as const
/** A document kind. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** Life-cycle states of a plan (初备, 研讨, 共案, 归档). */
export const DOCUMENT_STATUSES = ['draft', 'discussion', 'final', 'archived'] as const
/** A document status. */
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

/** Who may see a document besides its owner. */
export const VISIBILITIES = ['private', 'group', 'school', 'alliance'] as const
/** A document visibility. */
export type Visibility = (typeof VISIBILITIES)[number]

/** What a user may do with a document, from least to most. */
export const PERMISSIONS = ['none', 'view', 'comment', 'edit'] as const
/** A permission level on a document. */
export type Permission = (typeof PERMISSIONS)[number]

/** Whether `actual` grants at least `required`. */
export function permits(actual: Permission, required: Permission): boolean {
  return PERMISSIONS.indexOf(actual) >= PERMISSIONS.indexOf(required)
}

/** A user as the API shows it (never the password hash). */
export interface PublicUser {
  id: string
  username: string
  displayName: string
  schoolId: string
  schoolName: string
  role: UserRole
  language: Language
  disabled: boolean
}

/** Document metadata as the API shows it, with the caller's permission. */
export interface DocumentInfo {
  id: string
  ownerId: string
  schoolId: string
  groupId: string | null
  kind: DocumentKind
  title: string
  subject: string
  grade: string
  textbookEdition: string
  unit: string
  lesson: string
  status: DocumentStatus
  visibility: Visibility
  createdAt: number
  updatedAt: number
  permission: Permission
}

/** The one error shape of the API. */
export interface ApiError {
  ok: false
  error: string
  message: string
}
