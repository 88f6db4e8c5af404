import { sql } from 'drizzle-orm'
import { bigint, bigserial, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea } from './columns.ts'

// PostgreSQL mirrors of the app tables of `server/db/schema.ts` (the SQLite schema): same
// names, columns, keys, indexes and foreign keys, with SQLite's storage kept so that one
// Kysely `Database` type (database.ts) describes both: epoch-ms integers are `bigint`, booleans
// stay integers 0/1, JSON stays text, blobs are `bytea`, AUTOINCREMENT ids are `bigserial`.
// tests/unit/schemaParity.test.ts keeps the two schemas in step.

/** Schools of the alliance. */
export const schools = pgTable('schools', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  archivedAt: bigint('archived_at', { mode: 'number' }),
})

/** The alliance itself (one row, id 1). */
export const alliance = pgTable('alliance', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** Accounts. Every user belongs to exactly one school. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    role: text('role', { enum: ['teacher', 'school_admin', 'alliance_admin'] }).notNull(),
    language: text('language', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled').notNull().default(0),
    phone: text('phone').unique(),
    email: text('email'),
    subject: text('subject').notNull().default(''),
    grade: text('grade').notNull().default(''),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('users_school').on(table.schoolId)],
)

/** A second school affiliation for a set period (交流轮岗). */
export const schoolAffiliations = pgTable(
  'school_affiliations',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    index('school_affiliations_user').on(table.userId),
    index('school_affiliations_school').on(table.schoolId),
  ],
)

/** One-time links (set-up, sign-in); `id` is the SHA-256 of the secret. */
export const oneTimeLinks = pgTable(
  'one_time_links',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', { enum: ['setup', 'sign_in'] }).notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    usedAt: bigint('used_at', { mode: 'number' }),
  },
  (table) => [index('one_time_links_user').on(table.userId)],
)

/** Teaching-research groups (教研组); they may span schools. */
export const groups = pgTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  subject: text('subject').notNull(),
  grade: text('grade').notNull(),
  term: text('term').notNull().default(''),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  archivedAt: bigint('archived_at', { mode: 'number' }),
})

/** Members of a group: the lead, members (edit) and observers (view only). */
export const groupMembers = pgTable(
  'group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['lead', 'member', 'observer'] }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index('group_members_user').on(table.userId),
  ],
)

/** Metadata of collaborative documents; the content lives in the update log and snapshots. */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['lesson_plan', 'minutes', 'reflection', 'other'] }).notNull(),
    title: text('title').notNull(),
    subject: text('subject').notNull().default(''),
    grade: text('grade').notNull().default(''),
    textbookEdition: text('textbook_edition').notNull().default(''),
    unit: text('unit').notNull().default(''),
    lesson: text('lesson').notNull().default(''),
    status: text('status', { enum: ['draft', 'discussion', 'final', 'archived'] })
      .notNull()
      .default('draft'),
    visibility: text('visibility', { enum: ['private', 'group', 'school', 'alliance'] }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
    /** The library entry and version this plan was adapted from (二次备课), if any. */
    adaptedFromEntryId: text('adapted_from_entry_id'),
    adaptedFromVersion: integer('adapted_from_version'),
  },
  (table) => [
    index('documents_school').on(table.schoolId),
    index('documents_group').on(table.groupId),
    index('documents_owner').on(table.ownerId),
    index('documents_adapted_from').on(table.adaptedFromEntryId),
    // Covering the dashboard's scope test: joining a fact row to its plan reads no table row.
    index('documents_dashboard_scope').on(
      table.id,
      table.kind,
      table.deletedAt,
      table.groupId,
      table.schoolId,
      table.subject,
      table.grade,
      table.createdAt,
    ),
  ],
)

/** Images uploaded into a document; the bytes live in `<DATA_DIR>/uploads/<id>.<ext>`. */
export const uploads = pgTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    mime: text('mime', { enum: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] }).notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    index('uploads_document').on(table.documentId),
    // The daily upload quota reads a user's uploads of the last day.
    index('uploads_owner_created').on(table.ownerId, table.createdAt),
  ],
)

