import type { JSONContent } from '@tiptap/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { yDocToJSON } from '../../../shared/editor/derive.ts'
import { partText, planPart, sameNode } from '../../../shared/editor/planDiff.ts'
import type {
  ContributorsResponse,
  RestoreResult,
  VersionSummary,
} from '../../../shared/history/versionApi.ts'
import {
  addDemoMember,
  discussionPlans,
  livePlan,
  type PlanEditor,
  sectionText,
  stepColumnText,
  stepElement,
} from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** A small seeded generator (mulberry32): failures print the seed to replay them. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('restoring a version (a forward edit)', () => {
  let server: TestServer
  let api: DemoCaller
  const { planInDiscussion, open, destroyEditors } = discussionPlans(
    () => server,
    () => api,
    '恢复',
  )
  const nameVersion = async (planId: string, name: string): Promise<number> => {
    const result = await api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, {
      name,
    })
    expect(result.status).toBe(201)
    return (result.body as { version: VersionSummary }).version.id
  }
  const restore = (planId: string, versionId: number, body: object, who = 'demo-teacher-b') =>
    api.call(who, 'POST', `/api/documents/${planId}/versions/${versionId}/restore`, body)
  const versionPlan = async (planId: string, versionId: number): Promise<JSONContent> => {
    const result = await api.call(
      'demo-lead',
      'GET',
      `/api/documents/${planId}/versions/${versionId}`,
    )
    expect(result.status).toBe(200)
    return (result.body as { version: { plan: JSONContent } }).version.plan
  }
  /** Every stored version of a plan: its metadata and its state's bytes. */
  const storedVersions = async (planId: string): Promise<string[]> => {
    const versions = await server.store.listVersions(planId)
    const rows: string[] = []
    for (const version of versions) {
      const state = await server.store.loadVersion(planId, version.id)
      rows.push(`${JSON.stringify(version)} ${Buffer.from(state ?? []).toString('base64')}`)
    }
    return rows
  }
  /** Waits until every editor's replica equals the server's live plan. */
  const converged = async (planId: string, replicas: PlanEditor[]): Promise<JSONContent> =>
    vi.waitFor(
      async () => {
        const live = await livePlan(server, planId)
        for (const replica of replicas) expect(yDocToJSON(replica.doc)).toEqual(live)
        return live
      },
      { timeout: 15_000, interval: 100 },
    )

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    await addDemoMember(server, api, 'demo-teacher-d')
  })
  afterAll(async () => {
    destroyEditors()
    await server?.close()
  })

  it('restores one section while others type elsewhere: replicas converge, the rest keeps their edits, versions are unchanged', async () => {
    // Three users of three schools (school 0, 1, 2); each seed is one random run.
    for (const seed of [11, 23, 57]) {
      const next = random(seed)
      const planId = await planInDiscussion()
      const [a, b, c] = [
        await open('demo-teacher-a', planId),
        await open('demo-teacher-b', planId),
        await open('demo-teacher-d', planId),
      ] as [PlanEditor, PlanEditor, PlanEditor]
      sectionText(a.doc, 'materialAnalysis').insert(0, `原来的教材分析 ${seed}`)
      await converged(planId, [a, b, c])
      const versionId = await nameVersion(planId, `种子 ${seed}`)
      // Someone loses the text of the section, and writes something else.
      const lost = sectionText(a.doc, 'materialAnalysis')
      lost.delete(0, lost.length)
      lost.insert(0, '被改掉了')
      await converged(planId, [a, b, c])
      const before = await storedVersions(planId)

      const typed: Record<'objectives' | 'homework', string> = { objectives: '', homework: '' }
      const typist = async (editor: PlanEditor, node: 'objectives' | 'homework', count: number) => {
        for (let i = 0; i < count; i += 1) {
          const text = sectionText(editor.doc, node)
          const char = String.fromCharCode(0x4e00 + Math.floor(next() * 500))
          const at = Math.floor(next() * (text.length + 1))
          text.insert(at, char)
          typed[node] += char
          await sleep(Math.floor(next() * 15))
        }
      }
      const restoreAfter = Math.floor(next() * 150)
      const [, , restored] = await Promise.all([
        typist(b, 'objectives', 40),
        typist(c, 'homework', 40),
        sleep(restoreAfter).then(() => restore(planId, versionId, { section: 'materialAnalysis' })),
      ])
      expect(restored.status, `seed ${seed}`).toBe(200)
      const result = restored.body as RestoreResult
      const live = await converged(planId, [a, b, c])

      const version = await versionPlan(planId, versionId)
      expect(
        sameNode(planPart(live, 'materialAnalysis'), planPart(version, 'materialAnalysis')),
      ).toBe(true)
      for (const key of ['objectives', 'homework'] as const) {
        const text = partText(live, key)
        expect(text.length, `seed ${seed} ${key}`).toBe(typed[key].length)
        expect([...text].sort().join(''), `seed ${seed} ${key}`).toBe(
          [...typed[key]].sort().join(''),
        )
      }
      // Nothing stored was rewritten; the restore added its two versions.
      const after = await storedVersions(planId)
      expect(after.slice(-before.length)).toEqual(before)
      const newest = await server.store.listVersions(planId)
      expect(newest.slice(0, 2).map((v) => [v.id, v.milestone, v.name])).toEqual([
        [result.restoredVersionId, 'restored', '恢复'],
        [result.safetyVersionId, 'before_restore', '恢复前'],
      ])
      // The safety version holds what was there before.
      expect(partText(await versionPlan(planId, result.safetyVersionId), 'materialAnalysis')).toBe(
        '被改掉了',
      )
      for (const editor of [a, b, c]) editor.destroy()
    }
  })

  it('restores one 教学过程 step and keeps a later edit of another step', async () => {
    const planId = await planInDiscussion()
    const a = await open('demo-teacher-a', planId)
    stepColumnText(a.doc, 1, 'stepTeacher').insert(0, '讲解新知')
    await converged(planId, [a])
    const versionId = await nameVersion(planId, '步骤')
    const teacher = stepColumnText(a.doc, 1, 'stepTeacher')
    teacher.delete(0, teacher.length)
    stepElement(a.doc, 1).setAttribute('minutes', '99')
    stepColumnText(a.doc, 0, 'stepStudent').insert(0, '学生讨论')
    await converged(planId, [a])

    const result = await restore(planId, versionId, { step: 1 })
    expect(result.status).toBe(200)
    const live = await converged(planId, [a])
    const version = await versionPlan(planId, versionId)
    const steps = (plan: JSONContent) => planPart(plan, 'process')?.content ?? []
    expect(steps(live)[1]).toEqual(steps(version)[1])
    expect(JSON.stringify(steps(live)[0])).toContain('学生讨论')
  })

  it('restores the whole plan, and the safety version undoes it', async () => {
    const planId = await planInDiscussion()
    const a = await open('demo-teacher-a', planId)
    const versionId = await nameVersion(planId, '整份')
    const original = await versionPlan(planId, versionId)
    sectionText(a.doc, 'keyPoints').insert(0, '重点改了')
    sectionText(a.doc, 'boardDesign').insert(0, '板书改了')
    await converged(planId, [a])
    const edited = await livePlan(server, planId)

    const result = await restore(planId, versionId, {})
    expect(result.status).toBe(200)
    expect(await converged(planId, [a])).toEqual(original)
    const { safetyVersionId } = result.body as RestoreResult
    expect((await restore(planId, safetyVersionId, {})).status).toBe(200)
    expect(await converged(planId, [a])).toEqual(edited)
    // What a restore writes is the restorer's: the undo put 重点改了 and 板书改了 back as
    // teacher-b's text, though teacher-a first typed it.
    const contributors = await api.call('demo-lead', 'GET', `/api/documents/${planId}/contributors`)
    const teacherB = await api.userId('demo-teacher-b')
    const credited = (contributors.body as ContributorsResponse).contributors.find(
      (entry) => entry.person.id === teacherB,
    )
    expect(credited?.characters ?? 0).toBeGreaterThanOrEqual('重点改了板书改了'.length)
  })

  it('refuses a restore on a signed 共案 until it is reopened, and audits restores', async () => {
    const planId = await planInDiscussion()
    const versionId = await nameVersion(planId, '签发前')
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    for (const who of ['demo-lead', 'demo-teacher-b']) {
      const refused = await restore(planId, versionId, {}, who)
      expect(refused.status).toBe(409)
      expect((refused.body as { error: string }).error).toBe('plan_signed')
    }
    expect((await restore(planId, versionId, {}, 'demo-observer')).status).toBe(403)
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    expect((await restore(planId, versionId, { section: 'header' }, 'demo-lead')).status).toBe(200)
    const audited = await server.kdb
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('targetId', '=', planId)
      .where('action', '=', 'version_restored')
      .execute()
    expect(audited).toHaveLength(1)
    expect(String(audited[0]?.details)).toContain('"section":"header"')
  })

  it('refuses malformed restore requests with 400', async () => {
    const planId = await planInDiscussion()
    const versionId = await nameVersion(planId, '坏请求')
    const stored = (await server.store.listVersions(planId)).length
    const bodies: object[] = [
      { section: 'nope' },
      { section: 'objectives', step: 0 },
      { step: -1 },
      { step: 1.5 },
      { step: 99 },
      { whole: true },
    ]
    for (const body of bodies) {
      expect((await restore(planId, versionId, body)).status, JSON.stringify(body)).toBe(400)
    }
    expect(await server.store.listVersions(planId)).toHaveLength(stored)
  })
})
