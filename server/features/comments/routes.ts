import { Hono } from 'hono'
import type { CommentWritten } from '../../../shared/comments/commentApi.ts'
import type { CommentAuthor } from '../../../shared/comments/threads.ts'
import { type ApiServices, type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { type AccessibleDocumentRow, loadDocumentRow, loadSubject } from '../documents/index.ts'
import type { Principal } from '../identity/index.ts'
import {
  notifyOfComment,
  recordResolution,
  writeDelete,
  writeEdit,
  writeReopen,
  writeReply,
  writeResolve,
  writeThread,
} from './commands.ts'
import { requireCommenter, requireLivePlan, requireViewer } from './policy.ts'
import { loadViewer, mentionablePeople } from './queries.ts'
import { anchorFrom, commentTextBody, createThreadBody, resolveThreadBody } from './schema.ts'

/** The databases the access checks read (`db` for the identity feature, not on Kysely yet). */
type Databases = Pick<ApiServices, 'db' | 'kdb'>

/** The plan, if the caller may at least view it: 404 when absent, 403 when not allowed. */
async function viewablePlan(
  dbs: Databases,
  userId: string,
  documentId: string,
): Promise<AccessibleDocumentRow> {
  const plan = requireLivePlan(await loadDocumentRow(dbs.kdb, documentId))
  requireViewer(await loadViewer(dbs.db, userId), plan)
  return plan
}

/** The plan, if the caller may comment on it: 404 when absent, 403 when not allowed. */
async function commentablePlan(
  dbs: Databases,
  principal: Principal,
  documentId: string,
): Promise<AccessibleDocumentRow> {
  const plan = await viewablePlan(dbs, principal.user.id, documentId)
  requireCommenter(await loadSubject(dbs.kdb, principal.user), plan)
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

/**
 * Comments: mentionable people, and the comment operations. Every write is checked here (who is
 * signed in, their permission, authorship) and applied to the comments document by the server;
 * the comments websocket is read-only. Notifications go out in the request that writes. Order
 * does not matter here: no static path sits beside a `:param` path among these routes.
 */
export const commentRoutes = new Hono<AppEnv>()
  .get('/documents/:id/comments/people', async (c) => {
    const principal = requirePrincipal(c)
    const plan = await viewablePlan(c.var.services, principal.user.id, c.req.param('id'))
    return c.json({ ok: true as const, items: await mentionablePeople(c.var.services, plan) })
  })
  .post('/documents/:id/comments/threads', jsonBody(createThreadBody), async (c) => {
    const { registry } = c.var.services
    const principal = requirePrincipal(c)
    const planId = c.req.param('id')
    await commentablePlan(c.var.services, principal, planId)
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
      const { registry } = c.var.services
      const principal = requirePrincipal(c)
      const planId = c.req.param('id')
      const threadId = c.req.param('threadId')
      await commentablePlan(c.var.services, principal, planId)
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
      const { registry } = c.var.services
      const principal = requirePrincipal(c)
      const planId = c.req.param('id')
      await commentablePlan(c.var.services, principal, planId)
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
    const { registry } = c.var.services
    const principal = requirePrincipal(c)
    const planId = c.req.param('id')
    await commentablePlan(c.var.services, principal, planId)
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
      await commentablePlan(c.var.services, principal, planId)
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
    await commentablePlan(c.var.services, principal, planId)
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