/** Server-side sessions; `id` is the SHA-256 of the cookie value, never the value itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('sessions_user').on(table.userId)],
)

/** Personal API tokens; only the SHA-256 of a token is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
  },
  (table) => [index('api_tokens_user').on(table.userId)],
)

/** Who did what and when: sign-ins, permission changes, tokens, deletions. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    schoolId: text('school_id'),
    ip: text('ip'),
    details: text('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_log_at').on(table.at),
    // The comment notify-once check looks entries up by action and target.
    index('audit_log_action_target').on(table.action, table.targetId),
  ],
)

/** What the server derived from a plan's content: its JSON and plain text (search, export). */
export const documentContent = pgTable('document_content', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  json: text('json').notNull(),
  text: text('text').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** Entries of the shared library (资源共享库): a published plan and its attribution. */
export const libraryEntries = pgTable(
  'library_entries',
  {
    id: text('id').primaryKey(),
    sourceDocumentId: text('source_document_id')
      .notNull()
      .references(() => documents.id),
    publisherId: text('publisher_id')
      .notNull()
      .references(() => users.id),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    title: text('title').notNull(),
    subject: text('subject').notNull(),
    grade: text('grade').notNull(),
    textbookEdition: text('textbook_edition').notNull(),
    unit: text('unit').notNull(),
    lesson: text('lesson').notNull(),
    keywords: text('keywords').$type<string[]>().notNull(),
    /** Authors and their schools, as shown for attribution. */
    authors: text('authors').$type<Array<{ name: string; school: string }>>().notNull(),
    licence: text('licence').notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull(),
    latestVersion: integer('latest_version').notNull(),
    viewCount: integer('view_count').notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('library_entries_source').on(table.sourceDocumentId)],
)

/** Immutable published versions: the document state and what was derived from it. */
export const libraryVersions = pgTable(
  'library_versions',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => libraryEntries.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    state: bytea('state').notNull(),
    json: text('json').notNull(),
    text: text('text').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: bigint('published_at', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.entryId, table.version] })],
)

/** Peer reviews (同行评审): one per teacher and entry, editable by its author. */
export const libraryReviews = pgTable(
  'library_reviews',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => libraryEntries.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    stars: integer('stars').notNull(),
    comment: text('comment').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.entryId, table.userId] })],
)

/** Preparation tasks (备课任务): the lead's term schedule, one task per lesson (四定). */
export const prepTasks = pgTable(
  'prep_tasks',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    unit: text('unit').notNull(),
    lesson: text('lesson').notNull(),
    /** The main preparer (主备人), who writes the first draft. */
    mainPreparerId: text('main_preparer_id')
      .notNull()
      .references(() => users.id),
    /** Due date of the common plan, `YYYY-MM-DD`. */
    dueDate: text('due_date').notNull(),
    /** When the group discussion (集体研讨) is scheduled, epoch ms. */
    discussionAt: bigint('discussion_at', { mode: 'number' }),
    /** The plan written for this task, once created. */
    documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
  },
  (table) => [index('prep_tasks_group').on(table.groupId)],
)

/** Participants of a preparation task (besides the main preparer). */
export const prepTaskParticipants = pgTable(
  'prep_task_participants',
  {
    taskId: text('task_id')
      .notNull()
      .references(() => prepTasks.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.userId] }),
    index('prep_task_participants_user').on(table.userId),
  ],
)

/**
 * Life-cycle facts of a plan that are not part of its content: who prepares it, its sign-off,
 * and for a personal adaptation (个案) the common plan (共案) and version it derives from.
 */
