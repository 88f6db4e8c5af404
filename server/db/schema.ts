import { sql } from 'drizzle-orm'
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { MentoringDuties } from '../../shared/mentoring/mentoringApi.ts'
import type { RubricDefinition } from '../../shared/observations/rubric.ts'

/**
 * Append-only log of Yjs updates, one row per update. `seq` uses AUTOINCREMENT so that a
 * sequence number is never reused after compaction deleted the rows below it.
 */
export const documentUpdates = sqliteTable(
  'document_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    documentId: text('document_id').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('document_updates_document_seq').on(table.documentId, table.seq)],
)

/** The compacted state of a document: every update up to and including `throughSeq`. */
export const documentSnapshots = sqliteTable('document_snapshots', {
  documentId: text('document_id').primaryKey(),
  state: blob('state', { mode: 'buffer' }).notNull(),
  throughSeq: integer('through_seq').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/**
 * Edits the server refused (they arrived while the document was read-only for their sender):
 * every struct of `clientId` from `fromClock` on is never accepted later. Rows are only added.
 */
export const documentRefusedEdits = sqliteTable(
  'document_refused_edits',
  {
    documentId: text('document_id').notNull(),
    clientId: integer('client_id').notNull(),
    fromClock: integer('from_clock').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('document_refused_edits_document').on(table.documentId)],
)

/** Saved versions of a document (named, automatic or a life-cycle milestone); rows are never rewritten. */
export const documentVersions = sqliteTable(
  'document_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: text('document_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['named', 'auto', 'milestone'] }).notNull(),
    state: blob('state', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull(),
    /** The user who made the version (named, restore, milestone); null for automatic ones. */
    createdBy: text('created_by'),
    /** For kind `milestone`: which life-cycle step (see VersionMilestone in shared/history). */
    milestone: text('milestone'),
    /** JSON array of the ids of the users whose edits this version is the first to hold. */
    editors: text('editors', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** JSON array of the plan parts (PlanPartKey) that differ from the previous version. */
    changedParts: text('changed_parts', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** How `state` is encoded: `yjs` (a Yjs update) or `yjs+deflate` (the same, deflated). */
    encoding: text('encoding').notNull().default('yjs'),
  },
  (table) => [index('document_versions_document').on(table.documentId, table.id)],
)

/**
 * Which user each Yjs client id of a document belongs to (authorship): registered by the
 * server when a connection first writes under that client id; an update creating items under
 * a client id registered to another user is refused. Rows are only added.
 */
export const documentClients = sqliteTable(
  'document_clients',
  {
    documentId: text('document_id').notNull(),
    clientId: integer('client_id').notNull(),
    userId: text('user_id').notNull(),
    /** The school the user wrote for when the client id was registered. */
    schoolId: text('school_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.documentId, table.clientId] }),
    // Covering the writers of a plan and their schools (dashboard balance and co-authorship).
    index('document_clients_document_user').on(table.documentId, table.userId, table.schoolId),
  ],
)

/** A row of `document_versions`. */
export type DocumentVersionRow = typeof documentVersions.$inferSelect

/** Schools of the alliance. */
export const schools = sqliteTable('schools', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  /** When the school was archived (its accounts stay; it takes no new ones); null if active. */
  archivedAt: integer('archived_at'),
})

/** The alliance itself (one row, id 1), created by the first-run set-up. */
export const alliance = sqliteTable('alliance', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Accounts. Every user belongs to exactly one school. */
export const users = sqliteTable(
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
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    /** Mobile number (digits), unique when set; a teacher import matches accounts by it. */
    phone: text('phone').unique(),
    email: text('email'),
    /** The subject and grade the teacher teaches (free text, as in the school's roster). */
    subject: text('subject').notNull().default(''),
    grade: text('grade').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [index('users_school').on(table.schoolId)],
)

/**
 * A second school affiliation for a set period (交流轮岗): a teacher sent to another school
 * reaches that school's plans from `startsOn` to `endsOn` (inclusive, `YYYY-MM-DD`).
 */
export const schoolAffiliations = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    index('school_affiliations_user').on(table.userId),
    index('school_affiliations_school').on(table.schoolId),
  ],
)

/**
 * One-time links: the first-run set-up link, and sign-in links that let a person choose a
 * password (new accounts, imports, resets). `id` is the SHA-256 of the secret in the link.
 */
export const oneTimeLinks = sqliteTable(
  'one_time_links',
  {
    id: text('id').primaryKey(),
    purpose: text('purpose', { enum: ['setup', 'sign_in'] }).notNull(),
    /** The account the link signs in to; null for the set-up link. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (table) => [index('one_time_links_user').on(table.userId)],
)

/** Teaching-research groups (教研组); they may span schools. */
export const groups = sqliteTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  subject: text('subject').notNull(),
  grade: text('grade').notNull(),
  /** The school term the group works in, e.g. `2026-2027-1` (empty: not tied to a term). */
  term: text('term').notNull().default(''),
  createdAt: integer('created_at').notNull(),
  /** When the group was archived (read-only, still searchable); null if active. */
  archivedAt: integer('archived_at'),
})

/** Members of a group: the lead, members (edit) and observers (view only). */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['lead', 'member', 'observer'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.userId] }),
    index('group_members_user').on(table.userId),
  ],
)

