import { parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { LibrarySubmissionRow } from '../../db/schema.ts'
import { type AccessSubject, loadSubject } from '../documents/index.ts'
import { loadPublicUser } from '../identity/index.ts'

/** Whether publication needs a review, and who reviews besides the alliance admins. */
export interface LibrarySettings {
  requireReview: boolean
  reviewerIds: string[]
}

/** The settings row, or the defaults (no review) when none was saved. */
export async function loadLibrarySettings(db: AppKysely): Promise<LibrarySettings> {
  const row = await db
    .selectFrom('librarySettings')
    .select(['requireReview', 'reviewerIds'])
    .where('id', '=', 1)
    .executeTakeFirst()
  return row
    ? { requireReview: row.requireReview === 1, reviewerIds: parseJson(row.reviewerIds) }
    : { requireReview: false, reviewerIds: [] }
}

/** The first of these user ids that names no user, or undefined when all do. */
export async function firstUnknownUser(
  db: AppKysely,
  userIds: string[],
): Promise<string | undefined> {
  for (const userId of userIds) {
    const exists = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!exists) return userId
  }
  return undefined
}

/** A submission's row (with the reviewed state); undefined if none. */
export async function loadSubmission(
  db: AppKysely,
  submissionId: string,
): Promise<LibrarySubmissionRow | undefined> {
  const row = await db
    .selectFrom('librarySubmissions')
    .selectAll()
    .where('id', '=', submissionId)
    .executeTakeFirst()
  return row && { ...row, keywords: parseJson(row.keywords) }
}

/** The id of the plan's pending submission, if it has one. */
export async function pendingSubmissionOf(
  db: AppKysely,
  documentId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('librarySubmissions')
    .select('id')
    .where('documentId', '=', documentId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return row?.id
}

/** Which submissions to list: by id, by status, by plan, and (for non-reviewers) only their own. */
export interface SubmissionFilter {
  id?: string | undefined
  status?: LibrarySubmissionRow['status'] | undefined
  documentId?: string | undefined
  onlySubmitter?: string | undefined
}

/** Submissions as listed (without the state blob), newest first. */
export async function listSubmissions(db: AppKysely, filter: SubmissionFilter, limit = 100) {
  let query = db
    .selectFrom('librarySubmissions')
    .innerJoin('users', 'users.id', 'librarySubmissions.submittedBy')
    .innerJoin('schools', 'schools.id', 'librarySubmissions.schoolId')
    .select([
      'librarySubmissions.id',
      'librarySubmissions.documentId',
      'librarySubmissions.title',
      'librarySubmissions.keywords',
      'librarySubmissions.licence',
      'librarySubmissions.status',
      'librarySubmissions.submittedBy',
      'users.displayName as submitterName',
      'librarySubmissions.schoolId',
      'schools.name as schoolName',
      'librarySubmissions.reviewComment',
      'librarySubmissions.reviewedAt',
      'librarySubmissions.entryId',
      'librarySubmissions.version',
      'librarySubmissions.createdAt',
    ])
  if (filter.id !== undefined) query = query.where('librarySubmissions.id', '=', filter.id)
  if (filter.status) query = query.where('librarySubmissions.status', '=', filter.status)
  if (filter.documentId)
    query = query.where('librarySubmissions.documentId', '=', filter.documentId)
  if (filter.onlySubmitter)
    query = query.where('librarySubmissions.submittedBy', '=', filter.onlySubmitter)
  const rows = await query.orderBy('librarySubmissions.createdAt', 'desc').limit(limit).execute()
  return rows.map((row) => ({ ...row, keywords: parseJson(row.keywords) }))
}

/** One submission as listed by `listSubmissions`. */
type SubmissionListItem = Awaited<ReturnType<typeof listSubmissions>>[number]

/** One submission as listed; undefined if none. */
export async function listedSubmission(
  db: AppKysely,
  submissionId: string,
): Promise<SubmissionListItem | undefined> {
  const [item] = await listSubmissions(db, { id: submissionId }, 1)
  return item
}

/**
 * The access subject of a submission's author, or null when that user is gone. `db` is for the
 * identity feature (not on Kysely yet); the memberships are read through its Kysely twin.
 */
export async function submitterSubject(
  db: AppKysely,
  userId: string,
): Promise<AccessSubject | null> {
  const submitter = await loadPublicUser(db, userId)
  return submitter ? loadSubject(db, submitter) : null
}
