import { setTimeout as sleep } from 'node:timers/promises'
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  anchorOfRange,
  planViewOf,
  resolveAnchor,
  type TextRange,
  textOfRange,
} from '../../../shared/comments/anchors.ts'
import { encodeAnchor } from '../../../shared/comments/commentApi.ts'
import { commentsRoomOf } from '../../../shared/comments/rooms.ts'
import { type CommentAnchor, readThreads } from '../../../shared/comments/threads.ts'
import { planSchema } from '../../../shared/editor/derive.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import { whenSynced } from '../../helpers/providers.ts'
import {
  cookieWebSocket,
  demoPlanId,
  httpRequest,
  type Session,
  signIn,
} from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

/** One client: a Y.Doc on the plan room through the stock provider, signed in by cookie. */
interface Client {
  name: string
  doc: Y.Doc
  provider: WebsocketProvider
}

/** A protected stretch of one Y.XmlText: anchored characters nobody may delete or split. */
interface Protected {
  text: Y.XmlText
  from: number
  to: number
  /** The range continues before `from` (it began in an earlier paragraph). */
  openStart: boolean
  /** The range continues after `to` (it ends in a later paragraph). */
  openEnd: boolean
}

const SAMPLE = ['甲', '乙', '丙', '新', '改', 'x', 'yz', '，', '例题', ' ']