export const planLifecycle = pgTable(
  'plan_lifecycle',
  {
    documentId: text('document_id')
      .primaryKey()
      .references(() => documents.id, { onDelete: 'cascade' }),
    taskId: text('task_id').references(() => prepTasks.id, { onDelete: 'set null' }),
    /** The main preparer: the only editor while the plan is a draft (初备). */
    mainPreparerId: text('main_preparer_id').references(() => users.id),
    /** The named version kept when the lead signed the common plan off. */
    signedVersionId: integer('signed_version_id'),
    signedBy: text('signed_by'),
    signedAt: bigint('signed_at', { mode: 'number' }),
    /** For a 个案: the common plan it was derived from. */
    commonPlanId: text('common_plan_id').references(() => documents.id, { onDelete: 'set null' }),
    /** For a 个案: the common plan's version last taken in (derived from or brought in). */
    baseVersionId: integer('base_version_id'),
    /** For a 个案: the class it is for, e.g. 七年级（3）班. */
    className: text('class_name'),
  },
  (table) => [index('plan_lifecycle_common').on(table.commonPlanId)],
)

/** Teaching reflections (教学反思) recorded per class on a personal adaptation (个案). */
export const planReflections = pgTable(
  'plan_reflections',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    className: text('class_name').notNull(),
    /** Date the lesson was taught, `YYYY-MM-DD`. */
    taughtOn: text('taught_on').notNull(),
    text: text('text').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('plan_reflections_document').on(table.documentId)],
)

/** In-app notifications: mentions, assigned tasks, sessions starting, plans awaiting me. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: [
        'mention',
        'task_assigned',
        'session_started',
        'action_required',
        'reply',
        'observation_scheduled',
      ],
    }).notNull(),
    /** Who caused it, if a person did. */
    actorId: text('actor_id'),
    documentId: text('document_id'),
    taskId: text('task_id'),
    sessionId: text('session_id'),
    /** The observation (听课) it is about, if any. */
    observationId: text('observation_id'),
    /** A short excerpt shown in the list (comment text, plan title, …). */
    excerpt: text('excerpt').notNull().default(''),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    readAt: bigint('read_at', { mode: 'number' }),
  },
  (table) => [index('notifications_user').on(table.userId, table.createdAt)],
)

/** Live teaching-research sessions (集体研讨) held on a plan. */
export const prepSessions = pgTable(
  'prep_sessions',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    taskId: text('task_id').references(() => prepTasks.id, { onDelete: 'set null' }),
    /** The minutes (集体备课记录) document created when the session started. */
    minutesDocumentId: text('minutes_document_id').references(() => documents.id),
    hostId: text('host_id')
      .notNull()
      .references(() => users.id),
    /** Agenda items with their planned minutes, and the room's live state, as JSON. */
    agenda: text('agenda').$type<Array<{ title: string; minutes: number }>>().notNull(),
    state: text('state').$type<Record<string, unknown>>().notNull(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    endedAt: bigint('ended_at', { mode: 'number' }),
  },
  (table) => [
    index('prep_sessions_document').on(table.documentId),
    // Covering the sessions of a plan with their times (dashboard counts and weeks).
    index('prep_sessions_document_cover').on(
      table.documentId,
      table.id,
      table.startedAt,
      table.endedAt,
    ),
  ],
)

/** Attendance of a live session: one row per join, closed when the person leaves. */
export const sessionAttendance = pgTable(
  'session_attendance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    joinedAt: bigint('joined_at', { mode: 'number' }).notNull(),
    leftAt: bigint('left_at', { mode: 'number' }),
  },
  (table) => [
    index('session_attendance_session').on(table.sessionId),
    index('session_attendance_session_user').on(table.sessionId, table.userId),
    // Covering the first join of each (session, person) pair (weekly attendance trend).
    index('session_attendance_session_user_joined').on(
      table.sessionId,
      table.userId,
      table.joinedAt,
    ),
  ],
)

/** Quick votes taken in a session, with their ballots and recorded result. */
export const sessionVotes = pgTable(
  'session_votes',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    proposal: text('proposal').notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    closedAt: bigint('closed_at', { mode: 'number' }),
    /** userId → choice. */
    ballots: text('ballots').$type<Record<string, 'agree' | 'disagree' | 'abstain'>>().notNull(),
  },
  (table) => [index('session_votes_session').on(table.sessionId)],
)