/** Metadata of collaborative documents; the content lives in the update log and snapshots. */
export const documents = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
    /** The library entry and version this plan was adapted from (二次备课), if any. */
    adaptedFromEntryId: text('adapted_from_entry_id'),
    adaptedFromVersion: integer('adapted_from_version'),
  },
  (table) => [
    index('documents_school').on(table.schoolId),
    index('documents_group').on(table.groupId),
    index('documents_owner').on(table.ownerId),
    // The dashboard counts the adaptations of each library entry.
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
export const uploads = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    index('uploads_document').on(table.documentId),
    // The daily upload quota reads a user's uploads of the last day.
    index('uploads_owner_created').on(table.ownerId, table.createdAt),
  ],
)

/** Server-side sessions; `id` is the SHA-256 of the cookie value, never the value itself. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (table) => [index('sessions_user').on(table.userId)],
)

/** Personal API tokens; only the SHA-256 of a token is stored. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (table) => [index('api_tokens_user').on(table.userId)],
)

/** Who did what and when: sign-ins, permission changes, tokens, deletions. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    schoolId: text('school_id'),
    ip: text('ip'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_log_at').on(table.at),
    // The comment notify-once check looks entries up by action and target.
    index('audit_log_action_target').on(table.action, table.targetId),
  ],
)

/** Row types. */
export type SchoolRow = typeof schools.$inferSelect
/** A user row (includes the password hash: never send it to a client). */
export type UserRow = typeof users.$inferSelect
/** A group row. */
export type GroupRow = typeof groups.$inferSelect
/** A group membership row. */
export type GroupMemberRow = typeof groupMembers.$inferSelect
/** A document metadata row. */
export type DocumentRow = typeof documents.$inferSelect

/** What the server derived from a plan's content: its JSON and plain text (search, export). */
export const documentContent = sqliteTable('document_content', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  json: text('json', { mode: 'json' }).notNull(),
  text: text('text').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** An uploaded image row. */
export type UploadRow = typeof uploads.$inferSelect

/** Entries of the shared library (资源共享库): a published plan and its attribution. */
export const libraryEntries = sqliteTable(
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
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull(),
    /** Authors and their schools, as shown for attribution. */
    authors: text('authors', { mode: 'json' })
      .$type<Array<{ name: string; school: string }>>()
      .notNull(),
    licence: text('licence').notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull(),
    latestVersion: integer('latest_version').notNull(),
    viewCount: integer('view_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [index('library_entries_source').on(table.sourceDocumentId)],
)

/** Immutable published versions: the document state and what was derived from it. */
export const libraryVersions = sqliteTable(
  'library_versions',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => libraryEntries.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    state: blob('state', { mode: 'buffer' }).notNull(),
    json: text('json', { mode: 'json' }).notNull(),
    text: text('text').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: integer('published_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.entryId, table.version] })],
)

/** Peer reviews (同行评审): one per teacher and entry, editable by its author. */
export const libraryReviews = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.entryId, table.userId] })],
)

