import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { connectProvider, whenSynced } from '../../helpers/providers.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

describe('derived plan content', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('is derived from the live document after edits, and the plan metadata follows its header', async () => {
    server = await startTestServer({
      seedDemo: true,
      deriveTiming: { quietMs: 100, maxWaitMs: 500 },
    })
    const running = server
    const plan = await running.kdb
      .selectFrom('documents')
      .select(['id', 'title'])
      .where('title', '=', '有理数的概念与分类')
      .executeTakeFirst()
    if (!plan) throw new Error('demo plan missing')
    const seeded = await running.kdb
      .selectFrom('documentContent')
      .selectAll()
      .where('documentId', '=', plan.id)
      .executeTakeFirst()
    expect(seeded?.text).toContain('教学目标')

    // The tester account may not edit a demo plan: make it the plan's owner for this test.
    await running.kdb
      .updateTable('documents')
      .set({ ownerId: running.tester.userId })
      .where('id', '=', plan.id)
      .execute()
    const doc = new Y.Doc()
    const provider = connectProvider(running, plan.id, doc)
    await whenSynced(provider)
    const fragment = doc.getXmlFragment(PLAN_FRAGMENT)
    const header = fragment.get(0) as Y.XmlElement
    const objectives = fragment.get(3) as Y.XmlElement
    const paragraph = objectives.get(0) as Y.XmlElement
    doc.transact(() => {
      header.setAttribute('lessonTitle', '有理数（修订稿）')
      ;(paragraph.get(0) as Y.XmlText).insert(0, '【新增目标】')
    })
    await vi.waitFor(async () => {
      const derived = await running.kdb
        .selectFrom('documentContent')
        .selectAll()
        .where('documentId', '=', plan.id)
        .executeTakeFirst()
      expect(derived?.text).toContain('【新增目标】')
      const row = await running.kdb
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', plan.id)
        .executeTakeFirst()
      expect(row?.title).toBe('有理数（修订稿）')
    }, 5000)
    provider.destroy()
  })

  it('is derived while someone keeps typing (after maxWaitMs), and again once they pause', async () => {
    server = await startTestServer({
      seedDemo: true,
      deriveTiming: { quietMs: 300, maxWaitMs: 800 },
    })
    const running = server
    const plan = await running.kdb
      .selectFrom('documents')
      .select('id')
      .where('title', '=', '有理数的概念与分类')
      .executeTakeFirst()
    if (!plan) throw new Error('demo plan missing')
    await running.kdb
      .updateTable('documents')
      .set({ ownerId: running.tester.userId })
      .where('id', '=', plan.id)
      .execute()
    const derivedText = async (): Promise<string> =>
      (
        await running.kdb
          .selectFrom('documentContent')
          .selectAll()
          .where('documentId', '=', plan.id)
          .executeTakeFirst()
      )?.text ?? ''
    const doc = new Y.Doc()
    const provider = connectProvider(running, plan.id, doc)
    await whenSynced(provider)
    const objectives = doc.getXmlFragment(PLAN_FRAGMENT).get(3) as Y.XmlElement
    const text = (objectives.get(0) as Y.XmlElement).get(0) as Y.XmlText
    // A keystroke every 100 ms for 2 s: never quiet for 300 ms.
    let derivedWhileTyping = false
    for (let index = 0; index < 20; index++) {
      text.insert(0, '㊀')
      await new Promise((resolve) => setTimeout(resolve, 100))
      if ((await derivedText()).includes('㊀')) derivedWhileTyping = true
    }
    expect(derivedWhileTyping).toBe(true)
    text.insert(0, '【停】')
    await vi.waitFor(async () => expect(await derivedText()).toContain('【停】'), 5000)
    provider.destroy()
  })
})
