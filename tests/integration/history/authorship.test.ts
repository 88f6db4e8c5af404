import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DEMO_PLANS } from '../../../server/seed/demoPlans.ts'
import { demoPlanParts } from '../../../server/seed/planContent.ts'
import { CloseCode } from '../../../shared/closeCodes.ts'
import { jsonToYDoc, yDocToJSON } from '../../../shared/editor/derive.ts'
import { planToJSON } from '../../../shared/editor/planContent.ts'
import { PLAN_PART_KEYS, partText } from '../../../shared/editor/planDiff.ts'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import type { ContributorsResponse, VersionComparison } from '../../../shared/history/versionApi.ts'
import { encodeUpdate } from '../../../shared/protocolMessages.ts'
import {
  type Account,
  ALLIANCE_PASSWORD,
  type Alliance,
  addMember,
  buildAlliance,
  insertUser,
} from '../../helpers/alliance.ts'
import { whenSynced } from '../../helpers/providers.ts'
import { cookieWebSocket, httpRequest, openRecordingSocket, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

let server: TestServer | null = null
const providers: WebsocketProvider[] = []

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy()
  await server?.close()
  server = null
})

/** A writer: who they are, and the characters only they type (so each character says who). */
interface Writer {
  name: string
  userId: string
  schoolId: string
  cookie: string
  alphabet: string
}

const ALPHABETS = ['αβγδεζηθ', 'абвгдежз', 'アイウエオカキク'] as const

/** The alliance, plus a member of group G from school C, so three schools edit docGroup. */
async function threeSchools(
  running: TestServer,
): Promise<{ alliance: Alliance; writers: Writer[] }> {
  const alliance = await buildAlliance(running)
  const username = `writer-c-${alliance.groups.G.slice(0, 6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`
  const id = await insertUser(running.kdb, {
    username,
    schoolId: alliance.schools.C,
    role: 'teacher',
    passwordHash: alliance.passwordHash,
  })
  await addMember(running.kdb, alliance.groups.G, id, 'member')
  const third = await signIn(running, username, ALLIANCE_PASSWORD)
  const of = (account: Account, alphabet: string): Writer => ({
    name: account.name,
    userId: account.id,
    schoolId: account.schoolId,
    cookie: account.cookie,
    alphabet,
  })
  const writers = [
    of(alliance.accounts.owner, ALPHABETS[0]),
    of(alliance.accounts.groupMemberOtherSchool, ALPHABETS[1]),
    {
      name: 'writerC',
      userId: id,
      schoolId: alliance.schools.C,
      cookie: third.cookie,
      alphabet: ALPHABETS[2],
    },
  ]
  return { alliance, writers }
}

/** A stock provider signed in by cookie, recording the close codes it sees. */
function connect(running: TestServer, cookie: string, documentId: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(running.collabUrl, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie, running.httpUrl) as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  })
  providers.push(provider)
  const closeCodes: number[] = []
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code)
  })
  return { provider, doc, closeCodes }
}

/** Writes a demo plan into the document on the server (content of no one in particular). */
async function writePlan(running: TestServer, documentId: string): Promise<void> {
  const plan = DEMO_PLANS[0]
  if (!plan) throw new Error('no demo plan')
  const template = Y.encodeStateAsUpdate(
    jsonToYDoc(planToJSON(demoPlanParts(plan, '王老师', '李老师'))),
  )
  await running.registry.change(documentId, (doc) => Y.applyUpdate(doc, template))
}

/** A server with the three-school alliance and a written plan, and its owner and a member. */
async function writtenPlan() {
  const running = await startTestServer()
  server = running
  const { alliance, writers } = await threeSchools(running)
  const documentId = alliance.documents.docGroup
  await writePlan(running, documentId)
  const [owner, member] = writers as [Writer, Writer, Writer]
  return { running, alliance, documentId, owner, member }
}

/** Every non-empty Y.XmlText of the plan, in document order. */
function textsOf(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = []
  const walk = (node: Y.XmlElement | Y.XmlFragment): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) out.push(child)
      else if (child instanceof Y.XmlElement && child.nodeName !== 'planHeader') walk(child)
    }
  }
  walk(doc.getXmlFragment(PLAN_FRAGMENT))
  return out
}

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One random edit: type a few of the writer's characters somewhere, or delete a few. */
function randomEdit(doc: Y.Doc, alphabet: string, next: () => number): void {
  const texts = textsOf(doc)
  const text = texts[Math.floor(next() * texts.length)]
  if (!text) return
  const at = Math.floor(next() * (text.length + 1))
  if (next() < 0.25 && text.length > 2) {
    text.delete(Math.min(at, text.length - 1), Math.min(2, text.length - at))
    return
  }
  let typed = ''
  for (let n = 1 + Math.floor(next() * 4); n > 0; n -= 1) {
    typed += alphabet.charAt(Math.floor(next() * alphabet.length))
  }
  text.insert(at, typed)
}