/** Preparation tasks (备课任务): the lead's term schedule, one task per lesson (四定). */
export const prepTasks = sqliteTable(
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
    discussionAt: integer('discussion_at'),
    /** The plan written for this task, once created. */
    documentId: text('document_id').references(() => documents.id, { onDelete: 'set null' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (table) => [index('prep_tasks_group').on(table.groupId)],
)

/** Participants of a preparation task (besides the main preparer). */
export const prepTaskParticipants = sqliteTable(
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
export const planLifecycle = sqliteTable(
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
    signedAt: integer('signed_at'),
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
export const planReflections = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [index('plan_reflections_document').on(table.documentId)],
)

/** In-app notifications: mentions, assigned tasks, sessions starting, plans awaiting me. */
export const notifications = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
  },
  (table) => [index('notifications_user').on(table.userId, table.createdAt)],
)

/** Live teaching-research sessions (集体研讨) held on a plan. */
export const prepSessions = sqliteTable(
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
    agenda: text('agenda', { mode: 'json' })
      .$type<Array<{ title: string; minutes: number }>>()
      .notNull(),
    state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
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
export const sessionAttendance = sqliteTable(
  'session_attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    joinedAt: integer('joined_at').notNull(),
    leftAt: integer('left_at'),
  },
  (table) => [
    index('session_attendance_session').on(table.sessionId),
    // Covering (session, person) pairs: the dashboard's attendance counts read no table rows.
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
export const sessionVotes = sqliteTable(
  'session_votes',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    proposal: text('proposal').notNull(),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at'),
    /** userId → choice. */
    ballots: text('ballots', { mode: 'json' })
      .$type<Record<string, 'agree' | 'disagree' | 'abstain'>>()
      .notNull(),
  },
  (table) => [index('session_votes_session').on(table.sessionId)],
)

/** Row types of the collective-preparation tables. */
export type PrepTaskRow = typeof prepTasks.$inferSelect
/** A plan's life-cycle facts. */
export type PlanLifecycleRow = typeof planLifecycle.$inferSelect
/** A notification row. */
export type NotificationRow = typeof notifications.$inferSelect
/** A live session row. */
export type PrepSessionRow = typeof prepSessions.$inferSelect

/** Library settings of the alliance (one row, id 1): review before publication and reviewers. */
export const librarySettings = sqliteTable('library_settings', {
  id: integer('id').primaryKey(),
  requireReview: integer('require_review', { mode: 'boolean' }).notNull().default(false),
  /** Designated reviewers besides the alliance admins. */
  reviewerIds: text('reviewer_ids', { mode: 'json' }).$type<string[]>().notNull(),
  updatedBy: text('updated_by'),
  updatedAt: integer('updated_at').notNull(),
})

/**
 * Submissions for publication when the alliance requires review: the plan's state at
 * submission, and the reviewer's decision (approved → published, or returned with a comment).
 */
export const librarySubmissions = sqliteTable(
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
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull(),
    licence: text('licence').notNull(),
    /** The plan's state when it was submitted: what the reviewer read is what gets published. */
    state: blob('state', { mode: 'buffer' }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'returned', 'cancelled'] }).notNull(),
    reviewerId: text('reviewer_id'),
    reviewComment: text('review_comment'),
    reviewedAt: integer('reviewed_at'),
    /** The entry and version created on approval. */
    entryId: text('entry_id'),
    version: integer('version'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    index('library_submissions_status').on(table.status, table.createdAt),
    index('library_submissions_document').on(table.documentId),
  ],
)

/** A library submission row. */
export type LibrarySubmissionRow = typeof librarySubmissions.$inferSelect

/**
 * Term binder builds (学期备课册): one row per request, so that any instance behind a load
 * balancer answers its progress; the finished .docx lives in `<DATA_DIR>/binders/<id>.docx`.
 */
