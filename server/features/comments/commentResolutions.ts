import { and, desc, eq, inArray } from 'drizzle-orm'
import * as Y from 'yjs'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import { readThreads } from '../../../shared/comments/threads.ts'
import { recordAudit } from '../../audit.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import type { AppDb } from '../../db/appDb.ts'
import { auditLog } from '../../db/schema.ts'

/** Audit action of a thread resolved through the endpoint (the record the minutes trust). */
export const THREAD_RESOLVED = 'comment_thread_resolved'

/** Audit action of a thread reopened through the endpoint. */
export const THREAD_REOPENED = 'comment_thread_reopened'

/** The audit target of a plan's thread. */
function threadTarget(planId: string, threadId: string): string {
  return `${planId}:${threadId}`
}

/** Records who resolved (with the decision) or reopened a thread, as the server saw it. */
export async function recordResolution(
  db: AppDb,
  event: {
    planId: string
    threadId: string
    actorId: string
    schoolId: string
    ip: string
    /** The decision when resolving; absent when reopening. */
    resolved: { decision: string | null } | null
  },
): Promise<void> {
  await recordAudit(db, {
    actorId: event.actorId,
    action: event.resolved ? THREAD_RESOLVED : THREAD_REOPENED,
    targetType: 'comment_thread',
    targetId: threadTarget(event.planId, event.threadId),
    schoolId: event.schoolId,
    ip: event.ip,
    details: event.resolved ? { decision: event.resolved.decision } : {},
  })
}

/** The decision the server recorded for a thread's latest resolution, if it is still resolved. */
async function recordedDecision(
  db: AppDb,
  planId: string,
  threadId: string,
): Promise<string | null> {
  const latest = await db
    .select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        inArray(auditLog.action, [THREAD_RESOLVED, THREAD_REOPENED]),
        eq(auditLog.targetId, threadTarget(planId, threadId)),
      ),
    )
    .orderBy(desc(auditLog.id))
    .get()
  if (latest?.action !== THREAD_RESOLVED || !latest.actorId) return null
  const decision = latest.details?.decision
  return typeof decision === 'string' && decision.trim() ? decision : null
}

/**
 * The decisions (结论) of a plan's resolved threads as minutes lines, oldest resolution first:
 * `决议：<decision>（关于“<quote>”）`. Only threads resolved through the endpoint count, and the
 * decision is the one recorded then with the signed-in resolver, never a field of the document.
 */
export async function recordedDecisionLines(
  db: AppDb,
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
    const decision = await recordedDecision(db, planId, thread.id)
    if (!decision) continue
    const quote = thread.quote.trim()
    lines.push(quote ? `决议：${decision}（关于“${quote}”）` : `决议：${decision}`)
  }
  return lines
}
