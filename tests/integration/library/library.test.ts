import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { loadState } from '../../../server/storage/loadState.ts'
import { yDocToJSON } from '../../../shared/editor/derive.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { demoPlanId, httpRequest, type Session, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** The first text node of a Yjs XML tree, depth first. */
function firstText(node: Y.XmlElement): Y.XmlText | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) return child
    if (child instanceof Y.XmlElement) {
      const found = firstText(child)
      if (found) return found
    }
  }
  return null
}

interface EntrySummary {
  id: string
  title: string
  rating: number | null
  reviewCount: number
  adaptations: number
  latestVersion: number
  schoolName: string
  authors: Array<{ name: string; school: string }>
}

describe('the shared library', () => {
  let server: TestServer
  const sessions = new Map<string, Session>()
  const as = async (username: string): Promise<Session> => {
    let session = sessions.get(username)
    if (!session) {
      session = await signIn(server, username)
      sessions.set(username, session)
    }
    return session
  }
  const call = async (username: string | null, method: string, path: string, json?: unknown) => {
    const session = username ? await as(username) : undefined
    return httpRequest(server, method, path, {
      json,
      ...(session ? { cookie: session.cookie } : {}),
      origin: server.httpUrl,
    })
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('holds the seeded school plans: at least 20 entries from all three schools', async () => {
    const result = await call('demo-outsider', 'GET', '/api/library?limit=100')
    expect(result.status).toBe(200)
    const items = (result.body as { items: EntrySummary[] }).items
    expect(items.length).toBeGreaterThanOrEqual(20)
    expect(new Set(items.map((item) => item.schoolName)).size).toBe(3)
    expect(items.every((item) => item.authors.length > 0)).toBe(true)
  })

  it('lets only the group lead publish the group plan, and only once it is final', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    expect(
      (await call('demo-teacher-a', 'POST', '/api/library', { documentId: planId })).status,
    ).toBe(403)
    expect(
      (await call('demo-outsider', 'POST', '/api/library', { documentId: planId })).status,
    ).toBe(403)
    expect((await call(null, 'POST', '/api/library', { documentId: planId })).status).toBe(401)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'discussion' })
      .where('id', '=', planId)
      .execute()
    const notFinal = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(notFinal.status).toBe(409)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', planId)
      .execute()
    const published = await call('demo-lead', 'POST', '/api/library', {
      documentId: planId,
      keywords: ['有理数', '分类'],
    })
    expect(published.status).toBe(201)
    expect(published.body).toMatchObject({ version: 1 })
  })

  it('finds the published plan by a two-character Chinese word, with a highlighted snippet', async () => {
    const result = await call(
      'demo-outsider',
      'GET',
      `/api/library/search?q=${encodeURIComponent('分数')}`,
    )
    expect(result.status).toBe(200)
    const items = (result.body as { items: Array<EntrySummary & { snippet: string }> }).items
    expect(items.some((item) => item.title === '有理数的概念与分类')).toBe(true)
    expect(items.some((item) => item.title === '分数的意义')).toBe(true)
    expect(items.every((item) => /<mark>/.test(item.snippet) || item.snippet === '')).toBe(true)
    const narrowed = await call(
      'demo-outsider',
      'GET',
      `/api/library/search?q=${encodeURIComponent('分数 意义')}`,
    )
    const narrowItems = (narrowed.body as { items: EntrySummary[] }).items
    expect(narrowItems.length).toBeGreaterThan(0)
    expect(narrowItems.length).toBeLessThanOrEqual(items.length)
    const tooLong = await call('demo-outsider', 'GET', `/api/library/search?q=${'数'.repeat(1000)}`)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body).toMatchObject({ ok: false })
  })

  it('shows an entry with its text and versions, and counts views', async () => {
    const entryId = await entryIdByTitle('有理数的概念与分类')
    const first = await call('demo-outsider', 'GET', `/api/library/${entryId}`)
    expect(first.status).toBe(200)
    const body = first.body as { text: string; versions: unknown[]; entry: { viewCount: number } }
    expect(body.text).toContain('教学目标')
    expect(body.versions).toHaveLength(1)
    const second = await call('demo-outsider', 'GET', `/api/library/${entryId}`)
    expect((second.body as { entry: { viewCount: number } }).entry.viewCount).toBe(
      body.entry.viewCount + 1,
    )
    expect((await call('demo-outsider', 'GET', '/api/library/no-such-entry')).status).toBe(404)
  })

  it('keeps one review per teacher, editable by its author, with the reviewer’s school', async () => {
    const entryId = await entryIdByTitle('有理数的概念与分类')
    expect(
      (
        await call('demo-outsider', 'PUT', `/api/library/${entryId}/review`, {
          stars: 4,
          comment: '分类讲得清楚',
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await call('demo-outsider', 'PUT', `/api/library/${entryId}/review`, {
          stars: 5,
          comment: '修改后：非常实用',
        })
      ).status,
    ).toBe(200)
    expect(
      (await call('demo-teacher-c', 'PUT', `/api/library/${entryId}/review`, { stars: 3 })).status,
    ).toBe(200)
    expect(
      (await call('demo-outsider', 'PUT', `/api/library/${entryId}/review`, { stars: 6 })).status,
    ).toBe(400)
    const entry = await call('demo-outsider', 'GET', `/api/library/${entryId}`)
    const reviews = (
      entry.body as { reviews: Array<{ reviewer: string; school: string; stars: number }> }
    ).reviews
    expect(reviews).toHaveLength(2)
    expect(reviews.find((review) => review.reviewer === '赵丽')).toMatchObject({
      stars: 5,
      school: '河西乡中心学校',
    })
    expect((entry.body as { entry: { rating: number } }).entry.rating).toBe(4)
  })

  it('adapts an entry into an editable plan in the adapter’s own school, linked to the entry', async () => {
    const entryId = await entryIdByTitle('有理数的概念与分类')
    const adapted = await call('demo-outsider', 'POST', `/api/library/${entryId}/adapt`)
    expect(adapted.status).toBe(201)
    const id = (adapted.body as { id: string }).id
    const document = await call('demo-outsider', 'GET', `/api/documents/${id}`)
    expect(document.body).toMatchObject({ document: { permission: 'edit', status: 'draft' } })
    const row = await server.kdb
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    expect(row?.adaptedFromEntryId).toBe(entryId)
    expect(row?.schoolId).not.toBe(
      (
        await server.kdb
          .selectFrom('documents')
          .selectAll()
          .where('id', '=', await demoPlanId(server.kdb, 0))
          .executeTakeFirst()
      )?.schoolId,
    )
    expect((await loadState(server.store, id)).byteLength).toBeGreaterThan(100)
    const entry = await call('demo-teacher-b', 'GET', `/api/library/${entryId}`)
    expect((entry.body as { entry: { adaptations: number } }).entry.adaptations).toBe(1)
  })

  it('republishes a newer version while keeping the older one readable', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const republished = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(republished.body).toMatchObject({ version: 2 })
    const entryId = (republished.body as { entryId: string }).entryId
    const entry = await call('demo-outsider', 'GET', `/api/library/${entryId}`)
    expect(
      (entry.body as { versions: Array<{ version: number }> }).versions.map((v) => v.version),
    ).toEqual([2, 1])
    expect((await call('demo-outsider', 'GET', `/api/library/${entryId}/versions/1`)).status).toBe(
      200,
    )
  })

  it('shows provenance on both sides and offers the newer version to the adapted plan', async () => {
    const entryId = await entryIdByTitle('有理数的概念与分类')
    const mine = await call('demo-outsider', 'GET', '/api/documents?mine=true&kind=lesson_plan')
    const adapted = (mine.body as { items: Array<{ id: string; title: string }> }).items.find(
      (item) => item.title === '有理数的概念与分类',
    )
    if (!adapted) throw new Error('the adapted plan is not listed')
    const provenance = await call('demo-outsider', 'GET', `/api/documents/${adapted.id}/provenance`)
    expect(provenance.status).toBe(200)
    expect(provenance.body).toMatchObject({
      provenance: {
        entryId,
        adaptedVersion: 1,
        latestVersion: 2,
        newerVersionAvailable: true,
        schoolName: '城关第一中学',
      },
    })
    // A private adaptation is nobody else's business.
    expect(
      (await call('demo-teacher-b', 'GET', `/api/documents/${adapted.id}/provenance`)).status,
    ).toBe(403)
    const own = await call(
      'demo-lead',
      'GET',
      `/api/documents/${await demoPlanId(server.kdb, 0)}/provenance`,
    )
    expect(own.body).toMatchObject({ provenance: null })
    const entry = await call('demo-teacher-b', 'GET', `/api/library/${entryId}`)
    expect((entry.body as { adaptedBy: unknown }).adaptedBy).toEqual([
      { schoolName: '河西乡中心学校', count: 1 },
    ])
  })

  it('brings a newer library version into an adapted plan without losing the teacher’s edits', async () => {
    const entryId = await entryIdByTitle('有理数的概念与分类')
    const planId = await demoPlanId(server.kdb, 0)
    const mine = await call('demo-outsider', 'GET', '/api/documents?mine=true&kind=lesson_plan')
    const adapted = (mine.body as { items: Array<{ id: string; title: string }> }).items.find(
      (item) => item.title === '有理数的概念与分类',
    )
    if (!adapted) throw new Error('the adapted plan is not listed')
    // The teacher adapts the homework; the group revises the key points and republishes.
    await typeInSection(adapted.id, 'homework', '【分层作业：我的班】')
    await typeInSection(planId, 'keyPoints', '【组内修订的重点】')
    const republished = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(republished.body).toMatchObject({ version: 3 })

    const compared = await call('demo-outsider', 'GET', `/api/documents/${adapted.id}/comparison`)
    expect(compared.status).toBe(200)
    const comparison = compared.body as {
      source: string
      newerAvailable: boolean
      merge: Array<{ key: string; decision: string }>
    }
    expect(comparison).toMatchObject({
      source: 'library',
      upstreamId: entryId,
      newerAvailable: true,
    })
    const decisions = Object.fromEntries(comparison.merge.map((part) => [part.key, part.decision]))
    expect(decisions).toMatchObject({ keyPoints: 'take_theirs', homework: 'mine_only' })

    expect(
      (
        await call('demo-teacher-b', 'POST', `/api/documents/${adapted.id}/bring-in`, {
          sections: [],
        })
      ).status,
    ).toBe(403)
    const brought = await call('demo-outsider', 'POST', `/api/documents/${adapted.id}/bring-in`, {
      sections: [],
    })
    expect(brought.status).toBe(200)
    expect((brought.body as { taken: string[] }).taken).toEqual(['keyPoints'])
    const text = JSON.stringify(yDocToJSON(await stateDoc(adapted.id)))
    expect(text).toContain('【组内修订的重点】')
    expect(text).toContain('【分层作业：我的班】')
    const provenance = await call('demo-outsider', 'GET', `/api/documents/${adapted.id}/provenance`)
    expect(provenance.body).toMatchObject({
      provenance: { adaptedVersion: 3, newerVersionAvailable: false },
    })
    const again = await call('demo-outsider', 'POST', `/api/documents/${adapted.id}/bring-in`, {
      sections: [],
    })
    expect(again.status).toBe(409)
  })

  it('lets only the publisher or the alliance admin withdraw an entry, which then disappears', async () => {
    const entryId = await entryIdByTitle('分数的意义')
    expect(
      (await call('demo-outsider', 'POST', `/api/library/${entryId}/withdraw`, { reason: '测试' }))
        .status,
    ).toBe(403)
    expect(
      (
        await call('demo-admin', 'POST', `/api/library/${entryId}/withdraw`, {
          reason: '内容需要修订',
        })
      ).status,
    ).toBe(200)
    expect((await call('demo-outsider', 'GET', `/api/library/${entryId}`)).status).toBe(404)
    const search = await call(
      'demo-outsider',
      'GET',
      `/api/library/search?q=${encodeURIComponent('分数的意义')}`,
    )
    expect(
      (search.body as { items: EntrySummary[] }).items.some((item) => item.id === entryId),
    ).toBe(false)
  })

  it('credits the people who wrote the plan as its authors, most first', async () => {
    const planId = await demoPlanId(server.kdb, 1)
    const writers = [await as('demo-teacher-b'), await as('demo-teacher-a')]
    const people = await server.kdb
      .selectFrom('users')
      .innerJoin('schools', 'schools.id', 'users.schoolId')
      .select(['users.id', 'users.displayName', 'users.schoolId', 'schools.name'])
      .where(
        'users.id',
        'in',
        writers.map((writer) => writer.userId),
      )
      .execute()
    const person = (userId: string) => {
      const found = people.find((row) => row.id === userId)
      if (!found) throw new Error('no such user')
      return found
    }
    const [b, a] = writers.map((writer) => person(writer.userId)) as [
      (typeof people)[number],
      (typeof people)[number],
    ]
    await typeAs(planId, 'homework', '【乙老师写了更长的一段】', b)
    await typeAs(planId, 'keyPoints', '【甲老师】', a)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('id', '=', planId)
      .execute()
    const published = await call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(published.status).toBe(201)
    const entryId = (published.body as { entryId: string }).entryId
    const entry = await call('demo-outsider', 'GET', `/api/library?limit=100`)
    const item = (entry.body as { items: EntrySummary[] }).items.find((it) => it.id === entryId)
    expect(item?.authors).toEqual([
      { name: b.displayName, school: b.name },
      { name: a.displayName, school: a.name },
    ])
  })

  /** Types text at the start of a section of a plan as one person (changeAs). */
  async function typeAs(
    documentId: string,
    node: string,
    text: string,
    person: { id: string; schoolId: string },
  ): Promise<void> {
    await server.registry.changeAs(
      documentId,
      { userId: person.id, schoolId: person.schoolId },
      (doc) => {
        const section = doc
          .getXmlFragment(PLAN_FRAGMENT)
          .toArray()
          .find((child) => child instanceof Y.XmlElement && child.nodeName === node)
        const target = section instanceof Y.XmlElement ? firstText(section) : null
        if (!target) throw new Error(`no text in section ${node}`)
        target.insert(0, text)
      },
    )
  }

  /** Types text at the start of a section of a plan, through the server's registry. */
  async function typeInSection(documentId: string, node: string, text: string): Promise<void> {
    await server.registry.change(documentId, (doc) => {
      const section = doc
        .getXmlFragment(PLAN_FRAGMENT)
        .toArray()
        .find((child) => child instanceof Y.XmlElement && child.nodeName === node)
      const target = section instanceof Y.XmlElement ? firstText(section) : null
      if (!target) throw new Error(`no text in section ${node}`)
      target.insert(0, text)
    })
  }

  async function stateDoc(documentId: string): Promise<Y.Doc> {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, await server.registry.encodeState(documentId))
    return doc
  }

  async function entryIdByTitle(title: string): Promise<string> {
    const result = await call('demo-outsider', 'GET', '/api/library?limit=100')
    const entry = (result.body as { items: EntrySummary[] }).items.find(
      (item) => item.title === title,
    )
    if (!entry) throw new Error(`no library entry titled ${title}`)
    return entry.id
  }
})