export const binderJobs = sqliteTable(
  'binder_jobs',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    /** The term the binder covers (the group's term). */
    term: text('term').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    /** Plans written so far, out of `total`. */
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    /** The name the file is offered under, e.g. 学期备课册-七年级数学联合教研组-2026-2027-1.docx. */
    fileName: text('file_name').notNull(),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    /** Touched on every step: a running job not touched for a while died with its instance. */
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [index('binder_jobs_requester').on(table.requestedBy, table.createdAt)],
)

/** A binder job row. */
export type BinderJobRow = typeof binderJobs.$inferSelect
// ---- 听评课 (issue 22): rubrics, observations, the observers' sheets ----

/** Rubrics (评课表) of the alliance; their definitions live in versions. */
export const rubrics = sqliteTable('rubrics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  mode: text('mode', { enum: ['weighted', 'viewpoints'] }).notNull(),
  /** The version new observations use. */
  currentVersionId: text('current_version_id').notNull(),
  createdBy: text('created_by'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

/** Versions of a rubric: each edit adds one; rows are never rewritten. */
export const rubricVersions = sqliteTable(
  'rubric_versions',
  {
    id: text('id').primaryKey(),
    rubricId: text('rubric_id')
      .notNull()
      .references(() => rubrics.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    /** The RubricDefinition (shared/observations/rubric.ts) as JSON. */
    definition: text('definition', { mode: 'json' }).$type<RubricDefinition>().notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [index('rubric_versions_rubric').on(table.rubricId, table.number)],
)

/** Observations (听课) of a lesson, pinned to a plan version and a rubric version. */
export const observations = sqliteTable(
  'observations',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    /** The pinned plan version (document_versions.id). */
    versionId: integer('version_id').notNull(),
    versionName: text('version_name').notNull(),
    /** The pinned version's 教学过程 steps (name, minutes) as JSON. */
    steps: text('steps', { mode: 'json' })
      .$type<Array<{ name: string; minutes: number }>>()
      .notNull(),
    rubricVersionId: text('rubric_version_id')
      .notNull()
      .references(() => rubricVersions.id),
    teacherId: text('teacher_id')
      .notNull()
      .references(() => users.id),
    /** The teacher's school when it was scheduled (its school admins see the report). */
    schoolId: text('school_id').notNull(),
    /** The plan's group when it was scheduled (its lead sees the report). */
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    className: text('class_name').notNull(),
    room: text('room').notNull(),
    startsAt: integer('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    status: text('status', { enum: ['scheduled', 'closed'] }).notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
    closedBy: text('closed_by'),
  },
  (table) => [
    index('observations_teacher').on(table.teacherId, table.startsAt),
    index('observations_group').on(table.groupId, table.startsAt),
    index('observations_document').on(table.documentId),
  ],
)

/** The observers of an observation and the parts of their sheet kept whole. */
export const observationObservers = sqliteTable(
  'observation_observers',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Order of the observers (the anonymous labels 观课教师 n follow it). */
    position: integer('position').notNull(),
    strengths: text('strengths').notNull().default(''),
    /** Suggestions [{id, text, step, threadId}] as JSON. */
    suggestions: text('suggestions', { mode: 'json' })
      .$type<Array<{ id: string; text: string; step: number | null; threadId: string | null }>>()
      .notNull()
      .default(sql`'[]'`),
    submittedAt: integer('submitted_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.userId] }),
    index('observation_observers_user').on(table.userId),
  ],
)

/** LICC observation points picked by observers: one observer per point (the key is unique). */
export const observationPoints = sqliteTable(
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

/**
 * One value of an observer's sheet, written with PUT semantics: a point's score (`score`), a
 * bonus (`bonus`), a step's start (`start`, key = step index) or the lesson's end (`end`).
 */
export const observationMarks = sqliteTable(
  'observation_marks',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    observerId: text('observer_id').notNull(),
    kind: text('kind', { enum: ['score', 'bonus', 'start', 'end'] }).notNull(),
    key: text('key').notNull(),
    value: integer('value').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.observerId, table.kind, table.key] }),
  ],
)

/** Timestamped notes of observers, by the id the phone gave them; deleted ones stay as tombstones. */
export const observationNotes = sqliteTable(
  'observation_notes',
  {
    observationId: text('observation_id')
      .notNull()
      .references(() => observations.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    observerId: text('observer_id').notNull(),
    /** Step index in the pinned version; null for the whole lesson. */
    step: integer('step'),
    point: text('point'),
    text: text('text').notNull(),
    notedAt: integer('noted_at').notNull(),
    editedAt: integer('edited_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (table) => [
    primaryKey({ columns: [table.observationId, table.id] }),
    index('observation_notes_observer').on(table.observationId, table.observerId),
  ],
)

/** A group's 听评课 settings (no row: the defaults). */
export const observationGroupSettings = sqliteTable('observation_group_settings', {
  groupId: text('group_id')
    .primaryKey()
    .references(() => groups.id, { onDelete: 'cascade' }),
  showObserverNames: integer('show_observer_names', { mode: 'boolean' }).notNull().default(true),
  updatedBy: text('updated_by'),
  updatedAt: integer('updated_at').notNull(),
})

/** An observation row. */
export type ObservationRow = typeof observations.$inferSelect

/**
 * Every comment written through the comment endpoints, for the dashboard's counts (the text
 * itself lives in the plan's comments document): who wrote it and for which school. Written
 * since the dashboard (issue 24); `deletedAt` is set when the comment or its thread is deleted.
 */
export const commentLog = sqliteTable(
  'comment_log',
  {
    commentId: text('comment_id').primaryKey(),
    documentId: text('document_id').notNull(),
    threadId: text('thread_id').notNull(),
    authorId: text('author_id').notNull(),
    /** The school the author wrote for. */
    schoolId: text('school_id').notNull(),
    createdAt: integer('created_at').notNull(),
    deletedAt: integer('deleted_at'),
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
export const sessionTurns = sqliteTable(
  'session_turns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => prepSessions.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** The speaker's school when given the floor. */
    schoolId: text('school_id').notNull(),
    givenAt: integer('given_at').notNull(),
  },
  (table) => [
    index('session_turns_session').on(table.sessionId),
    // Covering the speaking turns of a session by school (dashboard).
    index('session_turns_session_school').on(table.sessionId, table.schoolId),
  ],
)

// ---- 师徒结对 (issue 23): mentoring pairs and the mentee's guidance requests ----

/**
 * Mentoring pairs: a teacher pair (师徒结对: mentor and mentee users) or a school pair (城乡结对:
 * a strong school and a remote one, user ids null). Never deleted: an ended pair keeps its reason.
 */
export const mentoringPairs = sqliteTable(
  'mentoring_pairs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['teacher', 'school'] }).notNull(),
    mentorId: text('mentor_id').references(() => users.id),
    menteeId: text('mentee_id').references(() => users.id),
    /** The mentor's school (teacher pair: at creation), or the strong school of a school pair. */
    mentorSchoolId: text('mentor_school_id')
      .notNull()
      .references(() => schools.id),
    menteeSchoolId: text('mentee_school_id')
      .notNull()
      .references(() => schools.id),
    /** The group the pair was made in (its lead sees and manages it); null if none. */
    groupId: text('group_id').references(() => groups.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['requested', 'active', 'declined', 'ended'] }).notNull(),
    /** The agreed period, `YYYY-MM-DD` (China time), both days included. */
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    goals: text('goals').notNull().default(''),
    /** The duties per term (MentoringDuties, shared/mentoring/mentoringApi.ts) as JSON. */
    duties: text('duties', { mode: 'json' }).$type<MentoringDuties>().notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    acceptedAt: integer('accepted_at'),
    endedAt: integer('ended_at'),
    endedBy: text('ended_by'),
    endReason: text('end_reason'),
  },
  (table) => [
    index('mentoring_pairs_mentor').on(table.mentorId),
    index('mentoring_pairs_mentee').on(table.menteeId),
    index('mentoring_pairs_group').on(table.groupId),
  ],
)

/** Plans a mentee handed in to their mentor for guidance (one row per pair and plan). */
export const mentoringGuidance = sqliteTable(
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
    requestedAt: integer('requested_at').notNull(),
  },
  (table) => [index('mentoring_guidance_pair').on(table.pairId, table.documentId)],
)
