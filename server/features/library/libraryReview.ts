import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { PublicUser } from '../../../shared/domain.ts'
import { type AppDb, kyselyOf, type SqlExecutor } from '../../db/appDb.ts'
import {
  type DocumentRow,
  documents,
  type LibrarySubmissionRow,
  librarySettings,
  librarySubmissions,
  schools,
  users,
} from '../../db/schema.ts'
import { conflict, notFound } from '../../domainError.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { loadState } from '../../storage/loadState.ts'
import { newId } from '../identity/crypto.ts'
import { notify } from '../notifications/index.ts'
import { checkedPlanJSON } from './checkedPlanJSON.ts'
import { type Published, publishPlan } from './libraryCommands.ts'
import type { LibrarySearch } from './search/LibrarySearch.ts'

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

/** Saves the settings (alliance admins only; the caller checks). */
export async function saveLibrarySettings(db: AppDb, settings: LibrarySettings, actorId: string) {
  const values = { ...settings, updatedBy: actorId, updatedAt: Date.now() }
  await db
    .insert(librarySettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: librarySettings.id, set: values })
    .run()
}

/** Whether a user reviews library submissions: an alliance admin or a designated reviewer. */
export function isLibraryReviewer(user: PublicUser, settings: LibrarySettings): boolean {
  return user.role === 'alliance_admin' || settings.reviewerIds.includes(user.id)
}

/** Creates a pending submission holding the plan's current state; one pending per plan. */
export async function submitForReview(
  db: AppDb,
  store: DocumentStore,
  doc: DocumentRow,
  submitterId: string,
  options: { keywords: string[]; licence: string },
): Promise<LibrarySubmissionRow> {
  const pending = await db
    .select({ id: librarySubmissions.id })
    .from(librarySubmissions)
    .where(and(eq(librarySubmissions.documentId, doc.id), eq(librarySubmissions.status, 'pending')))
    .get()
  if (pending) throw conflict('This plan is already waiting for review')
  const state = await loadState(store, doc.id)
  // What a reviewer cannot open must not wait in the queue.
  checkedPlanJSON(state)
  const row: LibrarySubmissionRow = {
    id: newId(),
    documentId: doc.id,
    submittedBy: submitterId,
    schoolId: doc.schoolId,
    title: doc.title,
    keywords: options.keywords,
    licence: options.licence,
    state: Buffer.from(state),
    status: 'pending',
    reviewerId: null,
    reviewComment: null,
    reviewedAt: null,
    entryId: null,
    version: null,
    createdAt: Date.now(),
  }
  await db.insert(librarySubmissions).values(row).run()
  return row
}

/** A pending submission, or a 404/409. */
async function pendingSubmission(db: AppDb, submissionId: string): Promise<LibrarySubmissionRow> {
  const row = await db
    .select()
    .from(librarySubmissions)
    .where(eq(librarySubmissions.id, submissionId))
    .get()
  if (!row) throw notFound('Submission')
  if (row.status !== 'pending') throw conflict(`This submission was already ${row.status}`)
  return row
}

/** Stores a reviewer's decision on a submission and tells its author. */
async function recordDecision(
  db: AppDb,
  submission: LibrarySubmissionRow,
  decided: Partial<LibrarySubmissionRow> & { reviewerId: string },
  excerpt: string,
): Promise<void> {
  await db
    .update(librarySubmissions)
    .set(decided)
    .where(eq(librarySubmissions.id, submission.id))
    .run()
  await notify(kyselyOf(db), [submission.submittedBy], {
    kind: 'action_required',
    actorId: decided.reviewerId,
    documentId: submission.documentId,
    excerpt,
  })
}

/** Approves a submission: publishes exactly the reviewed state, attributed to the submitter. */
export async function approveSubmission(
  db: AppDb,
  executor: SqlExecutor,
  store: DocumentStore,
  search: LibrarySearch,
  submissionId: string,
  reviewerId: string,
  comment: string,
): Promise<{ submission: LibrarySubmissionRow; published: Published }> {
  const submission = await pendingSubmission(db, submissionId)
  const doc = await db.select().from(documents).where(eq(documents.id, submission.documentId)).get()
  if (!doc || doc.deletedAt !== null) throw notFound('Document')
  const published = await publishPlan(db, executor, store, search, doc, submission.submittedBy, {
    keywords: submission.keywords,
    licence: submission.licence,
    state: submission.state,
  })
  const decided = {
    status: 'approved' as const,
    reviewerId,
    reviewComment: comment || null,
    reviewedAt: Date.now(),
    entryId: published.entryId,
    version: published.version,
  }
  await recordDecision(db, submission, decided, `已通过审核并发布：${doc.title}`)
  return { submission: { ...submission, ...decided }, published }
}

/** Returns a submission to its author with the reviewer's comment. */
export async function returnSubmission(
  db: AppDb,
  submissionId: string,
  reviewerId: string,
  comment: string,
): Promise<LibrarySubmissionRow> {
  const submission = await pendingSubmission(db, submissionId)
  const decided = {
    status: 'returned' as const,
    reviewerId,
    reviewComment: comment,
    reviewedAt: Date.now(),
  }
  await recordDecision(db, submission, decided, `退回修改：${submission.title} — ${comment}`)
  return { ...submission, ...decided }
}

/** Withdraws the author's own pending submission. */
export async function cancelSubmission(
  db: AppDb,
  submissionId: string,
): Promise<LibrarySubmissionRow> {
  const submission = await pendingSubmission(db, submissionId)
  await db
    .update(librarySubmissions)
    .set({ status: 'cancelled' })
    .where(eq(librarySubmissions.id, submission.id))
    .run()
  return { ...submission, status: 'cancelled' }
}

/** One submission as listed (without the state blob). */
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
