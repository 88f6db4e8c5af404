import { and, asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import * as Y from 'yjs'
import {
  type MentionablePerson,
  type NotifyCommentResult,
  notifyCommentBody,
} from '../../../shared/comments/commentApi.ts'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import {
  type CommentEntry,
  type CommentThread,
  participantsOf,
  readThread,
} from '../../../shared/comments/threads.ts'
import { permits } from '../../../shared/domain.ts'
import { recordAudit } from '../../audit.ts'
import {
  type AccessibleDocumentRow,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../../auth/documentAccess.ts'
import { loadPublicUser } from '../../auth/principal.ts'
import type { DocumentRegistry } from '../../collab/DocumentRegistry.ts'
import { type AppDb, inTransaction } from '../../db/appDb.ts'
import { auditLog, groupMembers, schools, users } from '../../db/schema.ts'
import { notify } from '../../notifications/notify.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../context.ts'
import { ApiFailure, forbidden, notFound } from '../errors.ts'

/** Audit action recorded once a comment's notifications went out (makes notify idempotent). */
const NOTIFIED_ACTION = 'comment_notified'

/** How long the notify endpoint waits for a just-written comment to reach the server. */
const COMMENT_ARRIVAL_WAIT_MS = 3000
const COMMENT_ARRIVAL_POLL_MS = 100

type PlanRow = AccessibleDocumentRow

/** The plan, if the caller may at least view it: 404 when absent, 403 when not allowed. */
async function viewablePlan(db: AppDb, userId: string, documentId: string): Promise<PlanRow> {
  const row = await loadDocumentRow(db, documentId)
  if (!row || row.deletedAt !== null) throw notFound('Document')
  const user = await loadPublicUser(db, userId)
  if (!user || documentPermission(await loadSubject(db, user), row) === 'none') {
    throw forbidden('You do not have access to this document')
  }
  return row
}

/** Whether a user (enabled) may at least view the plan. */
async function canView(db: AppDb, userId: string, plan: PlanRow): Promise<boolean> {
  const user = await loadPublicUser(db, userId)
  return user !== null && documentPermission(await loadSubject(db, user), plan) !== 'none'
}

/**
 * The people of a plan who can be mentioned: the owner and the members of its group, each only
 * if they can at least view the plan.
 */
async function mentionablePeople(db: AppDb, plan: PlanRow): Promise<MentionablePerson[]> {
  const people = new Map<string, MentionablePerson>()
  const add = async (person: MentionablePerson): Promise<void> => {
    if (!people.has(person.userId) && (await canView(db, person.userId, plan))) {
      people.set(person.userId, person)
    }
  }
  const columns = {
    userId: users.id,
    displayName: users.displayName,
    schoolName: schools.name,
  }
  const owner = await db
    .select(columns)
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(users.id, plan.ownerId))
    .get()
  if (owner) await add(owner)
  if (plan.groupId) {
    const members = await db
      .select(columns)
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .innerJoin(schools, eq(schools.id, users.schoolId))
      .where(eq(groupMembers.groupId, plan.groupId))
      .orderBy(asc(groupMembers.createdAt))
      .all()
    for (const member of members) await add(member)
  }
  return [...people.values()]
}

/** Reads one thread of a plan's comments document as the server holds it now. */
async function currentThread(
  registry: DocumentRegistry,
  documentId: string,
  threadId: string,
): Promise<CommentThread | null> {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, await registry.encodeState(commentsRoomOf(documentId)))
    return readThread(doc, threadId)
  } finally {
    doc.destroy()
  }
}

/**
 * The thread and comment, waiting a little for a comment written just before the request (its
 * update travels over the websocket, the request over HTTP).
 */
async function awaitComment(
  registry: DocumentRegistry,
  documentId: string,
  threadId: string,
  commentId: string,
): Promise<{ thread: CommentThread; comment: CommentEntry; index: number } | null> {
  const deadline = Date.now() + COMMENT_ARRIVAL_WAIT_MS
  for (;;) {
    const thread = await currentThread(registry, documentId, threadId)
    const index = thread?.comments.findIndex((entry) => entry.id === commentId) ?? -1
    const comment = thread?.comments[index]
    if (thread && comment) return { thread, comment, index }
    if (Date.now() >= deadline) return null
    await new Promise((resolve) => setTimeout(resolve, COMMENT_ARRIVAL_POLL_MS))
  }
}

async function alreadyNotified(db: AppDb, target: string): Promise<boolean> {
  return (
    (await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, NOTIFIED_ACTION), eq(auditLog.targetId, target)))
      .get()) !== undefined
  )
}

/** Comments: mentionable people, and notifications for mentions and replies. */
export const commentRoutes = new Hono<AppEnv>()
  .get('/documents/:id/comments/people', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const plan = await viewablePlan(db, principal.user.id, c.req.param('id'))
    return c.json({ ok: true as const, items: await mentionablePeople(db, plan) })
  })
  .post('/documents/:id/comments/notify', jsonBody(notifyCommentBody), async (c) => {
    const { db, executor, registry } = c.var.services
    const principal = requirePrincipal(c)
    const documentId = c.req.param('id')
    const plan = await viewablePlan(db, principal.user.id, documentId)
    if (!permits(documentPermission(await loadSubject(db, principal.user), plan), 'comment')) {
      throw forbidden('You may not comment on this plan')
    }
    const { threadId, commentId } = c.req.valid('json')
    const found = await awaitComment(registry, documentId, threadId, commentId)
    if (!found) throw new ApiFailure(404, 'comment_not_found', 'Comment not found')
    const { thread, comment, index } = found
    if (comment.authorId !== principal.user.id) {
      throw new ApiFailure(
        403,
        'not_comment_author',
        'Only the author of a comment can send its notifications',
      )
    }
    const target = `${documentId}:${threadId}:${commentId}`
    const current = (await loadDocumentRow(db, documentId)) ?? plan
    const author = principal.user.id
    const mentionTargets: string[] = []
    for (const userId of comment.mentions) {
      if (userId !== author && (await canView(db, userId, current))) mentionTargets.push(userId)
    }
    const earlier =
      index > 0 ? participantsOf({ ...thread, comments: thread.comments.slice(0, index) }) : []
    const replyTargets: string[] = []
    for (const userId of earlier) {
      if (userId === author || mentionTargets.includes(userId)) continue
      if (await canView(db, userId, current)) replyTargets.push(userId)
    }
    const excerpt = comment.body
    // The check and the inserts in one transaction: two requests cannot both notify.
    const sent = await inTransaction(executor, async (tx) => {
      if (await alreadyNotified(tx, target)) return null
      const result = {
        mentioned: await notify(tx, mentionTargets, {
          kind: 'mention',
          actorId: author,
          documentId,
          excerpt,
        }),
        replied: await notify(tx, replyTargets, {
          kind: 'reply',
          actorId: author,
          documentId,
          excerpt,
        }),
      }
      await recordAudit(tx, {
        actorId: author,
        action: NOTIFIED_ACTION,
        targetType: 'comment',
        targetId: target,
        schoolId: principal.user.schoolId,
        ip: c.var.clientAddress,
        details: { mentioned: result.mentioned.length, replied: result.replied.length },
      })
      return result
    })
    if (!sent) {
      return c.json<NotifyCommentResult>({
        ok: true,
        mentioned: [],
        replied: [],
        alreadyNotified: true,
      })
    }
    const { mentioned, replied } = sent
    return c.json<NotifyCommentResult>({ ok: true, mentioned, replied, alreadyNotified: false })
  })
