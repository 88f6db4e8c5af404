import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { StoredDocument } from '../../server/storage/DocumentStore.ts'
import { PLAN_FRAGMENT as CONTENT_FRAGMENT } from '../../shared/editor/planSchema.ts'
import { EDITS_REFUSED_REASON, SyncMessageType } from '../../shared/protocol.ts'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../shared/protocolMessages.ts'
import { type DecodedMessage, decodeMessage } from '../helpers/protocolDecode.ts'
import { type CollabTarget, readDocument } from '../helpers/providers.ts'
import {
  createToken,
  demoPlanId,
  openRecordingSocket,
  type RecordingSocket,
  signIn,
} from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

// ---------------------------------------------------------------------------------------------
// Frames of the Yjs websocket protocol (shared/protocolMessages.ts builds them).

function messagesOf(socket: RecordingSocket): DecodedMessage[] {
  return socket.messages.map(decodeMessage)
}

/** The payloads of the sync step 2 messages the server sent (answers to our sync step 1s). */
function step2Payloads(socket: RecordingSocket): Uint8Array[] {
  return messagesOf(socket).flatMap((message) =>
    message.kind === 'sync' && message.subType === SyncMessageType.Step2 ? [message.payload] : [],
  )
}

function authMessages(socket: RecordingSocket): Array<{ subType: number; reason: string }> {
  return messagesOf(socket).flatMap((message) =>
    message.kind === 'auth' ? [{ subType: message.subType, reason: message.reason }] : [],
  )
}

/** The first sync step 1 the server sent: its state vector. */
function serverStateVector(socket: RecordingSocket): Uint8Array {
  const step1 = messagesOf(socket).find(
    (message) => message.kind === 'sync' && message.subType === SyncMessageType.Step1,
  )
  if (step1?.kind !== 'sync') throw new Error('the server has not sent sync step 1 yet')
  return step1.payload
}

/** Plain `Uint8Array` copies of the bytes storage holds (it returns Buffers), to compare. */
function copyStored(stored: StoredDocument): StoredDocument {
  return {
    snapshot: stored.snapshot ? Uint8Array.from(stored.snapshot) : null,
    updates: stored.updates.map((update) => Uint8Array.from(update)),
    lastSeq: stored.lastSeq,
  }
}

/**
 * Real, valid edits of the served document: each a Yjs update that applies cleanly to the
 * document and changes it (inserts into the plan body, deletes some of its text, adds a new
 * paragraph, a new text and a map entry), plus one sync step 2 payload that carries them all.
 */
function buildEdits(
  servedState: Uint8Array,
  serverVector: Uint8Array,
  marker: string,
): { updates: Uint8Array[]; step2: Uint8Array } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, servedState)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  // The first prose section (教材分析) after the header, and its first paragraph.
  const section = fragment.get(1)
  if (!(section instanceof Y.XmlElement)) throw new Error('the plan has no first section')
  const firstParagraph = section.get(0)
  if (!(firstParagraph instanceof Y.XmlElement)) throw new Error('the section has no paragraph')
  const paragraphTextNode = firstParagraph.get(0)
  if (!(paragraphTextNode instanceof Y.XmlText)) throw new Error('the paragraph has no text')
  paragraphTextNode.insert(0, marker)
  paragraphTextNode.delete(marker.length, 2)
  const paragraph = new Y.XmlElement('paragraph')
  const paragraphText = new Y.XmlText()
  paragraphText.insert(0, `${marker} 篡改的段落`)
  paragraph.insert(0, [paragraphText])
  fragment.insert(1, [paragraph])
  doc.getText('notes').insert(0, marker)
  doc.getMap('meta').set('title', marker)
  const step2 = Y.encodeStateAsUpdate(doc, serverVector)
  doc.destroy()
  expect(updates.length).toBe(5)
  return { updates, step2 }
}