/** Library settings of the alliance (one row, id 1): review before publication and reviewers. */
export const librarySettings = pgTable('library_settings', {
  id: integer('id').primaryKey(),
  requireReview: integer('require_review').notNull().default(0),
  /** Designated reviewers besides the alliance admins. */
  reviewerIds: text('reviewer_ids').$type<string[]>().notNull(),
  updatedBy: text('updated_by'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/**
 * Submissions for publication when the alliance requires review: the plan's state at
 * submission, and the reviewer's decision (approved → published, or returned with a comment).
 */
export const librarySubmissions = pgTable(
  'library_submissions',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    submittedBy: text('submitted_by')
      .notNull()
      .references(() => users.id),
    schoolId: text('school_id').notNull(),
    title: text('title').notNull(),
    keywords: text('keywords').$type<string[]>().notNull(),
    licence: text('licence').notNull(),
    /** The plan's state when it was submitted: what the reviewer read is what gets published. */
    state: bytea('state').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'returned', 'cancelled'] }).notNull(),
    reviewerId: text('reviewer_id'),
    reviewComment: text('review_comment'),
    reviewedAt: bigint('reviewed_at', { mode: 'number' }),
    /** The entry and version created on approval. */
    entryId: text('entry_id'),
    version: integer('version'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    index('library_submissions_status').on(table.status, table.createdAt),
    index('library_submissions_document').on(table.documentId),
  ],
)

/** Term binder builds (学期备课册): progress readable from any instance; the file is under DATA_DIR. */
export const binderJobs = pgTable(
  'binder_jobs',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    term: text('term').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    fileName: text('file_name').notNull(),
    error: text('error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('binder_jobs_requester').on(table.requestedBy, table.createdAt)],
)
// ---- 听评课 (issue 22) ----

/** Rubrics (评课表) of the alliance. */
export const rubrics = pgTable('rubrics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  mode: text('mode', { enum: ['weighted', 'viewpoints'] }).notNull(),
  currentVersionId: text('current_version_id').notNull(),
  createdBy: text('created_by'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})

/** Versions of a rubric. */
export const rubricVersions = pgTable(
  'rubric_versions',
  {
    id: text('id').primaryKey(),
    rubricId: text('rubric_id')
      .notNull()
      .references(() => rubrics.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    createdBy: text('created_by'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('rubric_versions_rubric').on(table.rubricId, table.number)],
)

/** Observations (听课). */
export const observations = pgTable(
  'observations',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    versionId: integer('version_id').notNull(),
    versionName: text('version_name').notNull(),
    steps: text('steps').notNull(),
    rubricVersionId: text('rubric_version_id')
      .notNull()
      .references(() => rubricVersions.id),
    teacherId: text('teacher_id')
      .notNull()
      .references(() => users.id),
    schoolId: text('school_id').notNull(),
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    className: text('class_name').notNull(),
    room: text('room').notNull(),
    startsAt: bigint('starts_at', { mode: 'number' }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status', { enum: ['scheduled', 'closed'] }).notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    closedAt: bigint('closed_at', { mode: 'number' }),
    closedBy: text('closed_by'),
  },
  (table) => [
    index('observations_teacher').on(table.teacherId, table.startsAt),
    index('observations_group').on(table.groupId, table.startsAt),
    index('observations_document').on(table.documentId),
  ],
)

/** Observers of an observation. */
export const observationObservers = pgTable(
  'observation_observers',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    position: integer('position').notNull(),
    strengths: text('strengths').notNull().default(''),
    suggestions: text('suggestions').notNull().default(sql`'[]'`),
    submittedAt: bigint('submitted_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.userId] }),
    index('observation_observers_user').on(table.userId),
  ],
)

/** LICC points picked by observers. */
export const observationPoints = pgTable(
  'observation_points',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    pointKey: text('point_key').notNull(),
    userId: text('user_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.observationId, table.pointKey] })],
)

/** Scores, bonus and timings of observers' sheets. */
export const observationMarks = pgTable(
  'observation_marks',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    observerId: text('observer_id').notNull(),
    kind: text('kind', { enum: ['score', 'bonus', 'start', 'end'] }).notNull(),
    key: text('key').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.observerId, table.kind, table.key] }),
  ],
)

