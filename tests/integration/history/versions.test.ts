import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  VersionDetail,
  VersionListResponse,
  VersionSummary,
} from '../../../shared/history/versionApi.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('versions of a plan (list, preview, 保存版本)', () => {
  let server: TestServer
  let api: DemoCaller
  let counter = 0

  const freshPlan = async (): Promise<string> => {
    counter += 1
    return (await api.taskWithPlan(`版本 ${counter}`)).planId
  }
  const list = async (username: string, planId: string): Promise<VersionSummary[]> => {
    const result = await api.call(username, 'GET', `/api/documents/${planId}/versions`)
    expect(result.status).toBe(200)
    return (result.body as VersionListResponse).versions
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('saves a named version of now, trimmed, with its author and school, and lists it first', async () => {
    const planId = await freshPlan()
    expect(await list('demo-teacher-a', planId)).toEqual([])
    const first = await api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, {
      name: '  第一稿 ',
    })
    expect(first.status).toBe(201)
    const saved = (first.body as { version: VersionSummary }).version
    expect(saved).toMatchObject({ kind: 'named', name: '第一稿', milestone: null })
    expect(saved.createdBy?.displayName).toBeTruthy()
    expect(saved.createdBy?.id).toBe(await api.userId('demo-teacher-a'))
    expect(saved.createdBy?.schoolName).toBeTruthy()
    // The first version holds every part of the template as new.
    expect(saved.changedParts).toContain('header')
    const second = await api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, {
      name: '第二稿',
    })
    expect(second.status).toBe(201)
    const versions = await list('demo-observer', planId)
    expect(versions.map((version) => version.name)).toEqual(['第二稿', '第一稿'])
    expect(versions[1]).toEqual(saved)
    // Nothing changed between the two.
    expect(versions[0]?.changedParts).toEqual([])
    expect(versions[0]?.byteLength).toBeGreaterThan(0)
  })

  it('answers one version with its plan JSON and text, for readers including observers', async () => {
    const planId = await freshPlan()
    const created = await api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, {
      name: '预览',
    })
    const { id } = (created.body as { version: VersionSummary }).version
    const result = await api.call('demo-observer', 'GET', `/api/documents/${planId}/versions/${id}`)
    expect(result.status).toBe(200)
    const version = (result.body as { version: VersionDetail }).version
    expect(version.id).toBe(id)
    expect(version.plan.type).toBe('doc')
    expect(version.plan.content?.[0]?.type).toBe('planHeader')
    expect(version.text).toContain('教学过程')
    expect(version.text).toContain(`版本 ${counter}`)
  })

  it('refuses bad names with invalid_version_name, and malformed bodies with bad_request', async () => {
    const planId = await freshPlan()
    const post = (json: unknown) =>
      api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, json)
    for (const name of ['', '   ', '长'.repeat(81)]) {
      const result = await post({ name })
      expect(result.status).toBe(400)
      expect((result.body as { error: string }).error).toBe('invalid_version_name')
    }
    expect((await post({ name: '长'.repeat(80) })).status).toBe(201)
    for (const body of [{}, { name: 3 }, { name: 'x', extra: true }]) {
      const result = await post(body)
      expect(result.status).toBe(400)
      expect((result.body as { error: string }).error).toBe('bad_request')
    }
    expect(await list('demo-teacher-a', planId)).toHaveLength(1)
  })

  it('names versions for editors only: commenters, observers and outsiders are refused', async () => {
    const planId = await freshPlan()
    const post = (username: string | null) =>
      api.call(username, 'POST', `/api/documents/${planId}/versions`, { name: 'x' })
    // In the draft only the main preparer (demo-teacher-a) edits; the participant comments.
    expect((await post('demo-teacher-b')).status).toBe(403)
    expect((await post('demo-observer')).status).toBe(403)
    expect((await post('demo-outsider')).status).toBe(403)
    expect((await post(null)).status).toBe(401)
    expect(
      (await api.call('demo-outsider', 'GET', `/api/documents/${planId}/versions`)).status,
    ).toBe(403)
    expect((await api.call(null, 'GET', `/api/documents/${planId}/versions`)).status).toBe(401)
    expect(await list('demo-teacher-b', planId)).toEqual([])
  })

  it('answers 404 for an unknown version, a malformed id, and a version of another plan', async () => {
    const planId = await freshPlan()
    const otherId = await freshPlan()
    const created = await api.call('demo-teacher-a', 'POST', `/api/documents/${otherId}/versions`, {
      name: '别处',
    })
    const { id } = (created.body as { version: VersionSummary }).version
    for (const versionId of [String(id), String(id + 1000), 'abc', '0', '-1']) {
      const result = await api.call(
        'demo-teacher-a',
        'GET',
        `/api/documents/${planId}/versions/${versionId}`,
      )
      expect(result.status).toBe(404)
    }
    const restore = await api.call(
      'demo-teacher-a',
      'POST',
      `/api/documents/${planId}/versions/${id}/restore`,
      {},
    )
    expect(restore.status).toBe(404)
    expect(
      (await api.call('demo-teacher-a', 'GET', '/api/documents/no-such-plan/versions')).status,
    ).toBe(404)
  })

  it('lists 500 versions quickly, without reading their states', async () => {
    const planId = await freshPlan()
    const state = await server.registry.encodeState(planId)
    const editors = [await api.userId('demo-teacher-a'), await api.userId('demo-teacher-b')]
    for (let i = 0; i < 500; i += 1) {
      await server.store.saveVersion(planId, `v${i}`, 'auto', state, {
        editors,
        changedParts: ['objectives'],
      })
    }
    const times: number[] = []
    for (let i = 0; i < 30; i += 1) {
      const started = performance.now()
      const versions = await list('demo-teacher-b', planId)
      times.push(performance.now() - started)
      expect(versions).toHaveLength(500)
      expect(versions[0]?.name).toBe('v499')
      expect(versions[0]?.editors).toHaveLength(2)
    }
    times.sort((a, b) => a - b)
    const p95 = times[Math.floor(times.length * 0.95)] ?? 0
    console.log(
      `GET /versions with 500 versions: p50 ${times[15]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    )
    expect(p95).toBeLessThan(300)
  })

  it('audits a named version', async () => {
    const planId = await freshPlan()
    await api.call('demo-teacher-a', 'POST', `/api/documents/${planId}/versions`, { name: '审计' })
    const rows = await server.kdb
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('targetId', '=', planId)
      .where('action', '=', 'version_named')
      .execute()
    expect(rows).toEqual([{ action: 'version_named', actorId: await api.userId('demo-teacher-a') }])
  })
})
