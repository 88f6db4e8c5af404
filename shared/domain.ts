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
  /**
   * Host schools of the user's exchange affiliations active today (交流轮岗), besides the home
   * `schoolId`; filled in when the server loads the signed-in user, absent in listings.
   */
  affiliatedSchoolIds?: string[]
}

/** An account as its administrators see it: the public view plus contact and roster fields. */
export interface AdminUser extends PublicUser {
  phone: string | null
  email: string | null
  subject: string
  grade: string
  createdAt: number
  /** False while the account has no password yet (待激活: waiting for its one-time link). */
  hasPassword: boolean
}

/** The status filter of the admin account list. */
export const ADMIN_USER_STATUSES = ['active', 'disabled', 'pending'] as const
/** active: enabled with a password; disabled; pending: enabled, no password yet. */
export type AdminUserStatus = (typeof ADMIN_USER_STATUSES)[number]

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

// ---- Collective preparation (DESIGN.md §1): tasks, the plan life cycle, notifications ----

/** A person as shown next to tasks and notifications. */
export interface PersonRef {
  id: string
  displayName: string
  schoolName: string
}

/** Where a preparation task stands: no plan yet, or the state of its plan. */
export type TaskStage = 'not_started' | DocumentStatus

/** A preparation task (备课任务) of a group's term schedule, as the API shows it. */
export interface PrepTaskInfo {
  id: string
  groupId: string
  unit: string
  lesson: string
  mainPreparer: PersonRef
  participants: PersonRef[]
  /** `YYYY-MM-DD` */
  dueDate: string
  /** Epoch ms of the group discussion, if scheduled. */
  discussionAt: number | null
  documentId: string | null
  stage: TaskStage
  createdAt: number
}

/** The life-cycle facts of a plan and what the caller may do next. */
export interface PlanLifecycleInfo {
  documentId: string
  status: DocumentStatus
  /** Whether this plan is a personal adaptation (个案) of a common plan. */
  personal: boolean
  mainPreparer: PersonRef | null
  taskId: string | null
  signedVersionId: number | null
  signedBy: PersonRef | null
  signedAt: number | null
  /** For a 个案: the common plan, the version taken in, and the class. */
  commonPlanId: string | null
  commonPlanTitle: string | null
  baseVersionId: number | null
  className: string | null
  /** For a common plan: the caller's own 个案 of it, if any. */
  myPersonalPlanIds: string[]
  /** The transitions the caller may make now. */
  allowedTransitions: DocumentStatus[]
  /** Whether the caller may derive a 个案 now. */
  canDerivePersonal: boolean
  /** The caller's role in the plan's group, if any. */
  groupRole: GroupRole | null
}

/** A teaching reflection (教学反思) on a 个案. */
export interface ReflectionInfo {
  id: string
  documentId: string
  author: PersonRef
  className: string
  taughtOn: string
  text: string
  createdAt: number
  updatedAt: number
}

/** Kinds of in-app notifications. */
export type NotificationKind =
  | 'mention'
  | 'task_assigned'
  | 'session_started'
  | 'action_required'
  | 'reply'
  | 'observation_scheduled'

/** An in-app notification as the API shows it. */
export interface NotificationInfo {
  id: string
  kind: NotificationKind
  actor: PersonRef | null
  documentId: string | null
  taskId: string | null
  sessionId: string | null
  /** The observation (听课) it is about, if any. */
  observationId: string | null
  excerpt: string
  /** The plan it is about, as it is now (title and state), if any. */
  documentTitle: string | null
  documentStatus: DocumentStatus | null
  createdAt: number
  readAt: number | null
}
