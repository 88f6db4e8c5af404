import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** The first paragraph of a Yjs XML tree, depth first. */
function firstParagraph(node: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null {
  for (const child of node.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    if (child.nodeName === 'paragraph') return child
    const found = firstParagraph(child)
    if (found) return found
  }
  return null
}

describe('issue 17 item 2: publishing needs read access to the plan and a final state', () => {
  let server: TestServer
  let api: DemoCaller
  const SECRET = '只给自己看的私密教案内容'

  /** demo-teacher-a's plan in the group, with a marker typed into it. */
  async function memberPlan(visibility: 'private' | 'group', marker: string): Promise<string> {
    const created = await api.call('demo-teacher-a', 'POST', '/api/documents', {
      kind: 'lesson_plan',
      title: `私密教案 ${marker}`,
      groupId: await api.demoGroupId(),
      visibility,
    })
    expect(created.status).toBe(201)
    const id = (created.body as { id: string }).id
    await server.registry.change(id, (doc) => {
      const paragraph = firstParagraph(doc.getXmlFragment(PLAN_FRAGMENT))
      if (!paragraph) throw new Error('the plan has no paragraph')
      paragraph.insert(0, [new Y.XmlText(marker)])
    })
    return id
  }

  /** Sets the plan final: as the issue did (PATCH by its owner), else in the database. */
  async function makeFinal(id: string): Promise<void> {
    const patched = await api.call('demo-teacher-a', 'PATCH', `/api/documents/${id}`, {
      status: 'final',
    })
    // Since item 6c a member can no longer sign off herself; the state is forced so that the
    // publishing checks are tested on their own.
    if (patched.status !== 200) {
      await server.kdb
        .updateTable('documents')
        .set({ status: 'final' })
        .where('id', '=', id)
        .execute()
    }
  }

  const setReview = async (requireReview: boolean) => {
    const saved = await api.call('demo-admin', 'PUT', '/api/library/settings', {
      requireReview,
      reviewerIds: [],
    })
    expect(saved.status).toBe(200)
  }

  const outsiderFinds = async (text: string) => {
    const found = await api.call(
      'demo-outsider',
      'GET',
      `/api/library/search?q=${encodeURIComponent(text)}`,
    )
    expect(found.status).toBe(200)
    return (found.body as { items: unknown[] }).items.length
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it("refuses the lead's publication of a member's private final plan (no review)", async () => {
    const id = await memberPlan('private', SECRET)
    await makeFinal(id)
    expect((await api.call('demo-lead', 'GET', `/api/documents/${id}`)).status).toBe(403)
    const published = await api.call('demo-lead', 'POST', '/api/library', { documentId: id })
    expect(published.status).toBe(403)
    expect(await outsiderFinds(SECRET)).toBe(0)
  })

  it("refuses the lead's submission of a member's private plan (review on)", async () => {
    await setReview(true)
    try {
      const id = await memberPlan('private', `${SECRET}二`)
      await makeFinal(id)
      const submitted = await api.call('demo-lead', 'POST', '/api/library', { documentId: id })
      expect(submitted.status).toBe(403)
      const queue = await api.call('demo-admin', 'GET', `/api/library/submissions?documentId=${id}`)
      expect((queue.body as { items: unknown[] }).items).toHaveLength(0)
    } finally {
      await setReview(false)
    }
  })

  it('refuses publishing a plan that is not final, even by the owner outside any group', async () => {
    const created = await api.call('demo-teacher-a', 'POST', '/api/documents', {
      kind: 'lesson_plan',
      title: '组外草稿',
    })
    const id = (created.body as { id: string }).id
    const published = await api.call('demo-teacher-a', 'POST', '/api/library', { documentId: id })
    expect(published.status).toBe(409)
    expect((published.body as { error: string }).error).toBe('not_final')
  })

  it('does not show or approve a submission whose plan its reader can no longer read', async () => {
    await setReview(true)
    try {
      const marker = '提交后又改为私密的教案'
      const id = await memberPlan('group', marker)
      await server.kdb
        .updateTable('documents')
        .set({ status: 'final' })
        .where('id', '=', id)
        .execute()
      const submitted = await api.call('demo-lead', 'POST', '/api/library', { documentId: id })
      expect(submitted.status).toBe(202)
      const sid = (submitted.body as { submissionId: string }).submissionId
      const before = await api.call('demo-admin', 'GET', `/api/library/submissions/${sid}`)
      expect(before.status).toBe(200)
      expect(before.text).toContain(marker)

      // The owner takes the plan back: nobody else may read it any more.
      const hidden = await api.call('demo-teacher-a', 'PATCH', `/api/documents/${id}`, {
        visibility: 'private',
      })
      expect(hidden.status).toBe(200)
      for (const reader of ['demo-admin', 'demo-lead']) {
        const shown = await api.call(reader, 'GET', `/api/library/submissions/${sid}`)
        expect(shown.status).toBe(403)
        expect(shown.text).not.toContain(marker)
      }
      const approved = await api.call(
        'demo-admin',
        'POST',
        `/api/library/submissions/${sid}/approve`,
        { comment: '' },
      )
      expect(approved.status).toBe(403)
      expect(await outsiderFinds(marker)).toBe(0)
    } finally {
      await setReview(false)
    }
  })
})