/** The characters of `alphabet` in every part of a plan's text. */
function countIn(doc: Y.Doc, alphabet: string): number {
  const json = yDocToJSON(doc)
  let count = 0
  for (const key of PLAN_PART_KEYS) {
    for (const char of partText(json, key)) if (alphabet.includes(char)) count += 1
  }
  return count
}

/**
 * Makes `edit` under someone else's client id, as a forging client would (the id is put back
 * afterwards only so that the provider's presence can be torn down).
 */
function forge(doc: Y.Doc, clientId: number, edit: () => void): void {
  const own = doc.clientID
  doc.clientID = clientId
  edit()
  doc.clientID = own
}

async function getJson<T>(running: TestServer, cookie: string, path: string): Promise<T> {
  const reply = await httpRequest(running, 'GET', path, { headers: { cookie } })
  expect(reply.status, reply.text).toBe(200)
  return reply.body as T
}

describe('authorship of a plan written by three schools', () => {
  it('converges, and credits every surviving character to who typed it', async () => {
    const running = await startTestServer()
    server = running
    const { alliance, writers } = await threeSchools(running)
    const documentId = alliance.documents.docGroup
    await writePlan(running, documentId)
    const version = await running.store.saveVersion(
      documentId,
      'template',
      'named',
      await running.registry.encodeState(documentId),
    )
    const seed = Number(process.env.AUTHORSHIP_SEED ?? Date.now() % 100_000)
    const next = random(seed)
    const editors = writers.map((writer) => ({
      writer,
      ...connect(running, writer.cookie, documentId),
    }))
    await Promise.all(editors.map(({ provider }) => whenSynced(provider)))
    const clientOwners = new Map(editors.map(({ writer, doc }) => [doc.clientID, writer.userId]))

    for (let round = 0; round < 40; round += 1) {
      for (const { writer, doc } of editors) {
        if (next() < 0.7) randomEdit(doc, writer.alphabet, next)
      }
      // Now and then one editor drops off, types offline, and comes back.
      const editor = editors[Math.floor(next() * editors.length)]
      if (editor && round % 10 === 5) {
        editor.provider.disconnect()
        randomEdit(editor.doc, editor.writer.alphabet, next)
        randomEdit(editor.doc, editor.writer.alphabet, next)
        editor.provider.connect()
      }
      await sleep(Math.floor(next() * 20))
    }
    await Promise.all(editors.map(({ provider }) => whenSynced(provider)))

    const reference = editors[0]?.doc as Y.Doc
    await vi.waitFor(
      async () => {
        const fragments = editors.map(({ doc }) => doc.getXmlFragment(PLAN_FRAGMENT).toString())
        const live = new Y.Doc()
        Y.applyUpdate(live, await running.registry.encodeState(documentId))
        fragments.push(live.getXmlFragment(PLAN_FRAGMENT).toString())
        expect(new Set(fragments).size, `seed ${seed}`).toBe(1)
      },
      { timeout: 15_000, interval: 100 },
    )

    // Every client id that typed is registered to its user, and to no one else.
    const registered = await running.store.loadClients(documentId)
    for (const [clientId, userId] of clientOwners) {
      expect(registered.find((row) => row.clientId === clientId)?.userId, `seed ${seed}`).toBe(
        userId,
      )
    }

    const contributors = await getJson<ContributorsResponse>(
      running,
      writers[1]?.cookie ?? '',
      `/api/documents/${documentId}/contributors`,
    )
    for (const writer of writers) {
      const expected = countIn(reference, writer.alphabet)
      const found = contributors.contributors.find((c) => c.person.id === writer.userId)
      expect(found?.characters ?? 0, `${writer.name}, seed ${seed}`).toBe(expected)
      expect(found?.person.schoolId).toBe(writer.schoolId)
      const school = contributors.schools.find((s) => s.schoolId === writer.schoolId)
      expect(school?.characters ?? 0, `seed ${seed}`).toBe(expected)
    }
    const shares = contributors.contributors.map((c) => c.characters)
    expect(shares).toEqual([...shares].sort((a, b) => b - a))
    // The template was written by nobody in particular: it counts in the total only.
    const typed = writers.reduce((sum, writer) => sum + countIn(reference, writer.alphabet), 0)
    expect(contributors.totalCharacters).toBeGreaterThan(typed)

    // Compare the live plan with a version of the template: every run names who wrote it.
    const comparison = await getJson<VersionComparison>(
      running,
      alliance.accounts.observer.cookie,
      `/api/documents/${documentId}/compare?from=${version.id}&to=live`,
    )
    const alphabetOf = new Map(writers.map((writer) => [writer.userId, writer.alphabet]))
    for (const part of comparison.parts) {
      for (const run of part.runs) {
        if (run.op !== 'insert') continue
        for (const char of run.text) {
          const owner = writers.find((writer) => writer.alphabet.includes(char))
          expect(run.authorId, `${char} in ${part.key}, seed ${seed}`).toBe(owner?.userId ?? null)
        }
      }
      for (const run of part.runs) {
        if (run.authorId === null) continue
        const alphabet = alphabetOf.get(run.authorId) ?? ''
        for (const char of run.text) expect(alphabet).toContain(char)
      }
    }
    expect(comparison.people.map((person) => person.id).sort()).toEqual(
      writers
        .filter((writer) => countIn(reference, writer.alphabet) > 0)
        .map((writer) => writer.userId)
        .sort(),
    )
  }, 60_000)
})

