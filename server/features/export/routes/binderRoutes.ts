import fs from 'node:fs/promises'
import { type Context, Hono } from 'hono'
import type { GroupRole } from '../../../../shared/domain.ts'
import type { AppKysely } from '../../../db/kysely.ts'
import { conflict, notFound } from '../../../domainError.ts'
import { type AppEnv, jsonBody, requirePrincipal } from '../../../http/context.ts'
import { loadSubject } from '../../documents/index.ts'
import { jobStatus } from '../binder/BinderJobs.ts'
import {
  type BinderCaller,
  binderTerm,
  requireBinderBuilder,
  requireJobReader,
} from '../binder/binderPolicy.ts'
import { binderBody } from '../binder/schema.ts'
import { attachmentDisposition } from '../docx/planExportData.ts'
import { DOCX_MIME } from './exportResponse.ts'

/** The caller as the binder rules see them, for a group (404 when the group is unknown). */
async function callerIn(
  c: Context<AppEnv>,
  db: AppKysely,
  groupId: string,
): Promise<{ caller: BinderCaller; term: string }> {
  const user = requirePrincipal(c).user
  const group = await db
    .selectFrom('groups')
    .select('term')
    .where('id', '=', groupId)
    .executeTakeFirst()
  if (!group) throw notFound('Group')
  const members = await db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .select(['groupMembers.userId', 'groupMembers.role', 'users.schoolId'])
    .where('groupMembers.groupId', '=', groupId)
    .execute()
  const role: GroupRole | undefined = members.find((member) => member.userId === user.id)?.role
  const groupSchoolIds = [...new Set(members.map((member) => member.schoolId))]
  return { caller: { user, role, groupSchoolIds }, term: group.term }
}

/** A job the caller may read (404 unknown, 403 someone else's). */
async function readableJob(c: Context<AppEnv>) {
  const { kdb, binders } = c.var.services
  const job = await binders.load(c.req.param('id') ?? '')
  if (!job) throw notFound('Binder job')
  const { caller } = await callerIn(c, kdb, job.groupId)
  requireJobReader(caller, job)
  return job
}

/**
 * Term binders (学期备课册) as jobs: `POST /groups/:id/binder` starts one, `GET
 * /binder-jobs/:id` answers its progress, `GET /binder-jobs/:id/file` downloads it.
 */
export const binderRoutes = new Hono<AppEnv>()
  .post('/groups/:id/binder', jsonBody(binderBody), async (c) => {
    const { kdb, binders } = c.var.services
    const groupId = c.req.param('id')
    const { caller, term: groupTerm } = await callerIn(c, kdb, groupId)
    requireBinderBuilder(caller)
    const term = binderTerm(groupTerm, c.req.valid('json').termId)
    const subject = await loadSubject(kdb, requirePrincipal(c).user)
    const jobId = await binders.start(subject, groupId, term)
    return c.json({ ok: true as const, jobId }, 202)
  })
  .get('/binder-jobs/:id', async (c) => {
    const job = await readableJob(c)
    return c.json({ ok: true as const, ...jobStatus(job, Date.now()) })
  })
  .get('/binder-jobs/:id/file', async (c) => {
    const job = await readableJob(c)
    if (jobStatus(job, Date.now()).status !== 'done') {
      throw conflict('The binder is not ready yet')
    }
    const bytes = await fs.readFile(c.var.services.binders.filePath(job.id)).catch(() => null)
    if (!bytes) throw notFound('Binder file')
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': DOCX_MIME,
      'Content-Disposition': attachmentDisposition('binder.docx', job.fileName),
      'Cache-Control': 'no-store',
    })
  })
