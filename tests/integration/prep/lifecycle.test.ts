import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { parseJson } from '../../../server/db/database.ts'
import { CloseCode } from '../../../shared/closeCodes.ts'
import type { DocumentStatus, PlanLifecycleInfo } from '../../../shared/domain.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { whenSynced } from '../../helpers/providers.ts'
import { createToken } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** Who asks: the lead, the main preparer, a participant, an observer, an outsider, nobody. */
const ROLES = {
  lead: 'demo-lead',
  preparer: 'demo-teacher-a',
  participant: 'demo-teacher-b',
  observer: 'demo-observer',
  outsider: 'demo-outsider',
  signedOut: null,
} as const
type RoleName = keyof typeof ROLES

const STATES: DocumentStatus[] = ['draft', 'discussion', 'final', 'archived']

/** The one table of allowed transitions and who makes them (everything else is refused). */
const ALLOWED: Record<string, RoleName[]> = {
  'draft→discussion': ['lead', 'preparer'],
  'discussion→final': ['lead'],
  'final→discussion': ['lead'],
}

/** What the server must answer when `role` asks to move a plan from `from` to `to`. */
function expectedStatus(role: RoleName, from: DocumentStatus, to: DocumentStatus): number {
  if (role === 'signedOut') return 401
  if (role === 'outsider') return 403
  const allowed = ALLOWED[`${from}→${to}`]
  if (!allowed) return 409
  return allowed.includes(role) ? 200 : 403
}

