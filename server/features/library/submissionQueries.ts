import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { AppDb } from '../../db/appDb.ts'
import {
  type LibrarySubmissionRow,
  librarySettings,
  librarySubmissions,
  schools,
  users,
} from '../../db/schema.ts'
import { type AccessSubject, loadSubject } from '../documents/index.ts'
import { loadPublicUser } from '../identity/index.ts'

/** Whether publication needs a review, and who reviews besides the alliance admins. */
export interface LibrarySettings {
  requireReview: boolean
  reviewerIds: string[]
}

/** The settings row, or the defaults (no review) when none was saved. */
export async function loadLibrarySettings(db: AppDb): Promise<LibrarySettings> {
  const row = await db.select().from(librarySettings).where(eq(librarySettings.id, 1)).get()
  return { requireReview: row?.requireReview ?? false, reviewerIds: row?.reviewerIds ?? [] }
}

/** The first of these user ids that names no user, or undefined when all do. */
export async function firstUnknownUser(db: AppDb, userIds: string[]): Promise<string | undefined> {
  for (const userId of userIds) {
    const exists = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()
    if (!exists) return userId
  }
  return undefined
}

/** A submission's row (with the reviewed state); undefined if none. */
export function loadSubmission(
  db: AppDb,
  submissionId: string,
): Promise<LibrarySubmissionRow | undefined> {
  return db.select().from(librarySubmissions).where(eq(librarySubmissions.id, submissionId)).get()
}

/** The id of the plan's pending submission, if it has one. */
export async function pendingSubmissionOf(
  db: AppDb,
  documentId: string,
): Promise<string | undefined> {
  const row = await db
    .select({ id: librarySubmissions.id })
    .from(librarySubmissions)
    .where(
      and(eq(librarySubmissions.documentId, documentId), eq(librarySubmissions.status, 'pending')),
    )
    .get()
  return row?.id
}

/** Submissions as listed (without the state blob), newest first. */
export function listSubmissions(db: AppDb, where: SQL | undefined, limit = 100) {
  return db
    .select({
      id: librarySubmissions.id,
      documentId: librarySubmissions.documentId,
      title: librarySubmissions.title,
      keywords: librarySubmissions.keywords,
      licence: librarySubmissions.licence,
      status: librarySubmissions.status,
      submittedBy: librarySubmissions.submittedBy,
      submitterName: users.displayName,
      schoolId: librarySubmissions.schoolId,
      schoolName: schools.name,
      reviewComment: librarySubmissions.reviewComment,
      reviewedAt: librarySubmissions.reviewedAt,
      entryId: librarySubmissions.entryId,
      version: librarySubmissions.version,
      createdAt: librarySubmissions.createdAt,
    })
    .from(librarySubmissions)
    .innerJoin(users, eq(users.id, librarySubmissions.submittedBy))
    .innerJoin(schools, eq(schools.id, librarySubmissions.schoolId))
    .where(where)
    .orderBy(desc(librarySubmissions.createdAt))
    .limit(limit)
    .all()
}

/** One submission as listed by `listSubmissions`. */
type SubmissionListItem = Awaited<ReturnType<typeof listSubmissions>>[number]

/** One submission as listed; undefined if none. */
export async function listedSubmission(
  db: AppDb,
  submissionId: string,
): Promise<SubmissionListItem | undefined> {
  const [item] = await listSubmissions(db, eq(librarySubmissions.id, submissionId), 1)
  return item
}

/** Conditions for listing: by status, by plan, and (for non-reviewers) only their own. */
export function submissionFilter(options: {
  status?: LibrarySubmissionRow['status'] | undefined
  documentId?: string | undefined
  onlySubmitter?: string | undefined
}): SQL | undefined {
  const conditions: Array<SQL | undefined> = []
  if (options.status) conditions.push(eq(librarySubmissions.status, options.status))
  if (options.documentId) conditions.push(eq(librarySubmissions.documentId, options.documentId))
  if (options.onlySubmitter)
    conditions.push(eq(librarySubmissions.submittedBy, options.onlySubmitter))
  return and(...conditions)
}

/** The access subject of a submission's author, or null when that user is gone. */
export async function submitterSubject(db: AppDb, userId: string): Promise<AccessSubject | null> {
  const submitter = await loadPublicUser(db, userId)
  return submitter ? loadSubject(db, submitter) : null
}
