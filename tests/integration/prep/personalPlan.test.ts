import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { PlanLifecycleInfo } from '../../../shared/domain.ts'
import { yDocToJSON } from '../../../shared/editor/derive.ts'
import { type PartComparison, type PartMerge, partText } from '../../../shared/editor/planDiff.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { whenSynced } from '../../helpers/providers.ts'
import { createToken } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface Comparison {
  baseVersionId: number
  latestVersionId: number
  newerAvailable: boolean
  withBase: PartComparison[]
  withLatest: PartComparison[]
  merge: PartMerge[]
}

/** Replaces the text of a prose section (one paragraph) in a Y.Doc, as an editor would. */
function setSectionText(doc: Y.Doc, nodeName: string, text: string): void {
  const fragment = doc.getXmlFragment(PLAN_FRAGMENT)
  const section = fragment
    .toArray()
    .find(
      (child): child is Y.XmlElement =>
        child instanceof Y.XmlElement && child.nodeName === nodeName,
    )
  if (!section) throw new Error(`no section ${nodeName}`)
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  section.delete(0, section.length)
  section.insert(0, [paragraph])
}

function decisions(merge: PartMerge[]): Record<string, string> {
  return Object.fromEntries(
    merge.filter((part) => part.decision !== 'unchanged').map((part) => [part.key, part.decision]),
  )
}

