import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseJson } from '../../../server/db/database.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { demoPlanId, httpRequest, type Session, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface Submission {
  id: string
  status: string
  reviewComment: string | null
  entryId: string | null
  version: number | null
  submitterName: string
}

/** The first text node of a Yjs XML tree, depth first. */
function firstText(node: Y.XmlFragment | Y.XmlElement): Y.XmlText | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child
    if (child instanceof Y.XmlElement) {
      const found = firstText(child)
      if (found) return found
    }
  }
  return null
}

describe('review before publication in the shared library', () => {
  let server: TestServer
  let planId: string
  const sessions = new Map<string, Session>()
  const call = async (username: string, method: string, path: string, json?: unknown) => {
    let session = sessions.get(username)
    if (!session) {
      session = await signIn(server, username)
      sessions.set(username, session)
    }
    return httpRequest(server, method, path, {
      json,
      cookie: session.cookie,
      origin: server.httpUrl,
    })
  }
  const userId = async (username: string): Promise<string> => {
    const row = await server.kdb
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst()
    if (!row) throw new Error(`no user ${username}`)
    return row.id
  }
  const typeIntoPlan = (marker: string) =>
    server.registry.change(planId, (doc) => {
      const text = firstText(doc.getXmlFragment(PLAN_FRAGMENT))
      if (!text) throw new Error('the plan has no text')
      text.insert(0, marker)
    })
  const mySubmissions = async (username: string, query = '') =>
    (
      (await call(username, 'GET', `/api/library/submissions${query}`)).body as {
        items: Submission[]
      }
    ).items

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    planId = await demoPlanId(server.kdb, 0)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', planId)
      .execute()
  })
  afterAll(async () => {
    await server?.close()
  })

  it('publishes at once while the alliance does not require review', async () => {
    const settings = await call('demo-lead', 'GET', '/api/library/settings')
    expect(settings.body).toMatchObject({ requireReview: false, canReview: false })
  })

  it('lets only the alliance admin require review and designate reviewers', async () => {
    const body = { requireReview: true, reviewerIds: [await userId('demo-school-admin')] }
    expect((await call('demo-lead', 'PUT', '/api/library/settings', body)).status).toBe(403)
    expect((await call('demo-school-admin', 'PUT', '/api/library/settings', body)).status).toBe(403)
    const bad = await call('demo-admin', 'PUT', '/api/library/settings', {
      requireReview: true,
      reviewerIds: ['no-such-user'],
    })
    expect(bad.status).toBe(400)
    expect((await call('demo-admin', 'PUT', '/api/library/settings', body)).status).toBe(200)
    const seen = await call('demo-school-admin', 'GET', '/api/library/settings')
    expect(seen.body).toMatchObject({ requireReview: true, canReview: true, canConfigure: false })
    const audit = await server.kdb
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'library_settings_changed')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('turns the lead’s publication into a pending submission that is not in the library yet', async () => {
    await typeIntoPlan('【提交前】')
    const submitted = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(submitted.status).toBe(202)
    expect(submitted.body).toMatchObject({ status: 'pending' })
    const again = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(again.status).toBe(409)
    const search = await call(
      'demo-outsider',
      'GET',
      `/api/library/search?q=${encodeURIComponent('提交前')}`,
    )
    expect((search.body as { items: unknown[] }).items).toHaveLength(0)
    expect(await mySubmissions('demo-lead', `?documentId=${planId}`)).toMatchObject([
      { status: 'pending' },
    ])
    // Others see nothing of it; reviewers see the queue.
    expect(await mySubmissions('demo-teacher-a')).toHaveLength(0)
    expect(await mySubmissions('demo-school-admin', '?status=pending')).toHaveLength(1)
  })

  it('refuses decisions from non-reviewers and a return without a comment', async () => {
    const [pending] = await mySubmissions('demo-school-admin', '?status=pending')
    if (!pending) throw new Error('no pending submission')
    const path = `/api/library/submissions/${pending.id}`
    expect((await call('demo-lead', 'POST', `${path}/approve`, {})).status).toBe(403)
    expect((await call('demo-outsider', 'POST', `${path}/return`, { comment: 'x' })).status).toBe(
      403,
    )
    expect((await call('demo-outsider', 'GET', path)).status).toBe(404)
    expect((await call('demo-school-admin', 'POST', `${path}/return`, {})).status).toBe(400)
    const read = await call('demo-school-admin', 'GET', path)
    expect(read.status).toBe(200)
    expect(JSON.stringify((read.body as { json: unknown }).json)).toContain('【提交前】')
  })

  it('returns a submission with a comment the author sees and is notified of', async () => {
    const [pending] = await mySubmissions('demo-school-admin', '?status=pending')
    if (!pending) throw new Error('no pending submission')
    const returned = await call(
      'demo-school-admin',
      'POST',
      `/api/library/submissions/${pending.id}/return`,
      { comment: '请补充作业设计的分层要求' },
    )
    expect(returned.status).toBe(200)
    expect(await mySubmissions('demo-lead', `?documentId=${planId}`)).toMatchObject([
      { status: 'returned', reviewComment: '请补充作业设计的分层要求' },
    ])
    const notified = await server.kdb
      .selectFrom('notifications')
      .selectAll()
      .where('userId', '=', await userId('demo-lead'))
      .where('documentId', '=', planId)
      .execute()
    expect(notified.some((row) => row.excerpt.includes('请补充作业设计的分层要求'))).toBe(true)
    const again = await call(
      'demo-school-admin',
      'POST',
      `/api/library/submissions/${pending.id}/approve`,
      {},
    )
    expect(again.status).toBe(409)
  })

  it('publishes exactly the reviewed state on approval, attributed to the author', async () => {
    await typeIntoPlan('【第二次提交】')
    expect((await call('demo-lead', 'POST', '/api/library', { documentId: planId })).status).toBe(
      202,
    )
    await typeIntoPlan('【审核期间的修改】')
    const [pending] = await mySubmissions('demo-school-admin', '?status=pending')
    if (!pending) throw new Error('no pending submission')
    const approved = await call(
      'demo-school-admin',
      'POST',
      `/api/library/submissions/${pending.id}/approve`,
      { comment: '' },
    )
    expect(approved.status).toBe(200)
    const { entryId, version } = approved.body as { entryId: string; version: number }
    const published = await server.kdb
      .selectFrom('libraryVersions')
      .selectAll()
      .where('entryId', '=', entryId)
      .where('version', '=', version)
      .executeTakeFirst()
    expect(published?.text).toContain('【第二次提交】')
    expect(published?.text).not.toContain('【审核期间的修改】')
    expect(published?.publishedBy).toBe(await userId('demo-lead'))
    const entry = await call('demo-outsider', 'GET', `/api/library/${entryId}`)
    expect(entry.status).toBe(200)
    const actions = (await server.kdb.selectFrom('auditLog').select('action').execute()).map(
      (row) => row.action,
    )
    expect(actions).toEqual(
      expect.arrayContaining([
        'library_submitted',
        'library_submission_returned',
        'library_submission_approved',
      ]),
    )
  })

  it('lets the author withdraw a pending submission, and reviewers publish directly', async () => {
    expect((await call('demo-lead', 'POST', '/api/library', { documentId: planId })).status).toBe(
      202,
    )
    const [pending] = await mySubmissions('demo-lead', `?documentId=${planId}&status=pending`)
    if (!pending) throw new Error('no pending submission')
    expect(
      (await call('demo-teacher-a', 'POST', `/api/library/submissions/${pending.id}/cancel`))
        .status,
    ).toBe(404)
    expect(
      (await call('demo-lead', 'POST', `/api/library/submissions/${pending.id}/cancel`)).status,
    ).toBe(200)
    expect(await mySubmissions('demo-lead', `?documentId=${planId}&status=pending`)).toHaveLength(0)
    // A designated reviewer who may publish a plan publishes it without a queue.
    await call('demo-admin', 'PUT', '/api/library/settings', {
      requireReview: true,
      reviewerIds: [await userId('demo-lead')],
    })
    const direct = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(direct.status).toBe(201)
    expect(direct.body).toMatchObject({ status: 'published' })
  })

  it('keeps the reason of a withdrawal in the audit log', async () => {
    const list = await call('demo-outsider', 'GET', '/api/library?limit=1')
    const [entry] = (list.body as { items: Array<{ id: string }> }).items
    if (!entry) throw new Error('empty library')
    await call('demo-admin', 'POST', `/api/library/${entry.id}/withdraw`, { reason: '版权待核实' })
    const row = await server.kdb
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'library_withdrawn')
      .where('targetId', '=', entry.id)
      .executeTakeFirst()
    expect(row?.details == null ? row?.details : parseJson(row.details)).toMatchObject({
      reason: '版权待核实',
    })
  })
})
