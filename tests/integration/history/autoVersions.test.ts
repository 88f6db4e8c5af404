import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { VersionListResponse, VersionSummary } from '../../../shared/history/versionApi.ts'
import { discussionPlans, openPlanEditor, sectionText } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const IDLE_MS = 400
const MAX_INTERVAL_MS = 1500

describe('automatic versions after a burst of editing', () => {
  let server: TestServer
  let api: DemoCaller
  const { planInDiscussion, open, destroyEditors } = discussionPlans(
    () => server,
    () => api,
    '自动',
  )
  const autoVersions = async (planId: string): Promise<VersionSummary[]> => {
    const result = await api.call('demo-lead', 'GET', `/api/documents/${planId}/versions`)
    expect(result.status).toBe(200)
    return (result.body as VersionListResponse).versions.filter((v) => v.kind === 'auto')
  }

  beforeAll(async () => {
    server = await startTestServer({
      seedDemo: true,
      versionTiming: { idleMs: IDLE_MS, maxIntervalMs: MAX_INTERVAL_MS },
    })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    destroyEditors()
    await server?.close()
  })

  it('writes one version after the editing stops, with its editors and changed parts, and none without changes', async () => {
    const planId = await planInDiscussion()
    const a = await open('demo-teacher-a', planId)
    const b = await open('demo-teacher-b', planId)
    sectionText(a.doc, 'materialAnalysis').insert(0, '教材')
    sectionText(b.doc, 'homework').insert(0, '作业')
    await sleep(IDLE_MS / 4)
    sectionText(a.doc, 'materialAnalysis').insert(2, '分析')
    const [version] = await vi.waitFor(
      async () => {
        const found = await autoVersions(planId)
        expect(found).toHaveLength(1)
        return found
      },
      { timeout: 5000, interval: 100 },
    )
    expect(version?.name).toBe('自动保存')
    expect(version?.createdBy).toBeNull()
    expect(version?.changedParts.sort()).toEqual(['homework', 'materialAnalysis'])
    expect(version?.editors.map((person) => person.displayName).sort()).toEqual(
      ['张晓燕', '王建国'].sort(),
    )
    expect(new Set(version?.editors.map((person) => person.schoolName)).size).toBe(2)
    // Nothing changed since: no other version, however long we wait.
    await sleep(IDLE_MS * 3)
    expect(await autoVersions(planId)).toHaveLength(1)
    // A change of one part only: the next version names that part and its one editor.
    sectionText(b.doc, 'homework').insert(0, '新')
    const next = await vi.waitFor(
      async () => {
        const found = await autoVersions(planId)
        expect(found).toHaveLength(2)
        return found[0]
      },
      { timeout: 5000, interval: 100 },
    )
    expect(next?.changedParts).toEqual(['homework'])
    expect(next?.editors.map((person) => person.displayName)).toEqual(['张晓燕'])
  })

  it('writes at most one version per interval while editing continues', async () => {
    const planId = await planInDiscussion()
    const a = await open('demo-teacher-a', planId)
    const startedAt = Date.now()
    const typingMs = MAX_INTERVAL_MS * 2 + 500
    while (Date.now() - startedAt < typingMs) {
      sectionText(a.doc, 'objectives').insert(0, '字')
      await sleep(IDLE_MS / 4)
    }
    const stoppedAt = Date.now()
    await sleep(200)
    const during = (await autoVersions(planId)).filter((v) => v.createdAt <= stoppedAt + 100)
    expect(during.length).toBeGreaterThanOrEqual(2)
    expect(during.length).toBeLessThanOrEqual(3)
    const times = during.map((v) => v.createdAt).sort((x, y) => x - y)
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(MAX_INTERVAL_MS - 100)
    }
    // The last edits get theirs once the editing stops.
    await vi.waitFor(
      async () => expect((await autoVersions(planId)).length).toBe(during.length + 1),
      { timeout: 5000, interval: 100 },
    )
  })

  it('writes the version of unversioned edits when the document leaves memory', async () => {
    const slow = await startTestServer({
      seedDemo: true,
      unloadGraceMs: 50,
      versionTiming: { idleMs: 60_000, maxIntervalMs: 60_000 },
    })
    const slowApi = new DemoCaller(slow)
    try {
      const { planId } = await slowApi.taskWithPlan('卸载')
      const a = await openPlanEditor(slow, slowApi, 'demo-teacher-a', planId)
      sectionText(a.doc, 'reflection').insert(0, '反思')
      await vi.waitFor(async () => expect(slow.registry.get(planId)?.ydoc.toJSON()).toBeTruthy(), {
        timeout: 5000,
      })
      await sleep(200)
      expect((await slow.store.listVersions(planId)).filter((v) => v.kind === 'auto')).toEqual([])
      a.destroy()
      await vi.waitFor(() => expect(slow.registry.get(planId)).toBeUndefined(), { timeout: 5000 })
      const versions = await vi.waitFor(
        async () => {
          const found = (await slow.store.listVersions(planId)).filter((v) => v.kind === 'auto')
          expect(found).toHaveLength(1)
          return found
        },
        { timeout: 5000, interval: 100 },
      )
      // A draft's first version: every part is new.
      expect(versions[0]?.changedParts).toContain('reflection')
      expect(versions[0]?.editors).toEqual([await slowApi.userId('demo-teacher-a')])
    } finally {
      await slow.close()
    }
  })

  it('writes a version after another only once when two instances race (saveVersionAfter)', async () => {
    const planId = await planInDiscussion()
    const latest = await server.store.latestVersion(planId)
    const state = await server.registry.encodeState(planId)
    const attempts = await Promise.all(
      [1, 2, 3].map(() =>
        server.store.saveVersionAfter(planId, latest?.id ?? null, '自动保存', 'auto', state),
      ),
    )
    expect(attempts.filter((attempt) => attempt !== null)).toHaveLength(1)
    expect((await server.store.listVersions(planId)).filter((v) => v.kind === 'auto')).toHaveLength(
      1,
    )
  })
})
