import type * as Y from 'yjs'
import { type HttpResult, httpRequest, type Session, signIn } from './signIn.ts'
import type { TestServer } from './testServer.ts'

/** Calls the API as demo users (signed in once each, same-origin like the browser). */
export class DemoCaller {
  private readonly sessions = new Map<string, Session>()

  constructor(private readonly server: TestServer) {}

  /** The session of a demo user (signs in on first use). */
  async session(username: string): Promise<Session> {
    let session = this.sessions.get(username)
    if (!session) {
      session = await signIn(this.server, username)
      this.sessions.set(username, session)
    }
    return session
  }

  /** One request as `username` (or signed out when null). */
  async call(
    username: string | null,
    method: string,
    path: string,
    json?: unknown,
  ): Promise<HttpResult> {
    const session = username ? await this.session(username) : undefined
    return httpRequest(this.server, method, path, {
      json,
      ...(session ? { cookie: session.cookie } : {}),
      origin: this.server.httpUrl,
    })
  }

  /** The id of a user by username. */
  async userId(username: string): Promise<string> {
    const row = await this.server.kdb
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst()
    if (!row) throw new Error(`no user ${username}`)
    return row.id
  }

  /** The id of the demo group (七年级数学联合教研组), as its lead sees it. */
  async demoGroupId(): Promise<string> {
    const result = await this.call('demo-lead', 'GET', '/api/groups')
    const items = (result.body as { items: Array<{ id: string; name: string }> }).items
    const group = items.find((item) => item.name === '七年级数学联合教研组')
    if (!group) throw new Error('the demo group is not seeded')
    return group.id
  }

  /**
   * Creates a task (lead: demo-lead; main preparer demo-teacher-a; participant demo-teacher-b)
   * and its plan (started by the main preparer); returns both ids.
   */
  async taskWithPlan(lesson: string): Promise<{ taskId: string; planId: string }> {
    const groupId = await this.demoGroupId()
    const created = await this.call('demo-lead', 'POST', `/api/groups/${groupId}/tasks`, {
      unit: '第二章 整式的加减',
      lesson,
      mainPreparerId: await this.userId('demo-teacher-a'),
      participantIds: [await this.userId('demo-teacher-b')],
      dueDate: '2030-10-20',
      discussionAt: null,
    })
    if (created.status !== 201) throw new Error(`task: HTTP ${created.status} ${created.text}`)
    const taskId = (created.body as { id: string }).id
    const started = await this.call('demo-teacher-a', 'POST', `/api/tasks/${taskId}/plan`)
    if (started.status !== 201) throw new Error(`plan: HTTP ${started.status} ${started.text}`)
    return { taskId, planId: (started.body as { id: string }).id }
  }

  /**
   * A task's plan taken through discussion and signed off by the lead (共案签发 v1); `edit` runs
   * on the plan's live Y.Doc during the discussion. Returns the plan's id.
   */
  async signedCommonPlan(lesson: string, edit: (doc: Y.Doc) => void = () => {}): Promise<string> {
    const { planId } = await this.taskWithPlan(lesson)
    await this.expectStatus(this.transition('demo-teacher-a', planId, 'discussion'), 200)
    await this.server.registry.change(planId, edit)
    await this.expectStatus(this.transition('demo-lead', planId, 'final'), 200)
    return planId
  }

  /** Derives a 个案 of a signed common plan as `username` for `className`; returns its id. */
  async personalPlan(commonId: string, username: string, className: string): Promise<string> {
    const created = await this.call(username, 'POST', `/api/documents/${commonId}/personal`, {
      className,
    })
    if (created.status !== 201) throw new Error(`个案: HTTP ${created.status} ${created.text}`)
    return (created.body as { id: string }).id
  }

  private async expectStatus(status: Promise<number>, wanted: number): Promise<void> {
    const got = await status
    if (got !== wanted) throw new Error(`expected HTTP ${wanted}, got ${got}`)
  }

  /** Moves a plan to `to` as `username`; returns the HTTP status. */
  async transition(username: string, planId: string, to: string): Promise<number> {
    return (await this.call(username, 'POST', `/api/documents/${planId}/transition`, { to })).status
  }

  /** The caller's permission on a document (or the HTTP status when refused). */
  async permission(username: string, documentId: string): Promise<string> {
    const result = await this.call(username, 'GET', `/api/documents/${documentId}`)
    if (result.status !== 200) return String(result.status)
    return (result.body as { document: { permission: string } }).document.permission
  }
}