describe('a forged client id', () => {
  it('is refused with ForgedClient, and the edit is not kept, also after a restart', async () => {
    const first = await startTestServer()
    server = first
    const { alliance, writers } = await threeSchools(first)
    const documentId = alliance.documents.docGroup
    await writePlan(first, documentId)
    const [owner, member, third] = writers as [Writer, Writer, Writer]

    const honest = connect(first, owner.cookie, documentId)
    await whenSynced(honest.provider)
    textsOf(honest.doc)[0]?.insert(0, 'αα')
    await vi.waitFor(async () =>
      expect((await first.store.loadClients(documentId)).map((row) => row.clientId)).toContain(
        honest.doc.clientID,
      ),
    )

    // Another user re-sends the honest edits (known structs): accepted, nothing is claimed.
    const replay = connect(first, third.cookie, documentId)
    await whenSynced(replay.provider)
    const resend = await openRecordingSocket(`${first.collabUrl}/${documentId}`, {
      cookie: third.cookie,
      origin: first.httpUrl,
    })
    resend.ws.send(encodeUpdate(await first.registry.encodeState(documentId)))
    await sleep(300)
    expect(resend.isClosed).toBe(false)
    resend.ws.close()
    const owners = await first.store.loadClients(documentId)
    expect(owners.find((row) => row.clientId === honest.doc.clientID)?.userId).toBe(owner.userId)
    // The forger takes the owner's client id and types under it.
    const forger = connect(first, member.cookie, documentId)
    await whenSynced(forger.provider)
    forge(forger.doc, honest.doc.clientID, () => textsOf(forger.doc)[0]?.insert(0, 'ббб'))
    await vi.waitFor(() => expect(forger.closeCodes).toContain(CloseCode.ForgedClient), 10_000)
    await sleep(200)
    const live = new Y.Doc()
    Y.applyUpdate(live, await first.registry.encodeState(documentId))
    expect(live.getXmlFragment(PLAN_FRAGMENT).toString()).not.toContain('ббб')
    expect(textsOf(replay.doc)[0]?.toString()).not.toContain('ббб')
    expect(replay.closeCodes).toEqual([])
    forger.provider.destroy()
    honest.provider.destroy()
    replay.provider.destroy()

    const dataDir = first.dataDir
    await first.close()
    const second = await startTestServer({ dataDir })
    server = second
    const again = connect(second, member.cookie, documentId)
    await whenSynced(again.provider)
    forge(again.doc, honest.doc.clientID, () => textsOf(again.doc)[0]?.insert(0, 'ввв'))
    await vi.waitFor(() => expect(again.closeCodes).toContain(CloseCode.ForgedClient), 10_000)
    const after = new Y.Doc()
    Y.applyUpdate(after, await second.registry.encodeState(documentId))
    expect(after.getXmlFragment(PLAN_FRAGMENT).toString()).not.toContain('ввв')
    expect(after.getXmlFragment(PLAN_FRAGMENT).toString()).toContain('αα')
  }, 60_000)
})

