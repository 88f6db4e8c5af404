import * as Y from 'yjs'
import type { MentionablePerson } from '../../../shared/comments/commentApi.ts'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import { readThreads } from '../../../shared/comments/threads.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { type AccessibleDocumentRow, type AccessSubject, loadSubject } from '../documents/index.ts'
import { loadPublicUser } from '../identity/index.ts'
import { mayView } from './policy.ts'

/** Audit action of a thread resolved through the endpoint (the record the minutes trust). */
export const THREAD_RESOLVED = 'comment_thread_resolved'

/** Audit action of a thread reopened through the endpoint. */
export const THREAD_REOPENED = 'comment_thread_reopened'

/** The audit target of a plan's thread. */
export function threadTarget(planId: string, threadId: string): string {
  return `${planId}:${threadId}`
}

/**
 * A user as an access subject, or null when the account is gone or disabled.
 */
export async function loadViewer(db: AppKysely, userId: string): Promise<AccessSubject | null> {
  const user = await loadPublicUser(db, userId)
  return user ? loadSubject(db, user) : null
}

/** Whether a user (enabled) may at least view the plan. */
export async function canView(
  db: AppKysely,
  userId: string,
  plan: AccessibleDocumentRow,
): Promise<boolean> {
  return mayView(await loadViewer(db, userId), plan)
}

/**
 * The people of a plan who can be mentioned: the owner and the members of its group (in the
 * order they joined), each only if they can at least view the plan.
 */
export async function mentionablePeople(
  kdb: AppKysely,
  plan: AccessibleDocumentRow,
): Promise<MentionablePerson[]> {
  const people = new Map<string, MentionablePerson>()
  const add = async (person: MentionablePerson): Promise<void> => {
    if (!people.has(person.userId) && (await canView(kdb, person.userId, plan))) {
      people.set(person.userId, person)
    }
  }
  const owner = await kdb
    .selectFrom('users')
    .innerJoin('schools', 'schools.id', 'users.schoolId')
    .select(['users.id as userId', 'users.displayName', 'schools.name as schoolName'])
    .where('users.id', '=', plan.ownerId)
    .executeTakeFirst()
  if (owner) await add(owner)
  if (plan.groupId) {
    const members = await kdb
      .selectFrom('groupMembers')
      .innerJoin('users', 'users.id', 'groupMembers.userId')
      .innerJoin('schools', 'schools.id', 'users.schoolId')
      .select(['users.id as userId', 'users.displayName', 'schools.name as schoolName'])
      .where('groupMembers.groupId', '=', plan.groupId)
      .orderBy('groupMembers.createdAt', 'asc')
      .orderBy('groupMembers.userId', 'asc')
      .execute()
    for (const member of members) await add(member)
  }
  return [...people.values()]
}

/** The decision the server recorded for a thread's latest resolution, if it is still resolved. */
async function recordedDecision(
  kdb: AppKysely,
  planId: string,
  threadId: string,
): Promise<string | null> {
  const latest = await kdb
    .selectFrom('auditLog')
    .select(['action', 'actorId', 'details'])
    .where('action', 'in', [THREAD_RESOLVED, THREAD_REOPENED])
    .where('targetId', '=', threadTarget(planId, threadId))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (latest?.action !== THREAD_RESOLVED || !latest.actorId) return null
  const decision = latest.details === null ? undefined : parseJson(latest.details).decision
  return typeof decision === 'string' && decision.trim() ? decision : null
}

/**
 * The decisions (结论) of a plan's resolved threads as minutes lines, oldest resolution first:
 * `决议：<decision>（关于“<quote>”）`. Only threads resolved through the endpoint count, and the
 * decision is the one recorded then with the signed-in resolver, never a field of the document.
 */
export async function recordedDecisionLines(
  kdb: AppKysely,
  registry: DocumentRegistry,
  planId: string,
): Promise<string[]> {
  const doc = new Y.Doc()
  let resolved: Array<{ id: string; quote: string; resolvedAt: number }>
  try {
    Y.applyUpdate(doc, await registry.encodeState(commentsRoomOf(planId)))
    resolved = readThreads(doc)
      .filter((thread) => thread.resolved)
      .map((thread) => ({ id: thread.id, quote: thread.quote, resolvedAt: thread.resolvedAt ?? 0 }))
      .sort((a, b) => a.resolvedAt - b.resolvedAt)
  } finally {
    doc.destroy()
  }
  const lines: string[] = []
  for (const thread of resolved) {
    const decision = await recordedDecision(kdb, planId, thread.id)
    if (!decision) continue
    const quote = thread.quote.trim()
    lines.push(quote ? `决议：${decision}（关于“${quote}”）` : `决议：${decision}`)
  }
  return lines
}
