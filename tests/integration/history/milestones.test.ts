import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VersionListResponse, VersionSummary } from '../../../shared/history/versionApi.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('milestone versions written by the life cycle', () => {
  let server: TestServer
  let api: DemoCaller

  const versionsOf = async (planId: string): Promise<VersionSummary[]> => {
    const result = await api.call('demo-observer', 'GET', `/api/documents/${planId}/versions`)
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

  it('keeps 初备提交, 研讨开始/结束, 共案签发 v1, 重新打开, 共案签发 v2 and the 个案创建 of a personal plan', async () => {
    const { planId } = await api.taskWithPlan('里程碑')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    const started = await api.call('demo-lead', 'POST', '/api/sessions', { documentId: planId })
    expect(started.status).toBe(201)
    const meetingId = (started.body as { id: string }).id
    expect((await api.call('demo-lead', 'POST', `/api/sessions/${meetingId}/end`)).status).toBe(200)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)

    const versions = await versionsOf(planId)
    expect(versions.map((version) => [version.kind, version.milestone, version.name])).toEqual([
      ['milestone', 'signed', '共案签发 v2'],
      ['milestone', 'reopened', '重新打开'],
      ['milestone', 'signed', '共案签发 v1'],
      ['milestone', 'discussion_ended', '研讨结束'],
      ['milestone', 'discussion_started', '研讨开始'],
      ['milestone', 'submitted', '初备提交'],
    ])
    const lead = await api.userId('demo-lead')
    expect(versions.map((version) => version.createdBy?.id)).toEqual([
      lead,
      lead,
      lead,
      lead,
      lead,
      await api.userId('demo-teacher-a'),
    ])
    // The lifecycle's signed version is the milestone.
    const lifecycle = await api.call('demo-lead', 'GET', `/api/documents/${planId}/lifecycle`)
    const signedVersionId = (lifecycle.body as { lifecycle: { signedVersionId: number } }).lifecycle
      .signedVersionId
    expect(signedVersionId).toBe(versions[0]?.id)

    const personal = await api.call('demo-teacher-b', 'POST', `/api/documents/${planId}/personal`, {
      className: '七年级（3）班',
    })
    expect(personal.status).toBe(201)
    const personalId = (personal.body as { id: string }).id
    const listed = await api.call('demo-teacher-b', 'GET', `/api/documents/${personalId}/versions`)
    expect(listed.status).toBe(200)
    const first = (listed.body as VersionListResponse).versions
    expect(first.map((version) => [version.milestone, version.name])).toEqual([
      ['personal_created', '个案创建'],
    ])
    expect(first[0]?.createdBy?.id).toBe(await api.userId('demo-teacher-b'))
    expect(first[0]?.changedParts).toContain('process')
  })
})
