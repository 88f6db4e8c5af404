import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FRAGMENT } from '../../shared/editor/planSchema.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { demoPlanId } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

/** Ways a collaborator's Yjs update can break the plan schema. */
const VIOLATIONS: Record<string, (fragment: Y.XmlFragment) => void> = {
  'an unknown node type': (fragment) => fragment.insert(1, [new Y.XmlElement('scriptBlock')]),
  'a paragraph where only sections may be': (fragment) => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('游离的段落')])
    fragment.insert(0, [paragraph])
  },
}

describe('issue 17 item 6b: plan content that violates the schema', () => {
  let server: TestServer
  let api: DemoCaller
  let planIndex = 0

  /** A final group plan of the demo whose content was broken this way. */
  async function brokenPlan(violation: (fragment: Y.XmlFragment) => void): Promise<string> {
    const id = await demoPlanId(server.kdb, planIndex++)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', id)
      .execute()
    await server.registry.change(id, (doc) => violation(doc.getXmlFragment(PLAN_FRAGMENT)))
    return id
  }

  const setReview = async (requireReview: boolean) => {
    const saved = await api.call('demo-admin', 'PUT', '/api/library/settings', {
      requireReview,
      reviewerIds: [],
    })
    expect(saved.status).toBe(200)
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  for (const [name, violation] of Object.entries(VIOLATIONS)) {
    it(`refuses to publish a plan with ${name} (422, not 500)`, async () => {
      const id = await brokenPlan(violation)
      const published = await api.call('demo-lead', 'POST', '/api/library', { documentId: id })
      expect(published.status).toBe(422)
      expect((published.body as { error: string }).error).toBe('invalid_plan_content')
    })
  }

  it('refuses the submission, and the approval of a stored broken submission', async () => {
    await setReview(true)
    try {
      const id = await brokenPlan(VIOLATIONS['an unknown node type'] ?? (() => {}))
      const submitted = await api.call('demo-lead', 'POST', '/api/library', { documentId: id })
      expect(submitted.status).toBe(422)
      expect((submitted.body as { error: string }).error).toBe('invalid_plan_content')

      // A submission stored before the check (or written around it) is refused at approval.
      const valid = await demoPlanId(server.kdb, 3)
      await server.kdb
        .updateTable('documents')
        .set({ status: 'final' })
        .where('id', '=', valid)
        .execute()
      const pending = await api.call('demo-lead', 'POST', '/api/library', { documentId: valid })
      expect(pending.status).toBe(202)
      const sid = (pending.body as { submissionId: string }).submissionId
      const broken = Y.encodeStateAsUpdate(
        await (async () => {
          const doc = new Y.Doc()
          Y.applyUpdate(doc, await server.registry.encodeState(id))
          return doc
        })(),
      )
      await server.kdb
        .updateTable('librarySubmissions')
        .set({ state: Buffer.from(broken) })
        .where('id', '=', sid)
        .execute()
      const shown = await api.call('demo-admin', 'GET', `/api/library/submissions/${sid}`)
      expect(shown.status).toBe(422)
      const approved = await api.call(
        'demo-admin',
        'POST',
        `/api/library/submissions/${sid}/approve`,
        { comment: '' },
      )
      expect(approved.status).toBe(422)
      expect((approved.body as { error: string }).error).toBe('invalid_plan_content')
    } finally {
      await setReview(false)
    }
  })
})