describe('个案: personal adaptations of a common plan', () => {
  let server: TestServer
  let api: DemoCaller
  let commonId = ''
  let personalId = ''
  let provider: WebsocketProvider | undefined
  const personalDoc = new Y.Doc()

  const comparison = async (): Promise<Comparison> => {
    const result = await api.call(
      'demo-teacher-b',
      'GET',
      `/api/documents/${personalId}/comparison`,
    )
    expect(result.status).toBe(200)
    return result.body as Comparison
  }
  /** The lead reopens the common plan, the server edits it, the lead signs it off again. */
  const reviseCommon = async (changes: Record<string, string>): Promise<void> => {
    expect(await api.transition('demo-lead', commonId, 'discussion')).toBe(200)
    await server.registry.change(commonId, (doc) => {
      for (const [node, text] of Object.entries(changes)) setSectionText(doc, node, text)
    })
    expect(await api.transition('demo-lead', commonId, 'final')).toBe(200)
  }
  const serverText = async (key: 'keyPoints' | 'homework' | 'objectives' | 'difficulties') => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, await server.registry.encodeState(personalId))
    const text = partText(yDocToJSON(copy), key)
    copy.destroy()
    return text
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    commonId = (await api.taskWithPlan('合并同类项')).planId
    expect(await api.transition('demo-teacher-a', commonId, 'discussion')).toBe(200)
    await server.registry.change(commonId, (doc) => {
      setSectionText(doc, 'keyPoints', '共案重点：同类项的概念')
      setSectionText(doc, 'homework', '共案作业：课本习题 2.2 第 1、2 题')
    })
  })
  afterAll(async () => {
    provider?.destroy()
    await server?.close()
  })

  it('derives a 个案 only from a signed common plan, for leads and members of the group', async () => {
    const early = await api.call('demo-teacher-b', 'POST', `/api/documents/${commonId}/personal`, {
      className: '七年级（3）班',
    })
    expect(early.status).toBe(409)
    expect(await api.transition('demo-lead', commonId, 'final')).toBe(200)
    for (const [who, status] of [
      ['demo-observer', 403],
      ['demo-outsider', 403],
    ] as const) {
      const refused = await api.call(who, 'POST', `/api/documents/${commonId}/personal`, {
        className: '七年级（3）班',
      })
      expect(refused.status, who).toBe(status)
    }
    const created = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${commonId}/personal`,
      {
        className: '七年级（3）班',
      },
    )
    expect(created.status).toBe(201)
    personalId = (created.body as { id: string }).id
    const twice = await api.call('demo-teacher-b', 'POST', `/api/documents/${commonId}/personal`, {
      className: '七年级（3）班',
    })
    expect(twice.status).toBe(409)

    const info = (
      (await api.call('demo-teacher-b', 'GET', `/api/documents/${personalId}/lifecycle`)).body as {
        lifecycle: PlanLifecycleInfo
      }
    ).lifecycle
    const common = (
      (await api.call('demo-teacher-b', 'GET', `/api/documents/${commonId}/lifecycle`)).body as {
        lifecycle: PlanLifecycleInfo
      }
    ).lifecycle
    expect(info).toMatchObject({
      personal: true,
      commonPlanId: commonId,
      baseVersionId: common.signedVersionId,
      className: '七年级（3）班',
      allowedTransitions: [],
    })
    expect(common.myPersonalPlanIds).toEqual([personalId])
    // Its own document: the content of the signed version, edited by its owner only.
    expect(await serverText('keyPoints')).toBe('共案重点：同类项的概念')
    expect(await api.permission('demo-teacher-b', personalId)).toBe('edit')
    expect(await api.permission('demo-teacher-a', personalId)).toBe('comment')
    expect(await api.permission('demo-lead', personalId)).toBe('comment')
    expect(await api.permission('demo-observer', personalId)).toBe('view')
    const document = await api.call('demo-teacher-b', 'GET', `/api/documents/${personalId}`)
    expect(document.body).toMatchObject({
      document: {
        title: '合并同类项（七年级（3）班）',
        ownerId: await api.userId('demo-teacher-b'),
      },
    })
  })

  it('compares section by section with the common plan', async () => {
    const before = await comparison()
    expect(before.newerAvailable).toBe(false)
    expect(before.withBase.every((part) => part.status === 'same')).toBe(true)

    const { secret } = await createToken(server, await api.session('demo-teacher-b'), '个案')
    provider = new WebsocketProvider(server.collabUrl, personalId, personalDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 200,
      params: { token: secret },
    })
    await whenSynced(provider)
    setSectionText(personalDoc, 'keyPoints', '我的重点：结合三班学生的基础，先复习字母表示数')
    await vi.waitFor(
      async () => expect((await serverText('keyPoints')).startsWith('我的重点')).toBe(true),
      10_000,
    )

    const after = await comparison()
    const keyPoints = after.withBase.find((part) => part.key === 'keyPoints')
    expect(keyPoints).toMatchObject({
      status: 'changed',
      leftText: '共案重点：同类项的概念',
      rightText: '我的重点：结合三班学生的基础，先复习字母表示数',
    })
    expect(after.withBase.filter((part) => part.status !== 'same').map((p) => p.key)).toEqual([
      'keyPoints',
    ])
  })

  it('brings in a later revision of the common plan without losing personal edits', async () => {
    await reviseCommon({
      keyPoints: '共案重点（修订）：同类项与合并法则',
      homework: '共案作业（修订）：分层作业 A/B 组',
      objectives: '共案目标（修订）：会合并同类项',
    })
    const offered = await comparison()
    expect(offered.newerAvailable).toBe(true)
    expect(offered.latestVersionId).toBeGreaterThan(offered.baseVersionId)
    expect(decisions(offered.merge)).toEqual({
      keyPoints: 'conflict_keep_mine',
      homework: 'take_theirs',
      objectives: 'take_theirs',
    })

    expect(
      (await api.call('demo-teacher-a', 'POST', `/api/documents/${personalId}/bring-in`, {}))
        .status,
    ).toBe(403)
    const unknown = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${personalId}/bring-in`,
      {
        sections: ['nonsense'],
      },
    )
    expect(unknown.status).toBe(400)

    // A personal edit elsewhere arrives while the change is brought in.
    setSectionText(personalDoc, 'difficulties', '我的难点：符号问题')
    const brought = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${personalId}/bring-in`,
      {
        sections: [],
      },
    )
    expect(brought.status).toBe(200)
    expect((brought.body as { taken: string[] }).taken).toEqual(['objectives', 'homework'])
    expect(await serverText('homework')).toBe('共案作业（修订）：分层作业 A/B 组')
    expect(await serverText('objectives')).toBe('共案目标（修订）：会合并同类项')
    expect(await serverText('keyPoints')).toBe('我的重点：结合三班学生的基础，先复习字母表示数')
    await vi.waitFor(
      async () => expect((await serverText('difficulties')) === '我的难点：符号问题').toBe(true),
      10_000,
    )
    // The teacher's open editor receives the change too.
    await vi.waitFor(
      () => expect(partText(yDocToJSON(personalDoc), 'homework').includes('分层作业')).toBe(true),
      10_000,
    )

    const settled = await comparison()
    expect(settled.newerAvailable).toBe(false)
    expect(settled.baseVersionId).toBe(offered.latestVersionId)
    const again = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${personalId}/bring-in`,
      {},
    )
    expect(again.status).toBe(409)
  })

  it('takes the common plan’s version of a section the teacher changed only when chosen', async () => {
    await reviseCommon({ keyPoints: '共案重点（第三版）：合并法则的依据' })
    const offered = await comparison()
    expect(decisions(offered.merge)).toEqual({
      keyPoints: 'conflict_keep_mine',
      difficulties: 'mine_only',
    })
    const brought = await api.call(
      'demo-teacher-b',
      'POST',
      `/api/documents/${personalId}/bring-in`,
      {
        sections: ['keyPoints'],
      },
    )
    expect(brought.status).toBe(200)
    expect((brought.body as { taken: string[] }).taken).toEqual(['keyPoints'])
    expect(await serverText('keyPoints')).toBe('共案重点（第三版）：合并法则的依据')
    expect(await serverText('difficulties')).toBe('我的难点：符号问题')
  })

  it('records reflections per class on the 个案, written and changed by its teacher', async () => {
    const path = `/api/documents/${personalId}/reflections`
    const body = { className: '七年级（3）班', taughtOn: '2030-10-22', text: '合并法则讲得太快' }
    expect((await api.call('demo-lead', 'POST', path, body)).status).toBe(403)
    expect(
      (await api.call('demo-teacher-b', 'POST', `/api/documents/${commonId}/reflections`, body))
        .status,
    ).toBe(409)
    const added = await api.call('demo-teacher-b', 'POST', path, body)
    expect(added.status).toBe(201)
    const second = await api.call('demo-teacher-b', 'POST', path, {
      ...body,
      className: '七年级（4）班',
      taughtOn: '2030-10-23',
    })
    expect(second.status).toBe(201)
    const id = (added.body as { id: string }).id
    expect(
      (await api.call('demo-teacher-a', 'PATCH', `/api/reflections/${id}`, { text: '改' })).status,
    ).toBe(403)
    expect(
      (await api.call('demo-teacher-b', 'PATCH', `/api/reflections/${id}`, { text: '放慢节奏' }))
        .status,
    ).toBe(200)
    const listed = await api.call('demo-lead', 'GET', path)
    expect(listed.status).toBe(200)
    const items = (listed.body as { items: Array<{ className: string; text: string }> }).items
    expect(items.map((item) => [item.className, item.text])).toEqual([
      ['七年级（4）班', '合并法则讲得太快'],
      ['七年级（3）班', '放慢节奏'],
    ])
    expect((await api.call('demo-outsider', 'GET', path)).status).toBe(403)
  })
})