/** Observers' notes. */
export const observationNotes = pgTable(
  'observation_notes',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    observerId: text('observer_id').notNull(),
    step: integer('step'),
    point: text('point'),
    text: text('text').notNull(),
    notedAt: bigint('noted_at', { mode: 'number' }).notNull(),
    editedAt: bigint('edited_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.id] }),
    index('observation_notes_observer').on(table.observationId, table.observerId),
  ],
)

/** A group's 听评课 settings. */
export const observationGroupSettings = pgTable('observation_group_settings', {
  groupId: text('group_id')
    .primaryKey()
    .references(() => groups.id, { onDelete: 'cascade' }),
  showObserverNames: integer('show_observer_names').notNull().default(1),
  updatedBy: text('updated_by'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
})
/** Every comment written through the comment endpoints, for the dashboard's counts. */
export const commentLog = pgTable(
  'comment_log',
  {
    commentId: text('comment_id').primaryKey(),
    documentId: text('document_id').notNull(),
    threadId: text('thread_id').notNull(),
    authorId: text('author_id').notNull(),
    schoolId: text('school_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
  },
  (table) => [
    index('comment_log_document').on(table.documentId),
    // Covering every dashboard count of a plan's comments (author, school, week, deletion).
    index('comment_log_document_cover').on(
      table.documentId,
      table.deletedAt,
      table.authorId,
      table.schoolId,
      table.createdAt,
    ),
    index('comment_log_created').on(table.createdAt),
  ],
)

/** Speaking turns of live sessions: one row each time the lead gives someone the floor. */
export const sessionTurns = pgTable(
  'session_turns',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    schoolId: text('school_id').notNull(),
    givenAt: bigint('given_at', { mode: 'number' }).notNull(),
  },
  (table) => [
    index('session_turns_session').on(table.sessionId),
    // Covering the speaking turns of a session by school (dashboard).
    index('session_turns_session_school').on(table.sessionId, table.schoolId),
  ],
)

/** Mentoring pairs (师徒结对, 城乡结对); never deleted. */
export const mentoringPairs = pgTable(
  'mentoring_pairs',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    mentorId: text('mentor_id').references(() => users.id),
    menteeId: text('mentee_id').references(() => users.id),
    mentorSchoolId: text('mentor_school_id')
      .notNull()
      .references(() => schools.id),
    menteeSchoolId: text('mentee_school_id')
      .notNull()
      .references(() => schools.id),
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    status: text('status').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    goals: text('goals').notNull().default(''),
    duties: text('duties').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    acceptedAt: bigint('accepted_at', { mode: 'number' }),
    endedAt: bigint('ended_at', { mode: 'number' }),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
  },
  (table) => [
    index('mentoring_pairs_mentor').on(table.mentorId),
    index('mentoring_pairs_mentee').on(table.menteeId),
    index('mentoring_pairs_group').on(table.groupId),
  ],
)

/** Plans a mentee handed in to their mentor for guidance. */
export const mentoringGuidance = pgTable(
  'mentoring_guidance',
  {
    id: text('id').primaryKey(),
    pairId: text('pair_id')
      .notNull()
      .references(() => mentoringPairs.id),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    note: text('note').notNull().default(''),
    requestedBy: text('requested_by').notNull(),
    requestedAt: bigint('requested_at', { mode: 'number' }).notNull(),
  },
  (table) => [index('mentoring_guidance_pair').on(table.pairId, table.documentId)],
)
