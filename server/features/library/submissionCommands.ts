import { toJsonText } from '../../db/database.ts'
import type { SqlExecutor } from '../../db/executor.ts'
import type { AppKysely } from '../../db/kysely.ts'
import type { DocumentRow, LibrarySubmissionRow } from '../../db/schema.ts'
import type { DocumentStore } from '../../storage/DocumentStore.ts'
import { loadState } from '../../storage/loadState.ts'
import { loadDocumentRow } from '../documents/index.ts'
import { newId } from '../identity/index.ts'
import { notify } from '../notifications/index.ts'
import { checkedPlanJSON } from './checkedPlanJSON.ts'
import { type Published, publishPlan } from './commands.ts'
import { requireLiveDocument, requireNoPendingSubmission, requirePending } from './policy.ts'
import type { LibrarySearch } from './search/LibrarySearch.ts'
import { type LibrarySettings, loadSubmission, pendingSubmissionOf } from './submissionQueries.ts'

/** Saves the settings (alliance admins only; the caller checks). */
export async function saveLibrarySettings(
  db: AppKysely,
  settings: LibrarySettings,
  actorId: string,
) {
  const values = {
    requireReview: settings.requireReview ? 1 : 0,
    reviewerIds: toJsonText(settings.reviewerIds),
    updatedBy: actorId,
    updatedAt: Date.now(),
  }
  await db
    .insertInto('librarySettings')
    .values({ id: 1, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute()
}

/** Creates a pending submission holding the plan's current state; one pending per plan. */
export async function submitForReview(
  db: AppKysely,
  store: DocumentStore,
  doc: DocumentRow,
  submitterId: string,
  options: { keywords: string[]; licence: string },
): Promise<LibrarySubmissionRow> {
  requireNoPendingSubmission(await pendingSubmissionOf(db, doc.id))
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
  await db
    .insertInto('librarySubmissions')
    .values({ ...row, keywords: toJsonText(row.keywords) })
    .execute()
  return row
}

/** A reviewer's decision on a submission: approved (with what was published) or returned. */
interface SubmissionDecision {
  status: 'approved' | 'returned'
  reviewerId: string
  reviewComment: string | null
  reviewedAt: number
  entryId?: string
  version?: number
}

/** Stores a reviewer's decision on a submission and tells its author. */
async function recordDecision(
  db: AppKysely,
  submission: LibrarySubmissionRow,
  decided: SubmissionDecision,
  excerpt: string,
): Promise<void> {
  await db.updateTable('librarySubmissions').set(decided).where('id', '=', submission.id).execute()
  await notify(db, [submission.submittedBy], {
    kind: 'action_required',
    actorId: decided.reviewerId,
    documentId: submission.documentId,
    excerpt,
  })
}

/** Approves a submission: publishes exactly the reviewed state, attributed to the submitter. */
export async function approveSubmission(
  db: AppKysely,
  executor: SqlExecutor,
  store: DocumentStore,
  search: LibrarySearch,
  submissionId: string,
  reviewerId: string,
  comment: string,
): Promise<{ submission: LibrarySubmissionRow; published: Published }> {
  const submission = requirePending(await loadSubmission(db, submissionId))
  const doc = requireLiveDocument(await loadDocumentRow(db, submission.documentId))
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
  db: AppKysely,
  submissionId: string,
  reviewerId: string,
  comment: string,
): Promise<LibrarySubmissionRow> {
  const submission = requirePending(await loadSubmission(db, submissionId))
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
  db: AppKysely,
  submissionId: string,
): Promise<LibrarySubmissionRow> {
  const submission = requirePending(await loadSubmission(db, submissionId))
  await db
    .updateTable('librarySubmissions')
    .set({ status: 'cancelled' })
    .where('id', '=', submission.id)
    .execute()
  return { ...submission, status: 'cancelled' }
}