describe('comment anchors under concurrent editing', () => {
  let server: TestServer
  let planId: string
  const sessions = new Map<string, Session>()
  const opened: WebsocketProvider[] = []

  function connect(username: string, room: string, doc = new Y.Doc()): WebsocketProvider {
    const session = sessions.get(username)
    if (!session) throw new Error(`${username} is not signed in`)
    const provider = new WebsocketProvider(server.collabUrl, room, doc, {
      WebSocketPolyfill: cookieWebSocket(
        session.cookie,
        server.httpUrl,
      ) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 200,
    })
    opened.push(provider)
    return provider
  }

  /** Creates a thread through the endpoint, as `username`; returns its id. */
  async function postThread(
    username: string,
    documentId: string,
    input: { anchor: CommentAnchor; quote: string; body: string },
  ): Promise<string> {
    const session = sessions.get(username)
    if (!session) throw new Error(`${username} is not signed in`)
    const created = await httpRequest(
      server,
      'POST',
      `/api/documents/${documentId}/comments/threads`,
      {
        json: { ...input, anchor: encodeAnchor(input.anchor), mentions: [] },
        cookie: session.cookie,
        origin: server.httpUrl,
      },
    )
    if (created.status !== 201) throw new Error(`thread: HTTP ${created.status} ${created.text}`)
    return (created.body as { threadId: string }).threadId
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    planId = await demoPlanId(server.kdb, 0)
    for (const username of ['demo-lead', 'demo-teacher-a', 'demo-teacher-b']) {
      sessions.set(username, await signIn(server, username))
    }
  })
  afterAll(async () => {
    for (const provider of opened) provider.destroy()
    await server?.close()
  })

  function fragmentOf(doc: Y.Doc): Y.XmlFragment {
    return doc.getXmlFragment(PLAN_FRAGMENT)
  }

  /** The text blocks of a document with their positions and Y texts, in document order. */
  function textBlocks(doc: Y.Doc): Array<{ range: TextRange; text: string; section: string }> {
    const view = planViewOf(fragmentOf(doc), planSchema())
    const blocks: Array<{ range: TextRange; text: string; section: string }> = []
    view.doc.forEach((section, offset) => {
      section.descendants((node, pos) => {
        if (!node.isTextblock) return true
        const from = offset + 1 + pos + 1
        blocks.push({
          range: { from, to: from + node.content.size },
          text: node.textContent,
          section: section.type.name,
        })
        return false
      })
    })
    return blocks
  }

  function resolveAll(doc: Y.Doc, anchor: CommentAnchor) {
    const fragment = fragmentOf(doc)
    const view = planViewOf(fragment, planSchema())
    const state = resolveAnchor(doc, fragment, anchor, view.mapping)
    return { state, text: state.status === 'attached' ? textOfRange(view.doc, state.range) : null }
  }

  /** The Y text and index a relative position points at (null when it does not resolve). */
  function absolute(doc: Y.Doc, encoded: Uint8Array): { text: Y.XmlText; index: number } | null {
    const position = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(encoded),
      doc,
    )
    if (!position || !(position.type instanceof Y.XmlText)) return null
    return { text: position.type, index: position.index }
  }

  /** Where the anchored characters of every anchor lie in this client's current view. */
  function protectedStretches(doc: Y.Doc, anchors: CommentAnchor[]): Protected[] {
    const stretches: Protected[] = []
    for (const anchor of anchors) {
      const start = absolute(doc, anchor.start)
      const end = absolute(doc, anchor.end)
      if (!start || !end) throw new Error('an anchor stopped resolving during the run')
      if (start.text === end.text) {
        stretches.push({
          text: start.text,
          from: start.index,
          to: end.index,
          openStart: false,
          openEnd: false,
        })
      } else {
        stretches.push({
          text: start.text,
          from: start.index,
          to: start.text.length,
          openStart: false,
          openEnd: true,
        })
        stretches.push({ text: end.text, from: 0, to: end.index, openStart: true, openEnd: false })
      }
    }
    return stretches
  }

  function allTexts(doc: Y.Doc): Y.XmlText[] {
    return [...fragmentOf(doc).createTreeWalker((type) => type instanceof Y.XmlText)].filter(
      (type): type is Y.XmlText => type instanceof Y.XmlText,
    )
  }

  it('keeps every anchor on its words through 200 random concurrent edits by three clients', async () => {
    // The default seed gives lib0/prng a run that also edits right before the first anchor
    // (checked at the end); 20240607 did so with the mulberry32 generator used before.
    const seed = Number(process.env.ANCHOR_SEED ?? 20240608)
    const gen = prng.create(seed)
    const random = (): number => prng.real53(gen)
    const pick = <T>(items: readonly T[]): T => {
      const item = items[Math.floor(random() * items.length)]
      if (item === undefined) throw new Error('picked from an empty list')
      return item
    }

    const clients: Client[] = ['demo-lead', 'demo-teacher-a', 'demo-teacher-b'].map((name) => {
      const doc = new Y.Doc()
      return { name, doc, provider: connect(name, planId, doc) }
    })
    await Promise.all(clients.map((client) => whenSynced(client.provider)))
    const commentsDoc = new Y.Doc()
    const comments = connect('demo-teacher-a', commentsRoomOf(planId), commentsDoc)
    await whenSynced(comments)

    // Anchor several threads in client A's view: within paragraphs of different sections, two
    // in the same paragraph, and one spanning two paragraphs.
    const a = clients[0] as Client
    const blocks = textBlocks(a.doc).filter((block) => block.text.length >= 12)
    const bySection = new Map<string, (typeof blocks)[number]>()
    for (const block of blocks)
      if (!bySection.has(block.section)) bySection.set(block.section, block)
    const chosen = [...bySection.values()]
    expect(chosen.length).toBeGreaterThanOrEqual(5)
    const anchoredSections = new Set(chosen.slice(0, 4).map((block) => block.section))
    const ranges: TextRange[] = []
    const [b0, b1, b2, b3] = chosen
    if (!b0 || !b1 || !b2 || !b3) throw new Error('not enough blocks')
    ranges.push({ from: b0.range.from + 2, to: b0.range.from + 6 })
    ranges.push({ from: b0.range.from + 8, to: b0.range.from + 11 })
    ranges.push({ from: b1.range.from + 3, to: b1.range.to - 2 })
    ranges.push({ from: b2.range.from, to: b2.range.from + 5 })
    // Spanning: the last characters of one paragraph and the first of the next in its section.
    const next = blocks.find(
      (block) => block.range.from > b3.range.to && block.section === b3.section,
    )
    if (next) ranges.push({ from: b3.range.to - 3, to: next.range.from + 3 })
    const viewA = planViewOf(fragmentOf(a.doc), planSchema())
    for (const [index, range] of ranges.entries()) {
      await postThread('demo-lead', planId, {
        anchor: anchorOfRange(a.doc, fragmentOf(a.doc), range, viewA.mapping),
        quote: textOfRange(viewA.doc, range),
        body: `thread ${index}`,
      })
    }
    // The server wrote them; they reach the comments room over its websocket.
    await vi.waitFor(() => expect(readThreads(commentsDoc).length).toBe(ranges.length), 10_000)
    const threads = readThreads(commentsDoc)
    expect(threads).toHaveLength(ranges.length)
    const anchors = threads.map((thread) => thread.anchor as CommentAnchor)
    for (const thread of threads) {
      expect(resolveAll(a.doc, thread.anchor as CommentAnchor).text).toBe(thread.quote)
    }
    await vi.waitFor(
      () =>
        expect(
          clients.every(
            (client) =>
              resolveAll(client.doc, anchors[0] as CommentAnchor).state.status === 'attached',
          ),
        ).toBe(true),
      10_000,
    )

    const counts = {
      edgeBefore: 0,
      edgeAfter: 0,
      nearDelete: 0,
      randomInsert: 0,
      randomDelete: 0,
      paragraphs: 0,
    }
    const added: Y.XmlElement[] = []
    for (let step = 0; step < 200; step++) {
      const client = pick(clients)
      const { doc } = client
      const stretches = protectedStretches(doc, anchors)
      const roll = random()
      doc.transact(() => {
        if (roll < 0.2) {
          // Right before an anchored range (at its first character).
          const start = absolute(doc, pick(anchors).start)
          if (!start) throw new Error('anchor start lost')
          start.text.insert(start.index, pick(SAMPLE))
          counts.edgeBefore++
        } else if (roll < 0.4) {
          // Right after an anchored range (after its last character).
          const end = absolute(doc, pick(anchors).end)
          if (!end) throw new Error('anchor end lost')
          end.text.insert(end.index, pick(SAMPLE))
          counts.edgeAfter++
        } else if (roll < 0.55) {
          // Delete a few characters just outside an anchored range.
          const stretch = pick(stretches.filter((s) => !s.openStart || !s.openEnd))
          const free = (from: number, to: number): boolean =>
            from < to &&
            stretches.every((s) => s.text !== stretch.text || to <= s.from || from >= s.to)
          const length = 1 + Math.floor(random() * 3)
          if (
            !stretch.openStart &&
            free(stretch.from - length, stretch.from) &&
            stretch.from - length >= 0
          ) {
            stretch.text.delete(stretch.from - length, length)
            counts.nearDelete++
          } else if (
            !stretch.openEnd &&
            stretch.to + length <= stretch.text.length &&
            free(stretch.to, stretch.to + length)
          ) {
            stretch.text.delete(stretch.to, length)
            counts.nearDelete++
          }
        } else if (roll < 0.75) {
          // Insert anywhere that is not strictly inside an anchored range.
          const text = pick(allTexts(doc))
          const index = Math.floor(random() * (text.length + 1))
          const inside = stretches.some(
            (s) =>
              s.text === text &&
              (s.openStart ? index >= s.from : index > s.from) &&
              (s.openEnd ? index <= s.to : index < s.to),
          )
          if (!inside) {
            text.insert(index, pick(SAMPLE))
            counts.randomInsert++
          }
        } else if (roll < 0.92) {
          // Delete anywhere outside the anchored characters.
          const text = pick(allTexts(doc))
          if (text.length > 0) {
            const from = Math.floor(random() * text.length)
            const length = Math.min(text.length - from, 1 + Math.floor(random() * 4))
            const clear = stretches.every(
              (s) => s.text !== text || from + length <= s.from || from >= s.to,
            )
            if (clear) {
              text.delete(from, length)
              counts.randomDelete++
            }
          }
        } else {
          // Structure elsewhere: add a paragraph to a section without anchors, or remove one
          // added earlier (the mapping of every later anchor shifts).
          const removable = added.filter(
            (element) => element.parent !== null && !element._item?.deleted,
          )
          if (removable.length > 0 && random() < 0.4) {
            const element = pick(removable)
            const parent = element.parent as Y.XmlElement
            const index = parent.toArray().indexOf(element)
            if (index >= 0 && parent.length > 1) parent.delete(index, 1)
          } else {
            const sections = fragmentOf(doc)
              .toArray()
              .filter(
                (node): node is Y.XmlElement =>
                  node instanceof Y.XmlElement &&
                  node
                    .toArray()
                    .some(
                      (child) => child instanceof Y.XmlElement && child.nodeName === 'paragraph',
                    ) &&
                  !anchoredSections.has(node.nodeName),
              )
            if (sections.length > 0) {
              const section = pick(sections)
              const paragraph = new Y.XmlElement('paragraph')
              paragraph.insert(0, [new Y.XmlText(`补充${step}`)])
              section.insert(Math.floor(random() * (section.length + 1)), [paragraph])
              added.push(paragraph)
            }
          }
          counts.paragraphs++
        }
      })
      // Bursts of local edits are concurrent with what is still in flight; pause now and then.
      if (random() < 0.3) await sleep(Math.floor(random() * 8))
    }

    // Converged: the three documents are identical.
    await vi.waitFor(() => {
      const [first, ...rest] = clients.map((client) =>
        JSON.stringify(fragmentOf(client.doc).toJSON()),
      )
      expect(rest.every((state) => state === first)).toBe(true)
    }, 20_000)

    expect(counts.edgeBefore + counts.edgeAfter).toBeGreaterThan(50)
    expect(counts.nearDelete + counts.randomDelete).toBeGreaterThan(20)
    expect(counts.randomInsert).toBeGreaterThan(10)
    expect(counts.paragraphs).toBeGreaterThan(5)

    for (const client of clients) {
      for (const thread of threads) {
        const resolved = resolveAll(client.doc, thread.anchor as CommentAnchor)
        expect(resolved.state.status, `${client.name}, "${thread.quote}" (seed ${seed})`).toBe(
          'attached',
        )
        expect(resolved.text, `${client.name} (seed ${seed})`).toBe(thread.quote)
      }
    }
    // The edits really happened around the anchors: the text right before the first anchor changed.
    const final = resolveAll(a.doc, anchors[0] as CommentAnchor)
    expect(final.state.status).toBe('attached')
    if (final.state.status === 'attached') {
      expect(final.state.range.from).not.toBe(ranges[0]?.from)
    }
    for (const client of clients) client.provider.destroy()
    comments.destroy()
  }, 60_000)

  it('keeps a thread whose text was deleted, and reports its anchor as detached', async () => {
    const planIdB = await demoPlanId(server.kdb, 3)
    const writer = new Y.Doc()
    const other = new Y.Doc()
    const writerProvider = connect('demo-teacher-b', planIdB, writer)
    const otherProvider = connect('demo-teacher-a', planIdB, other)
    const commentsDoc = new Y.Doc()
    const commentsProvider = connect('demo-teacher-b', commentsRoomOf(planIdB), commentsDoc)
    await Promise.all([
      whenSynced(writerProvider),
      whenSynced(otherProvider),
      whenSynced(commentsProvider),
    ])

    const block = textBlocks(writer).find((candidate) => candidate.text.length >= 10)
    if (!block) throw new Error('no paragraph')
    const range = { from: block.range.from + 2, to: block.range.from + 7 }
    const view = planViewOf(fragmentOf(writer), planSchema())
    const quote = textOfRange(view.doc, range)
    const threadId = await postThread('demo-teacher-b', planIdB, {
      anchor: anchorOfRange(writer, fragmentOf(writer), range, view.mapping),
      quote,
      body: '这一句要改',
    })
    await vi.waitFor(() => expect(readThreads(commentsDoc).length).toBe(1), 10_000)
    const anchor = readThreads(commentsDoc)[0]?.anchor as CommentAnchor
    await vi.waitFor(() => expect(resolveAll(other, anchor).text).toBe(quote), 10_000)

    // Someone else deletes the sentence, with a little around it.
    const start = absolute(other, anchor.start)
    if (!start) throw new Error('anchor does not resolve')
    start.text.delete(Math.max(0, start.index - 1), quote.length + 2)
    await vi.waitFor(() => expect(resolveAll(writer, anchor).state.status).toBe('detached'), 10_000)
    expect(resolveAll(other, anchor).state).toEqual({ status: 'detached' })

    // The thread itself is still there, for everyone, with its quote.
    const reader = new Y.Doc()
    const readerProvider = connect('demo-teacher-a', commentsRoomOf(planIdB), reader)
    await whenSynced(readerProvider)
    expect(readThreads(reader).map((thread) => [thread.id, thread.quote])).toEqual([
      [threadId, quote],
    ])
    for (const provider of [writerProvider, otherProvider, commentsProvider, readerProvider]) {
      provider.destroy()
    }
  })
})