describe('the life cycle of a plan (初备 → 研讨 → 共案)', () => {
  let server: TestServer
  let api: DemoCaller
  let counter = 0

  /** A fresh task plan, moved by the lead (and preparer) into `state`. */
  const planIn = async (state: DocumentStatus): Promise<string> => {
    counter += 1
    const { planId } = await api.taskWithPlan(`单项式 ${counter}`)
    const path: Record<string, Array<[string, DocumentStatus]>> = {
      draft: [],
      discussion: [['demo-teacher-a', 'discussion']],
      final: [
        ['demo-teacher-a', 'discussion'],
        ['demo-lead', 'final'],
      ],
    }
    for (const [who, to] of path[state] ?? []) {
      expect(await api.transition(who, planId, to)).toBe(200)
    }
    return planId
  }

  const lifecycleOf = async (username: string, planId: string): Promise<PlanLifecycleInfo> => {
    const result = await api.call(username, 'GET', `/api/documents/${planId}/lifecycle`)
    expect(result.status).toBe(200)
    return (result.body as { lifecycle: PlanLifecycleInfo }).lifecycle
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  for (const from of ['draft', 'discussion', 'final'] as const) {
    it(`answers every transition from ${from} for every role (refusals leave the state)`, async () => {
      const shared = await planIn(from)
      const actual: Record<string, number> = {}
      const expected: Record<string, number> = {}
      for (const to of STATES) {
        for (const role of Object.keys(ROLES) as RoleName[]) {
          const key = `${role}: ${from}→${to}`
          expected[key] = expectedStatus(role, from, to)
          // An allowed move changes the state: each one gets a plan of its own.
          const planId = expected[key] === 200 ? await planIn(from) : shared
          // '' asks signed out.
          actual[key] = await api.transition(ROLES[role] ?? '', planId, to)
          const status = (await lifecycleOf('demo-lead', planId)).status
          expect(status, key).toBe(actual[key] === 200 ? to : from)
        }
      }
      expect(actual).toEqual(expected)
    })
  }

  it('narrows editing by stage: only the main preparer edits a draft, nobody edits a 共案', async () => {
    const planId = await planIn('draft')
    const permissions = async () =>
      Object.fromEntries(
        await Promise.all(
          (['lead', 'preparer', 'participant', 'observer', 'outsider'] as const).map(
            async (role) => [role, await api.permission(ROLES[role], planId)] as const,
          ),
        ),
      )
    expect(await permissions()).toEqual({
      lead: 'comment',
      preparer: 'edit',
      participant: 'comment',
      observer: 'view',
      outsider: '403',
    })
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    expect(await permissions()).toEqual({
      lead: 'edit',
      preparer: 'edit',
      participant: 'edit',
      observer: 'view',
      outsider: '403',
    })
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    expect(await permissions()).toEqual({
      lead: 'comment',
      preparer: 'comment',
      participant: 'comment',
      observer: 'view',
      outsider: '403',
    })
    // The status of a plan in the life cycle moves only through its transitions.
    const patched = await api.call('demo-teacher-a', 'PATCH', `/api/documents/${planId}`, {
      status: 'draft',
    })
    expect(patched.status).toBe(403)
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    const bypass = await api.call('demo-lead', 'PATCH', `/api/documents/${planId}`, {
      status: 'final',
    })
    expect(bypass.status).toBe(409)
  })

  it('keeps the signed version as the milestone 共案签发 vN, and a newer one after a reopening', async () => {
    const planId = await planIn('discussion')
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const first = await lifecycleOf('demo-teacher-b', planId)
    expect(first.signedVersionId).not.toBeNull()
    expect(first.signedBy?.displayName).toBe('李红梅')
    expect(first.canDerivePersonal).toBe(true)
    expect(first.allowedTransitions).toEqual([])
    expect((await lifecycleOf('demo-lead', planId)).allowedTransitions).toEqual(['discussion'])
    const versions = await server.store.listVersions(planId)
    const signed = versions.filter((version) => version.milestone === 'signed')
    expect(signed.map((version) => [version.id, version.kind, version.name])).toEqual([
      [first.signedVersionId, 'milestone', '共案签发 v1'],
    ])

    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    expect((await lifecycleOf('demo-teacher-b', planId)).canDerivePersonal).toBe(false)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const second = await lifecycleOf('demo-teacher-b', planId)
    expect(second.signedVersionId).toBeGreaterThan(first.signedVersionId ?? 0)
    const again = await server.store.listVersions(planId)
    expect(again.filter((version) => version.milestone === 'signed').map((v) => v.name)).toEqual([
      '共案签发 v2',
      '共案签发 v1',
    ])
  })

  it('records every transition in the audit log, with who, from and to', async () => {
    const planId = await planIn('final')
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    const rows = await server.kdb
      .selectFrom('auditLog')
      .selectAll()
      .where('targetType', '=', 'document')
      .where('targetId', '=', planId)
      .execute()
    const transitions = rows.filter((row) => row.action.startsWith('plan_'))
    expect(
      transitions.map((row) => {
        const details = row.details === null ? null : parseJson(row.details)
        return [row.action, row.actorId, details?.from, details?.to]
      }),
    ).toEqual([
      ['plan_submitted', await api.userId('demo-teacher-a'), 'draft', 'discussion'],
      ['plan_signed_off', await api.userId('demo-lead'), 'discussion', 'final'],
      ['plan_reopened', await api.userId('demo-lead'), 'final', 'discussion'],
    ])
    expect(rows.some((row) => row.action === 'task_plan_started')).toBe(true)
  })

  it('refuses transitions of plans outside the cycle: a 个案 and an unknown plan', async () => {
    const planId = await planIn('final')
    const derived = await api.call('demo-teacher-b', 'POST', `/api/documents/${planId}/personal`, {
      className: '七年级（2）班',
    })
    expect(derived.status).toBe(201)
    const personalId = (derived.body as { id: string }).id
    const refused = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${personalId}/transition`,
      { to: 'discussion' },
    )
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ ok: false, error: 'not_a_common_plan' })
    expect(await api.transition('demo-lead', 'no-such-plan', 'discussion')).toBe(404)
    const bad = await api.call('demo-lead', 'POST', `/api/documents/${planId}/transition`, {
      to: 'published',
    })
    expect(bad.status).toBe(400)
  })

  it('changes websocket rights at once: a participant’s edit is dropped in 初备 (and never merged later), kept in 研讨', async () => {
    const planId = await planIn('draft')
    const session = await api.session('demo-teacher-b')
    const { secret } = await createToken(server, session, 'lifecycle test')
    const open = (doc: Y.Doc): { provider: WebsocketProvider; closeCodes: number[] } => {
      const provider = new WebsocketProvider(server.collabUrl, planId, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 200,
        params: { token: secret },
      })
      const closeCodes: number[] = []
      provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) closeCodes.push(event.code)
      })
      return { provider, closeCodes }
    }
    let doc = new Y.Doc()
    let { provider, closeCodes } = open(doc)
    const header = (): Y.XmlElement => doc.getXmlFragment(PLAN_FRAGMENT).get(0) as Y.XmlElement
    const serverLessonType = async (): Promise<unknown> => {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, await server.registry.encodeState(planId))
      const value = (copy.getXmlFragment(PLAN_FRAGMENT).get(0) as Y.XmlElement).getAttribute(
        'lessonType',
      )
      copy.destroy()
      return value
    }
    try {
      await whenSynced(provider)
      header().setAttribute('lessonType', '参与者在初备中的修改')
      await sleep(500)
      expect(await serverLessonType()).not.toBe('参与者在初备中的修改')

      expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
      // The server closes the read-only socket (access changed); the client reconnects as
      // editor and offers its refused edit again: refused for good.
      await vi.waitFor(() => expect(closeCodes).toContain(CloseCode.RefusedEdits), 15_000)
      expect(await serverLessonType()).not.toBe('参与者在初备中的修改')
      // Like the browser, the client starts again from the server's copy, and edits.
      provider.destroy()
      doc.destroy()
      doc = new Y.Doc()
      ;({ provider, closeCodes } = open(doc))
      await whenSynced(provider)
      header().setAttribute('lessonType', '研讨中的修改')
      await vi.waitFor(async () => expect(await serverLessonType()).toBe('研讨中的修改'), 10_000)

      expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
      await sleep(1_000)
      header().setAttribute('lessonType', '定稿后的修改')
      await sleep(500)
      expect(await serverLessonType()).toBe('研讨中的修改')
      const lifecycle = await server.kdb
        .selectFrom('planLifecycle')
        .selectAll()
        .where('documentId', '=', planId)
        .executeTakeFirst()
      expect(lifecycle?.signedVersionId).not.toBeNull()
    } finally {
      provider.destroy()
      doc.destroy()
    }
  })
})
