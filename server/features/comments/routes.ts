import { type Context, Hono } from 'hono'
import type { CommentWritten } from '../../../shared/comments/commentApi.ts'
import type { CommentAuthor } from '../../../shared/comments/threads.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../http/context.ts'
import { type AccessibleDocumentRow, loadDocumentRow, loadSubject } from '../documents/index.ts'
import type { Principal } from '../identity/index.ts'
import {
  logComment,
  logCommentDeleted,
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

/** The plan, if the caller may at least view it: 404 when absent, 403 when not allowed. */
async function viewablePlan(
  db: AppKysely,
  userId: string,
  documentId: string,
): Promise<AccessibleDocumentRow> {
  const plan = requireLivePlan(await loadDocumentRow(db, documentId))
  requireViewer(await loadViewer(db, userId), plan)
  return plan
}

/** Who comments on which plan: the signed-in caller, checked to be allowed to (404/403). */
interface Commenting {
  principal: Principal
  planId: string
}

/** The caller and the plan of the request (`:id`), if the caller may comment on it. */
async function commenting(c: Context<AppEnv>): Promise<Commenting> {
  const { kdb } = c.var.services
  const principal = requirePrincipal(c)
  const planId = c.req.param('id') ?? ''
  const plan = await viewablePlan(kdb, principal.user.id, planId)
  requireCommenter(await loadSubject(kdb, principal.user), plan)
  return { principal, planId }
}

/** Audits a resolve or a reopen, with who did it from where. */
function auditResolution(
  c: Context<AppEnv>,
  { principal, planId }: Commenting,
  threadId: string,
  resolved: { decision: string | null } | null,
): Promise<void> {
  return recordResolution(c.var.services.kdb, {
    planId,
    threadId,
    actorId: principal.user.id,
    schoolId: principal.user.schoolId,
    ip: c.var.clientAddress,
    resolved,
  })
}

/** Who the comment log records as the writer: the user and the school they write for. */
function writerOf(principal: Principal): { authorId: string; schoolId: string } {
  return { authorId: principal.user.id, schoolId: principal.user.schoolId }
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
    const plan = await viewablePlan(c.var.services.kdb, principal.user.id, c.req.param('id'))
    return c.json({ ok: true as const, items: await mentionablePeople(c.var.services.kdb, plan) })
  })
  .post('/documents/:id/comments/threads', jsonBody(createThreadBody), async (c) => {
    const { principal, planId } = await commenting(c)
    const input = c.req.valid('json')
    const anchor = anchorFrom(input.anchor)
    const { threadId, commentId } = await writeThread(c.var.services.registry, planId, {
      anchor,
      quote: input.quote,
      author: authorOf(principal),
      body: input.body,
      mentions: input.mentions,
    })
    await logComment(c.var.services.kdb, { planId, threadId, commentId, ...writerOf(principal) })
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
      const { principal, planId } = await commenting(c)
      const threadId = c.req.param('threadId')
      const input = c.req.valid('json')
      const { commentId, earlier } = await writeReply(c.var.services.registry, planId, threadId, {
        author: authorOf(principal),
        body: input.body,
        mentions: input.mentions,
      })
      await logComment(c.var.services.kdb, { planId, threadId, commentId, ...writerOf(principal) })
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
      const { principal, planId } = await commenting(c)
      const input = c.req.valid('json')
      await writeEdit(
        c.var.services.registry,
        planId,
        { threadId: c.req.param('threadId'), commentId: c.req.param('commentId') },
        { userId: principal.user.id, body: input.body, mentions: input.mentions },
      )
      return c.json({ ok: true as const })
    },
  )
  .delete('/documents/:id/comments/threads/:threadId/comments/:commentId', async (c) => {
    const { principal, planId } = await commenting(c)
    const ids = { threadId: c.req.param('threadId'), commentId: c.req.param('commentId') }
    const { threadDeleted } = await writeDelete(
      c.var.services.registry,
      planId,
      ids,
      principal.user.id,
    )
    await logCommentDeleted(c.var.services.kdb, { ...ids, threadDeleted })
    return c.json({ ok: true as const })
  })
  .post(
    '/documents/:id/comments/threads/:threadId/resolve',
    jsonBody(resolveThreadBody),
    async (c) => {
      // Today's rule, as the sidebar offers it: whoever may comment may resolve.
      const caller = await commenting(c)
      const threadId = c.req.param('threadId')
      const { decision } = await writeResolve(c.var.services.registry, caller.planId, threadId, {
        by: authorOf(caller.principal),
        decision: c.req.valid('json').decision,
      })
      await auditResolution(c, caller, threadId, { decision })
      return c.json({ ok: true as const })
    },
  )
  .post('/documents/:id/comments/threads/:threadId/reopen', async (c) => {
    const caller = await commenting(c)
    const threadId = c.req.param('threadId')
    await writeReopen(c.var.services.registry, caller.planId, threadId)
    await auditResolution(c, caller, threadId, null)
    return c.json({ ok: true as const })
  })
