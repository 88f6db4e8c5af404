import { asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import * as Y from 'yjs'
import {
  type CommentWritten,
  commentTextBody,
  createThreadBody,
  decodeAnchor,
  type MentionablePerson,
  resolveThreadBody,
} from '../../../shared/comments/commentApi.ts'
import type { CommentAuthor } from '../../../shared/comments/threads.ts'
import { permits } from '../../../shared/domain.ts'
import { type AppDb, inTransaction, type SqlExecutor } from '../../db/appDb.ts'
import { groupMembers, schools, users } from '../../db/schema.ts'
import { badRequest, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import type { Logger } from '../../logger.ts'
import {
  type AccessibleDocumentRow,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/documentAccess.ts'
import { loadPublicUser, type Principal } from '../identity/principal.ts'
import { notify } from '../notifications/index.ts'
import { recordResolution } from './commentResolutions.ts'
import {
  writeDelete,
  writeEdit,
  writeReopen,
  writeReply,
  writeResolve,
  writeThread,
} from './commentWrites.ts'

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

/** The plan, if the caller may comment on it: 404 when absent, 403 when not allowed. */
async function commentablePlan(db: AppDb, principal: Principal, documentId: string) {
  const plan = await viewablePlan(db, principal.user.id, documentId)
  if (!permits(documentPermission(await loadSubject(db, principal.user), plan), 'comment')) {
    throw forbidden('You may not comment on this plan')
  }
  return plan
}

/** The signed-in user as a comment's author (never what the request body says). */
function authorOf(principal: Principal): CommentAuthor {
  return {
    id: principal.user.id,
    name: principal.user.displayName,
    school: principal.user.schoolName,
  }
}

/** An anchor from the body, refused unless both positions decode as Yjs relative positions. */
function anchorFrom(body: { start: string; end: string }) {
  const anchor = decodeAnchor(body)
  try {
    Y.decodeRelativePosition(anchor.start)
    Y.decodeRelativePosition(anchor.end)
  } catch {
    throw badRequest('anchor: not a pair of relative positions')
  }
  return anchor
}

/**
 * Tells the people a new comment concerns, in the request that wrote it: the mentioned people
 * (who can view the plan) with 'mention', the thread's earlier participants with 'reply'; never
 * the author. A failure is logged and answered as nobody notified: the comment is written.
 */
async function notifyOfComment(
  deps: { db: AppDb; executor: SqlExecutor; log: Logger },
  input: {
    planId: string
    authorId: string
    body: string
    mentions: readonly string[]
    earlier: readonly string[]
  },
): Promise<{ mentioned: string[]; replied: string[] }> {
  const { db } = deps
  try {
    const plan = await loadDocumentRow(db, input.planId)
    if (!plan) return { mentioned: [], replied: [] }
    const mentionTargets: string[] = []
    for (const userId of new Set(input.mentions)) {
      if (userId !== input.authorId && (await canView(db, userId, plan))) {
        mentionTargets.push(userId)
      }
    }
    const replyTargets: string[] = []
    for (const userId of new Set(input.earlier)) {
      if (userId === input.authorId || mentionTargets.includes(userId)) continue
      if (await canView(db, userId, plan)) replyTargets.push(userId)
    }
    const event = { actorId: input.authorId, documentId: input.planId, excerpt: input.body }
    return await inTransaction(deps.executor, async (_tx, ktx) => ({
      mentioned: await notify(ktx, mentionTargets, { kind: 'mention', ...event }),
      replied: await notify(ktx, replyTargets, { kind: 'reply', ...event }),
    }))
  } catch (error) {
    deps.log.warn({ err: error, documentId: input.planId }, 'comment notifications failed')
    return { mentioned: [], replied: [] }
  }
}

/**
 * Comments: mentionable people, and the comment operations. Every write is checked here (who is
 * signed in, their permission, authorship) and applied to the comments document by the server;
 * the comments websocket is read-only. Notifications go out in the request that writes.
 */
export const commentRoutes = new Hono<AppEnv>()
  .get('/documents/:id/comments/people', async (c) => {
    const { db } = c.var.services
    const principal = requirePrincipal(c)
    const plan = await viewablePlan(db, principal.user.id, c.req.param('id'))
    return c.json({ ok: true as const, items: await mentionablePeople(db, plan) })
  })
  .post('/documents/:id/comments/threads', jsonBody(createThreadBody), async (c) => {
    const { db, registry } = c.var.services
    const principal = requirePrincipal(c)
    const planId = c.req.param('id')
    await commentablePlan(db, principal, planId)
    const input = c.req.valid('json')
    const anchor = anchorFrom(input.anchor)
    const { threadId, commentId } = await writeThread(registry, planId, {
      anchor,
      quote: input.quote,
      author: authorOf(principal),
      body: input.body,
      mentions: input.mentions,
    })
    const sent = await notifyOfComment(c.var.services, {
      planId,
      authorId: principal.user.id,
      body: input.body,
      mentions: input.mentions,
      earlier: [],
    })
    return c.json<CommentWritten>({ ok: true, threadId, commentId, ...sent }, 201)
  })
  .post(
    '/documents/:id/comments/threads/:threadId/replies',
    jsonBody(commentTextBody),
    async (c) => {
      const { db, registry } = c.var.services
      const principal = requirePrincipal(c)
      const planId = c.req.param('id')
      const threadId = c.req.param('threadId')
      await commentablePlan(db, principal, planId)
      const input = c.req.valid('json')
      const { commentId, earlier } = await writeReply(registry, planId, threadId, {
        author: authorOf(principal),
        body: input.body,
        mentions: input.mentions,
      })
      const sent = await notifyOfComment(c.var.services, {
        planId,
        authorId: principal.user.id,
        body: input.body,
        mentions: input.mentions,
        earlier,
      })
      return c.json<CommentWritten>({ ok: true, threadId, commentId, ...sent }, 201)
    },
  )
  .patch(
    '/documents/:id/comments/threads/:threadId/comments/:commentId',
    jsonBody(commentTextBody),
    async (c) => {
      const { db, registry } = c.var.services
      const principal = requirePrincipal(c)
      const planId = c.req.param('id')
      await commentablePlan(db, principal, planId)
      const input = c.req.valid('json')
      await writeEdit(
        registry,
        planId,
        { threadId: c.req.param('threadId'), commentId: c.req.param('commentId') },
        { userId: principal.user.id, body: input.body, mentions: input.mentions },
      )
      return c.json({ ok: true as const })
    },
  )
  .delete('/documents/:id/comments/threads/:threadId/comments/:commentId', async (c) => {
    const { db, registry } = c.var.services
    const principal = requirePrincipal(c)
    const planId = c.req.param('id')
    await commentablePlan(db, principal, planId)
    await writeDelete(
      registry,
      planId,
      { threadId: c.req.param('threadId'), commentId: c.req.param('commentId') },
      principal.user.id,
    )
    return c.json({ ok: true as const })
  })
  .post(
    '/documents/:id/comments/threads/:threadId/resolve',
    jsonBody(resolveThreadBody),
    async (c) => {
      const { db, registry } = c.var.services
      const principal = requirePrincipal(c)
      const planId = c.req.param('id')
      const threadId = c.req.param('threadId')
      // Today's rule, as the sidebar offers it: whoever may comment may resolve.
      await commentablePlan(db, principal, planId)
      const { decision } = await writeResolve(registry, planId, threadId, {
        by: authorOf(principal),
        decision: c.req.valid('json').decision,
      })
      await recordResolution(db, {
        planId,
        threadId,
        actorId: principal.user.id,
        schoolId: principal.user.schoolId,
        ip: c.var.clientAddress,
        resolved: { decision },
      })
      return c.json({ ok: true as const })
    },
  )
  .post('/documents/:id/comments/threads/:threadId/reopen', async (c) => {
    const { db, registry } = c.var.services
    const principal = requirePrincipal(c)
    const planId = c.req.param('id')
    const threadId = c.req.param('threadId')
    await commentablePlan(db, principal, planId)
    await writeReopen(registry, planId, threadId)
    await recordResolution(db, {
      planId,
      threadId,
      actorId: principal.user.id,
      schoolId: principal.user.schoolId,
      ip: c.var.clientAddress,
      resolved: null,
    })
    return c.json({ ok: true as const })
  })
