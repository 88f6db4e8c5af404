import type { PublicUser } from '../../../shared/domain.ts'
import type { DocumentRow, LibrarySubmissionRow } from '../../db/schema.ts'
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AccessFields, type AccessSubject, documentPermission } from '../documents/index.ts'
import type { LibrarySettings } from './submissionQueries.ts'

// ---- Plans ----

/** The document, unless it is missing or deleted (then a 404). */
export function requireLiveDocument<T extends Pick<DocumentRow, 'deletedAt'>>(
  doc: T | undefined,
): T {
  if (!doc || doc.deletedAt !== null) throw notFound('Document')
  return doc
}

/** A 403 unless the subject may read the document. */
export function requireReadableDocument(subject: AccessSubject, doc: AccessFields): void {
  if (documentPermission(subject, doc) === 'none') throw forbidden()
}

/**
 * Who may publish a plan: its group's lead, or its owner when it is in no group; either way
 * only someone who may read it (a lead cannot publish a member's private plan).
 */
export function canPublish(
  subject: AccessSubject,
  doc: AccessFields & Pick<DocumentRow, 'kind'>,
): boolean {
  if (doc.deletedAt !== null || doc.kind !== 'lesson_plan') return false
  if (documentPermission(subject, doc) === 'none') return false
  if (doc.groupId === null) return doc.ownerId === subject.user.id
  return subject.memberships.get(doc.groupId) === 'lead'
}

/** A 403 unless the subject may publish the plan, a 409 `not_final` unless it is final (共案). */
export function requireMayPublish(
  subject: AccessSubject,
  doc: AccessFields & Pick<DocumentRow, 'kind'>,
): void {
  if (!canPublish(subject, doc)) {
    throw forbidden(
      'Only the group lead (or the owner of a plan outside any group) publishes it, and only a plan they may read',
    )
  }
  if (doc.status !== 'final') {
    throw new DomainError('not_final', 'Only a final plan (共案) can be published')
  }
}

// ---- Entries ----

/** The entry, if it is published: a missing or withdrawn entry is a 404. */
export function requirePublished<T extends { status: string }>(entry: T | undefined): T {
  if (entry?.status !== 'published') throw notFound('Library entry')
  return entry
}

/** A 403 unless the user published the entry or is an alliance admin. */
export function requireMayWithdraw(entry: { publisherId: string }, user: PublicUser): void {
  if (entry.publisherId !== user.id && user.role !== 'alliance_admin') throw forbidden()
}

// ---- Review before publication ----

/** Whether a user reviews library submissions: an alliance admin or a designated reviewer. */
export function isLibraryReviewer(user: PublicUser, settings: LibrarySettings): boolean {
  return user.role === 'alliance_admin' || settings.reviewerIds.includes(user.id)
}

/** Whether what this user publishes waits for a review first. */
export function needsReview(user: PublicUser, settings: LibrarySettings): boolean {
  return settings.requireReview && !isLibraryReviewer(user, settings)
}

/** Whether a user sets how the library is reviewed (and may see who reviews): alliance admins. */
export function mayConfigureLibrary(user: PublicUser): boolean {
  return user.role === 'alliance_admin'
}

/** A 403 unless the user sets how the library is reviewed. */
export function requireMayConfigureLibrary(user: PublicUser): void {
  if (!mayConfigureLibrary(user)) {
    throw forbidden('Only the alliance admin sets how the library is reviewed')
  }
}

/** A 403 with this message unless the user reviews library submissions. */
export function requireReviewer(user: PublicUser, settings: LibrarySettings, message: string) {
  if (!isLibraryReviewer(user, settings)) throw forbidden(message)
}

/** A 400 unless returning a submission says what should change. */
export function requireReturnComment(comment: string): void {
  if (!comment) throw badRequest('comment: say what should change before it can be published')
}

/** The submission, if this user may see it (reviewers see all, others their own); else a 404. */
export function requireVisibleSubmission<T extends { submittedBy: string }>(
  submission: T | undefined,
  user: PublicUser,
  reviewer: boolean,
): T {
  if (!submission || (!reviewer && submission.submittedBy !== user.id)) {
    throw notFound('Submission')
  }
  return submission
}

/** The submission, if this user submitted it; else a 404. */
export function requireOwnSubmission<T extends { submittedBy: string }>(
  submission: T | undefined,
  user: PublicUser,
): T {
  if (!submission || submission.submittedBy !== user.id) throw notFound('Submission')
  return submission
}

/**
 * A submission shows a plan: its reader must still be allowed to read that plan (a plan made
 * private after it was submitted is no longer shown to the reviewers or the submitter).
 */
export function requireReadablePlan(subject: AccessSubject, doc: AccessFields | undefined): void {
  if (!doc || documentPermission(subject, doc) === 'none') {
    throw forbidden('You may not read the plan of this submission')
  }
}

/** Approval publishes in the submitter's name: the submitter must still be allowed to publish. */
export function requireSubmitterMayPublish(
  submitter: AccessSubject | null,
  doc: (AccessFields & Pick<DocumentRow, 'kind'>) | undefined,
): void {
  if (!doc || !submitter || !canPublish(submitter, doc)) {
    throw forbidden('The submitter may no longer publish this plan')
  }
}

/** The submission, if it still waits for a decision (a 404 when missing, a 409 when decided). */
export function requirePending(submission: LibrarySubmissionRow | undefined): LibrarySubmissionRow {
  if (!submission) throw notFound('Submission')
  if (submission.status !== 'pending') {
    throw conflict(`This submission was already ${submission.status}`)
  }
  return submission
}

/** A 409 when the plan already waits for review (one pending submission per plan). */
export function requireNoPendingSubmission(pendingId: string | undefined): void {
  if (pendingId) throw conflict('This plan is already waiting for review')
}
