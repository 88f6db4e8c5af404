/**
 * The version-history API of a plan (issue 20): versions, preview, compare with authorship,
 * restore and contributors. Both the server routes and the client use these shapes.
 */
import type { JSONContent } from '@tiptap/core'
import type { DiffStatus, PlanPartKey } from '../editor/planDiff.ts'
import type { BilingualLabel } from '../editor/planSchema.ts'

/** How a version came to be: after a burst of editing, named by a teacher, or a life-cycle step. */
export const VERSION_KINDS = ['auto', 'named', 'milestone'] as const
/** A version kind. */
export type VersionKind = (typeof VERSION_KINDS)[number]

/**
 * Life-cycle steps kept as versions: 初备提交 (the draft goes to discussion), 研讨开始/结束 (a
 * collective-preparation meeting on the plan starts or ends), 共案签发, 重新打开, 个案创建
 * (the personal plan's first version), and the two versions of a restore (恢复前, 恢复).
 */
export const VERSION_MILESTONES = [
  'submitted',
  'discussion_started',
  'discussion_ended',
  'signed',
  'reopened',
  'personal_created',
  'before_restore',
  'restored',
] as const
/** A life-cycle milestone. */
export type VersionMilestone = (typeof VERSION_MILESTONES)[number]

/** Longest name of a named version. */
export const MAX_VERSION_NAME_LENGTH = 80

/** A person as the history shows them: name and school (the school gives the colour). */
export interface HistoryPerson {
  id: string
  displayName: string
  schoolId: string
  schoolName: string
}

/** One version in the list (GET /api/documents/:id/versions, newest first). */
export interface VersionSummary {
  id: number
  kind: VersionKind
  /** The name shown (for milestones and automatic versions a generated one, in zh-CN). */
  name: string
  milestone: VersionMilestone | null
  createdAt: number
  /** Who made it (named, milestone, restore); null for automatic versions. */
  createdBy: HistoryPerson | null
  /** The people whose edits this version is the first to hold. */
  editors: HistoryPerson[]
  /** The plan parts that differ from the previous version. */
  changedParts: PlanPartKey[]
  /** Stored size of the version. */
  byteLength: number
}

/** Answer of GET /api/documents/:id/versions. */
export interface VersionListResponse {
  versions: VersionSummary[]
}

/** Answer of GET /api/documents/:id/versions/:versionId: the plan at that version. */
export interface VersionDetail extends VersionSummary {
  /** The plan's ProseMirror JSON at that version. */
  plan: JSONContent
  /** Its plain text. */
  text: string
}

/** Body of POST /api/documents/:id/versions (保存版本). */
export interface CreateVersionBody {
  name: string
}

/**
 * Body of POST /api/documents/:id/versions/:versionId/restore: the whole plan when empty, one
 * part when `section` is given, one 教学过程 step (by position, from 0) with `step`.
 */
export interface RestoreBody {
  section?: PlanPartKey
  step?: number
}

/** Answer of a restore. */
export interface RestoreResult {
  /** The safety version (恢复前) kept just before the restore. */
  safetyVersionId: number
  /** The milestone version (恢复) holding the content right after it. */
  restoredVersionId: number
}

/** One stretch of text in a comparison, and who wrote it. */
export interface AttributedRun {
  text: string
  /** `same` in both versions, `insert` only in the newer one, `delete` only in the older one. */
  op: 'same' | 'insert' | 'delete'
  /** Who wrote this text (for a deletion: who had written what was deleted); null if unknown. */
  authorId: string | null
}

/** One plan part compared. */
export interface PartDiff {
  key: PlanPartKey
  title: BilingualLabel
  status: DiffStatus
  runs: AttributedRun[]
}

/**
 * Answer of GET /api/documents/:id/compare?from=<versionId>&to=<versionId|live>: every plan
 * part compared, and the people the runs name.
 */
export interface VersionComparison {
  from: number
  to: number | 'live'
  parts: PartDiff[]
  people: HistoryPerson[]
}

/** One person's share of a plan's content. */
export interface Contributor {
  person: HistoryPerson
  /** Characters of the live plan this person wrote. */
  characters: number
  /** Their share of all characters, 0…1. */
  share: number
}

/** One school's share of a plan's content. */
export interface SchoolContribution {
  schoolId: string
  schoolName: string
  characters: number
  share: number
}

/** Answer of GET /api/documents/:id/contributors (most characters first). */
export interface ContributorsResponse {
  totalCharacters: number
  contributors: Contributor[]
  schools: SchoolContribution[]
}

/**
 * Answer of POST /api/documents/:id/contributors/header: the plan header's 参与教师 set to the
 * contributors (most first, the main preparer left out), joined with 、.
 */
export interface FillParticipantsResult {
  participants: string
}
