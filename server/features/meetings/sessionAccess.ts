import { eq } from 'drizzle-orm'
import type { Permission } from '../../../shared/domain.ts'
import { permits } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { type PrepSessionRow, prepSessions } from '../../db/schema.ts'
import { forbidden, notFound } from '../../domainError.ts'
import {
  type AccessFields,
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/index.ts'
import { loadPublicUser } from '../identity/principal.ts'

/** Whether the subject runs sessions on this plan: its group's lead, or its owner when groupless. */
export function isPlanLead(subject: AccessSubject, plan: AccessFields): boolean {
  if (plan.deletedAt !== null) return false
  if (plan.groupId) return subject.memberships.get(plan.groupId) === 'lead'
  return plan.ownerId === subject.user.id
}

/** Whether a permission lets someone vote in a session on the plan (members, not observers). */
export function canVoteWith(permission: Permission): boolean {
  return permits(permission, 'comment')
}

/** A plan's row as the access rules read it (with whatever facts `loadDocumentRow` joins in). */
export type PlanRow = NonNullable<Awaited<ReturnType<typeof loadDocumentRow>>>

/** A session with its plan and what the caller may do in it. */
export interface SessionAccess {
  session: PrepSessionRow
  plan: PlanRow
  permission: Permission
  isLead: boolean
}

/** Loads a session row by id. */
export async function loadSessionRow(
  db: AppDb,
  sessionId: string,
): Promise<PrepSessionRow | undefined> {
  return db.select().from(prepSessions).where(eq(prepSessions.id, sessionId)).get()
}

/**
 * A session the subject may at least view (view access to its plan): 404 when there is no such
 * session or its plan is gone, 403 when the plan is not theirs to see.
 */
export async function requireSessionAccess(
  db: AppDb,
  subject: AccessSubject,
  sessionId: string,
): Promise<SessionAccess> {
  const session = await loadSessionRow(db, sessionId)
  if (!session) throw notFound('Session')
  const plan = await loadDocumentRow(db, session.documentId)
  if (!plan || plan.deletedAt !== null) throw notFound('Session')
  const permission = documentPermission(subject, plan)
  if (permission === 'none') throw forbidden('You do not have access to this session')
  return { session, plan, permission, isLead: isPlanLead(subject, plan) }
}

/** Like {@link requireSessionAccess}, and the caller must be the plan's lead. */
export async function requireSessionLead(
  db: AppDb,
  subject: AccessSubject,
  sessionId: string,
): Promise<SessionAccess> {
  const access = await requireSessionAccess(db, subject, sessionId)
  if (!access.isLead) throw forbidden('Only the group lead runs the session')
  return access
}

/** The permission another user has on a plan ('none' when the user is unknown or disabled). */
export async function permissionOfUser(
  db: AppDb,
  userId: string,
  plan: AccessFields,
): Promise<Permission> {
  const user = await loadPublicUser(db, userId)
  if (!user || user.disabled) return 'none'
  return documentPermission(await loadSubject(db, user), plan)
}