/** Applies `updates` to a copy of `state` and returns the result (to show that they apply). */
function applyTo(state: Uint8Array, updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

function bodyOf(doc: Y.Doc): string {
  return doc.getXmlFragment(CONTENT_FRAGMENT).toString()
}

// ---------------------------------------------------------------------------------------------

describe('view-only websocket connections', () => {
  let server: TestServer
  /** A fresh reader signed in as the group lead with an API token (POST /api/tokens). */
  let reader: CollabTarget

  beforeEach(async () => {
    server = await startTestServer({ seedDemo: true })
    const lead = await signIn(server, 'demo-lead')
    const { secret } = await createToken(server, lead, 'reader')
    reader = { collabUrl: server.collabUrl, token: secret, ensureDocument: () => {} }
  })
  afterEach(async () => {
    await server.close()
  })

  /** What a fresh reader is served: `Y.encodeStateAsUpdate` of a newly synced document. */
  async function servedState(documentId: string): Promise<Uint8Array> {
    const doc = await readDocument(reader, documentId)
    const state = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return state
  }

  function registryVector(documentId: string): Uint8Array {
    const open = server.registry.get(documentId)
    if (!open) throw new Error(`document ${documentId} is not open`)
    return Y.encodeStateVector(open.ydoc)
  }

  /**
   * Signs in as `username`, opens a raw websocket with the session cookie and the server's own
   * Origin, reads the document (sync step 1 with an empty state vector) and then sends every
   * edit twice over: each update as a sync update message, and all of them as sync step 2
   * messages. A last sync step 1 is the barrier: its answer comes after every edit was handled.
   */
  async function attack(
    username: string,
    documentId: string,
    marker: string,
  ): Promise<{ socket: RecordingSocket; edits: Uint8Array[]; firstServed: Uint8Array }> {
    const session = await signIn(server, username)
    const socket = await openRecordingSocket(`${server.collabUrl}/${documentId}`, {
      cookie: session.cookie,
      origin: server.httpUrl,
    })
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    const firstServed = await vi.waitFor(() => {
      const [payload] = step2Payloads(socket)
      if (!payload) throw new Error('no sync step 2 yet')
      return payload
    }, 10_000)
    const { updates, step2 } = buildEdits(firstServed, serverStateVector(socket), marker)
    // They are real edits: applied to the served state they change the document.
    const probe = applyTo(firstServed, updates)
    expect(bodyOf(probe)).toContain(marker)
    expect(probe.getText('notes').toString()).toBe(marker)
    probe.destroy()
    const probeStep2 = applyTo(firstServed, [step2])
    expect(bodyOf(probeStep2)).toContain(marker)
    probeStep2.destroy()

    socket.ws.send(encodeSyncStep2(step2))
    for (const update of updates) socket.ws.send(encodeUpdate(update))
    socket.ws.send(encodeSyncStep2(Y.mergeUpdates(updates)))
    for (const update of updates) socket.ws.send(encodeSyncStep2(update))
    socket.ws.send(encodeUpdate(step2))
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await vi.waitFor(() => expect(step2Payloads(socket)).toHaveLength(2), 10_000)
    return { socket, edits: [step2, ...updates], firstServed }
  }

  it('a raw websocket with view-only permission sends sync-step-2 and update messages: the stored and served document does not change by one byte', async () => {
    const planId = await demoPlanId(server.kdb, 0)
    const storedBefore = copyStored(await server.store.load(planId))
    expect(storedBefore.snapshot?.byteLength).toBeGreaterThan(1000)
    const servedBefore = await servedState(planId)
    const vectorBefore = registryVector(planId)

    const { socket, firstServed } = await attack('demo-observer', planId, 'OBSERVER-EDIT')

    // The observer may read: it was served the same document as the lead.
    const reference = new Y.Doc()
    Y.applyUpdate(reference, servedBefore)
    const observed = new Y.Doc()
    Y.applyUpdate(observed, firstServed)
    expect(bodyOf(observed)).toBe(bodyOf(reference))
    expect(bodyOf(observed).length).toBeGreaterThan(1000)

    // Told once, with the permission-denied auth message (type 2, sub-type 0, a reason).
    expect(authMessages(socket)).toEqual([{ subType: 0, reason: EDITS_REFUSED_REASON }])
    // View-only is not an error: the connection stays open.
    expect(socket.isClosed).toBe(false)
    expect(socket.ws.readyState).toBe(socket.ws.OPEN)

    // Nothing reached the live document…
    expect(registryVector(planId)).toEqual(vectorBefore)
    expect(server.registry.get(planId)?.isPersisted).toBe(true)
    expect(server.registry.get(planId)?.pendingLogUpdates).toBe(0)
    // …nor what the server serves: the answer to the barrier, byte for byte…
    const [, lastServed] = step2Payloads(socket)
    expect(lastServed).toEqual(firstServed)
    // …nor what a fresh reader gets (its sync also waits for anything pending to be stored)…
    expect(await servedState(planId)).toEqual(servedBefore)
    // …nor storage.
    const storedAfter = copyStored(await server.store.load(planId))
    expect(storedAfter.snapshot).toEqual(storedBefore.snapshot)
    expect(storedAfter.updates).toEqual(storedBefore.updates)
    expect(storedAfter.lastSeq).toBe(storedBefore.lastSeq)

    // More edits later: still not applied, and not told again.
    const more = new Y.Doc()
    Y.applyUpdate(more, firstServed)
    const late: Uint8Array[] = []
    more.on('update', (update: Uint8Array) => late.push(update))
    more.getText('late').insert(0, 'still read-only')
    expect(late).toHaveLength(1)
    for (const update of late) socket.ws.send(encodeUpdate(update))
    socket.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await vi.waitFor(() => expect(step2Payloads(socket)).toHaveLength(3), 10_000)
    expect(step2Payloads(socket)[2]).toEqual(firstServed)
    expect(authMessages(socket)).toHaveLength(1)
    expect(registryVector(planId)).toEqual(vectorBefore)
    expect(socket.isClosed).toBe(false)

    socket.ws.close()
    await socket.closed
    // After the observer left: still byte-identical, served and stored.
    expect(await servedState(planId)).toEqual(servedBefore)
    const storedLast = copyStored(await server.store.load(planId))
    expect(storedLast.snapshot).toEqual(storedBefore.snapshot)
    expect(storedLast.updates).toEqual(storedBefore.updates)
  })

  it('the same messages from an editing member change the document (control)', async () => {
    const planId = await demoPlanId(server.kdb, 1)
    const storedBefore = copyStored(await server.store.load(planId))
    const servedBefore = await servedState(planId)
    const vectorBefore = registryVector(planId)

    const { socket } = await attack('demo-teacher-b', planId, 'MEMBER-EDIT')

    expect(authMessages(socket)).toEqual([])
    expect(socket.isClosed).toBe(false)
    expect(registryVector(planId)).not.toEqual(vectorBefore)
    const [firstServed, lastServed] = step2Payloads(socket)
    expect(lastServed).not.toEqual(firstServed)

    const servedAfter = await servedState(planId)
    expect(servedAfter).not.toEqual(servedBefore)
    const readerDoc = new Y.Doc()
    Y.applyUpdate(readerDoc, servedAfter)
    expect(bodyOf(readerDoc)).toContain('MEMBER-EDIT')
    expect(bodyOf(readerDoc)).toContain('MEMBER-EDIT 篡改的段落')
    expect(readerDoc.getText('notes').toString()).toBe('MEMBER-EDIT')
    expect(readerDoc.getMap('meta').get('title')).toBe('MEMBER-EDIT')

    await vi.waitFor(async () => {
      const stored = await server.store.load(planId)
      expect(stored.updates.length).toBeGreaterThan(storedBefore.updates.length)
      expect(stored.lastSeq).toBeGreaterThan(storedBefore.lastSeq)
    }, 10_000)
    const stored = await server.store.load(planId)
    const fromStorage = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(fromStorage, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(fromStorage, update)
    expect(bodyOf(fromStorage)).toBe(bodyOf(readerDoc))
    socket.ws.close()
    await socket.closed
  })
})