describe('a change the server makes for a person (changeAs)', () => {
  it('is relayed to editors and credited to that person and their school', async () => {
    const { running, documentId, owner, member } = await writtenPlan()
    const editor = connect(running, owner.cookie, documentId)
    await whenSynced(editor.provider)

    await running.registry.changeAs(
      documentId,
      { userId: member.userId, schoolId: member.schoolId },
      (doc) => {
        const texts = textsOf(doc)
        texts[0]?.insert(0, 'абв')
        texts[1]?.delete(0, 1)
      },
    )
    await vi.waitFor(() => expect(textsOf(editor.doc)[0]?.toString()).toMatch(/^абв/), 10_000)
    const clients = await running.store.loadClients(documentId)
    expect(clients.filter((row) => row.userId === member.userId)).toHaveLength(1)
    const contributors = await getJson<ContributorsResponse>(
      running,
      owner.cookie,
      `/api/documents/${documentId}/contributors`,
    )
    expect(contributors.contributors).toMatchObject([
      { person: { id: member.userId }, characters: 3 },
    ])
    expect(contributors.schools).toMatchObject([{ schoolId: member.schoolId, characters: 3 }])

    // A change that writes nothing new registers no client id.
    await running.registry.changeAs(
      documentId,
      { userId: owner.userId, schoolId: owner.schoolId },
      () => undefined,
    )
    expect(await running.store.loadClients(documentId)).toHaveLength(clients.length)
  }, 30_000)
})

describe('comparing two versions', () => {
  it('marks insertions with who wrote them and deletions with who had written them', async () => {
    const { running, alliance, documentId, owner, member } = await writtenPlan()
    const as = (writer: Writer) => ({ userId: writer.userId, schoolId: writer.schoolId })
    await running.registry.changeAs(documentId, as(owner), (doc) =>
      textsOf(doc)[0]?.insert(0, 'αβγ'),
    )
    const save = async (name: string) =>
      running.store.saveVersion(
        documentId,
        name,
        'named',
        await running.registry.encodeState(documentId),
      )
    const v1 = await save('v1')
    await running.registry.changeAs(documentId, as(member), (doc) => {
      const text = textsOf(doc)[0]
      text?.delete(1, 1)
      text?.insert(0, 'абв')
    })
    const v2 = await save('v2')

    const comparison = await getJson<VersionComparison>(
      running,
      alliance.accounts.observer.cookie,
      `/api/documents/${documentId}/compare?from=${v1.id}&to=${v2.id}`,
    )
    expect(comparison).toMatchObject({ from: v1.id, to: v2.id })
    const changed = comparison.parts.filter((part) => part.status !== 'same')
    expect(changed.map((part) => part.key)).toEqual(['materialAnalysis'])
    const runs = changed[0]?.runs ?? []
    expect(runs.filter((run) => run.op === 'insert')).toEqual([
      { text: 'абв', op: 'insert', authorId: member.userId },
    ])
    expect(runs.filter((run) => run.op === 'delete')).toEqual([
      { text: 'β', op: 'delete', authorId: owner.userId },
    ])
    const v1Text = runs
      .filter((run) => run.op !== 'insert')
      .map((run) => run.text)
      .join('')
    const v2Text = runs
      .filter((run) => run.op !== 'delete')
      .map((run) => run.text)
      .join('')
    expect(v1Text.startsWith('αβγ')).toBe(true)
    expect(v2Text.startsWith('абвαγ')).toBe(true)
    expect(runs.filter((run) => run.op === 'same')[0]).toEqual({
      text: 'α',
      op: 'same',
      authorId: owner.userId,
    })
    const unchanged = comparison.parts.find((part) => part.key === 'objectives')
    expect(unchanged?.runs.every((run) => run.op === 'same' && run.authorId === null)).toBe(true)
    expect(comparison.people.map((person) => person.id).sort()).toEqual(
      [owner.userId, member.userId].sort(),
    )

    const missing = await httpRequest(
      running,
      'GET',
      `/api/documents/${documentId}/compare?from=${v1.id}&to=999999`,
      { headers: { cookie: owner.cookie } },
    )
    expect(missing.status).toBe(404)
    const invalid = await httpRequest(
      running,
      'GET',
      `/api/documents/${documentId}/compare?from=abc&to=live`,
      { headers: { cookie: owner.cookie } },
    )
    expect(invalid.status).toBe(400)
  }, 30_000)
})
