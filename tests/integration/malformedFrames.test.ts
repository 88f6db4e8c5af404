import v8 from 'node:v8'
import vm from 'node:vm'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import { MAX_FRAME_BYTES } from '../../shared/limits.ts'
import { MessageType } from '../../shared/protocol.ts'
import {
  encodeAwareness,
  encodeAwarenessJson,
  encodeSyncMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from '../../shared/protocolMessages.ts'
import { connectProvider, readDocument, socketUrl, whenSynced } from '../helpers/providers.ts'
import {
  type CloseResult,
  sendFramesAndAwaitClose,
  upgradeRejectionStatus,
} from '../helpers/rawSocket.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

// ---------------------------------------------------------------------------------------------
// Frames, built with shared/protocolMessages.ts as shared/protocol.ts describes the protocol.

type Frame = Uint8Array | string

/** An awareness update payload announcing one client with `stateJson` (not checked). */
function awarenessPayload(clientId: number, clock: number, stateJson: string): Uint8Array {
  return encodeAwarenessJson([{ clientId, clock, json: stateJson }])
}

/** A valid sync step 1 carrying the state vector of a document that has some content. */
function validSyncStep1(): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('content').insert(0, 'some text so the state vector is not empty')
  const frame = encodeSyncStep1(Y.encodeStateVector(doc))
  doc.destroy()
  return frame
}

const SYNC_STEP_1 = validSyncStep1()
const NON_DECODABLE = new Uint8Array(16).fill(255)
const PROTOCOL_CLOSE_CODES: readonly number[] = [
  CloseCode.MalformedMessage,
  CloseCode.UnknownMessageType,
  CloseCode.InvalidUpdate,
]

/** One way of misbehaving: the frames a socket sends and the close codes that are correct. */
interface BadFrameKind {
  name: string
  frames(index: number): Frame[]
  expected: readonly number[]
}

const BAD_FRAME_KINDS: readonly BadFrameKind[] = [
  {
    name: 'text frame',
    frames: () => ['{"type":"sync"}'],
    expected: [CloseCode.UnsupportedData],
  },
  {
    name: 'empty frame',
    frames: () => [new Uint8Array(0)],
    expected: [CloseCode.MalformedMessage],
  },
  {
    name: 'truncated sync step 1',
    frames: () => [SYNC_STEP_1.subarray(0, SYNC_STEP_1.length - 2)],
    expected: [CloseCode.MalformedMessage],
  },
  {
    name: 'trailing bytes after sync step 1',
    frames: () => [Uint8Array.from([...SYNC_STEP_1, 0, 7])],
    expected: [CloseCode.MalformedMessage],
  },
  {
    name: 'pseudo-random garbage',
    frames: (index) => [prng.uint8Array(prng.create(index + 1), 8 + (index % 57))],
    expected: PROTOCOL_CLOSE_CODES,
  },
  {
    name: 'unknown message type',
    frames: () => [Uint8Array.from([99])],
    expected: [CloseCode.UnknownMessageType],
  },
  {
    name: 'unknown sync sub-type',
    frames: () => [encodeSyncMessage(7, new Uint8Array(0))],
    expected: [CloseCode.UnknownMessageType],
  },
  {
    name: 'non-decodable document update',
    frames: () => [encodeUpdate(NON_DECODABLE)],
    expected: [CloseCode.InvalidUpdate],
  },
  {
    name: 'awareness update with a state that is not JSON',
    frames: (index) => [encodeAwareness(awarenessPayload(5_000_000 + index, 1, 'not json'))],
    expected: [CloseCode.InvalidUpdate],
  },
  {
    name: 'query-awareness with trailing bytes',
    frames: () => [Uint8Array.from([MessageType.QueryAwareness, 0])],
    expected: [CloseCode.MalformedMessage],
  },
  {
    name: 'valid sync step 1 and awareness, then a non-decodable update',
    frames: (index) => [
      SYNC_STEP_1,
      encodeAwareness(awarenessPayload(7_000_000 + index, 1, '{"user":{"name":"intruder"}}')),
      encodeUpdate(NON_DECODABLE),
    ],
    expected: [CloseCode.InvalidUpdate],
  },
]

// ---------------------------------------------------------------------------------------------

let server: TestServer | null = null
const providers: WebsocketProvider[] = []

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy()
  await server?.close()
  server = null
})

async function start(unloadGraceMs?: number): Promise<TestServer> {
  server = await startTestServer(unloadGraceMs === undefined ? {} : { unloadGraceMs })
  return server
}

async function send(
  running: TestServer,
  documentId: string,
  frames: Frame[],
): Promise<CloseResult> {
  return sendFramesAndAwaitClose(await socketUrl(running, documentId), frames)
}

describe('malformed frames on the collaboration endpoint', () => {
  it('closes a connection that sends a text frame with UnsupportedData (1003)', async () => {
    const running = await start()

    const result = await send(running, 'text-frame', ['hello'])

    expect(result.code).toBe(CloseCode.UnsupportedData)
  })

  it('closes a connection that sends an empty binary frame with MalformedMessage', async () => {
    const running = await start()

    const result = await send(running, 'empty-frame', [new Uint8Array(0)])

    expect(result.code).toBe(CloseCode.MalformedMessage)
  })

  it('closes a connection that sends a sync step 1 with its last bytes cut off with MalformedMessage', async () => {
    const running = await start()
    for (const cut of [1, 2]) {
      const truncated = SYNC_STEP_1.subarray(0, SYNC_STEP_1.length - cut)

      const result = await send(running, `truncated-${cut}`, [truncated])

      expect(result.code).toBe(CloseCode.MalformedMessage)
    }
    // Only the header survives: the payload length is missing altogether.
    expect((await send(running, 'truncated-header', [SYNC_STEP_1.subarray(0, 2)])).code).toBe(
      CloseCode.MalformedMessage,
    )
  })

  it('closes a connection that sends trailing bytes after a valid message with MalformedMessage', async () => {
    const running = await start()
    const withTrailing = Uint8Array.from([...SYNC_STEP_1, 0])
    const queryWithTrailing = Uint8Array.from([MessageType.QueryAwareness, 1])

    expect((await send(running, 'trailing-sync', [withTrailing])).code).toBe(
      CloseCode.MalformedMessage,
    )
    expect((await send(running, 'trailing-query', [queryWithTrailing])).code).toBe(
      CloseCode.MalformedMessage,
    )
  })

  it('closes connections that send pseudo-random garbage with a protocol close code', async () => {
    const running = await start()
    const codes: number[] = []
    for (let seed = 1; seed <= 40; seed++) {
      const garbage = prng.uint8Array(prng.create(seed), 4 + seed * 3)
      const result = await send(running, `garbage-${seed}`, [garbage])
      codes.push(result.code)
    }

    expect(codes.filter((code) => !PROTOCOL_CLOSE_CODES.includes(code))).toEqual([])
  })

  it('closes a connection that sends an unknown message type with UnknownMessageType', async () => {
    const running = await start()
    const type99 = encoding.createEncoder()
    encoding.writeVarUint(type99, 99)

    const result = await send(running, 'unknown-type', [encoding.toUint8Array(type99)])

    expect(result.code).toBe(CloseCode.UnknownMessageType)
  })

  it('closes a connection that sends an unknown sync sub-type with UnknownMessageType', async () => {
    const running = await start()

    const result = await send(running, 'unknown-subtype', [encodeSyncMessage(3, SYNC_STEP_1)])

    expect(result.code).toBe(CloseCode.UnknownMessageType)
  })

  it('closes a connection whose sync update payload is not a decodable update with InvalidUpdate', async () => {
    const running = await start()

    const update = await send(running, 'bad-update', [encodeUpdate(NON_DECODABLE)])
    const step2 = await send(running, 'bad-step2', [encodeSyncStep2(NON_DECODABLE)])

    expect(update.code).toBe(CloseCode.InvalidUpdate)
    expect(step2.code).toBe(CloseCode.InvalidUpdate)
    const document = running.registry.get('bad-update')
    expect(document).toBeDefined()
    expect(document?.ydoc.store.clients.size).toBe(0)
  })

  it('closes a connection whose awareness payload cannot be decoded with InvalidUpdate', async () => {
    const running = await start()
    // The frame itself is well formed; the awareness update inside it is not.
    const notJson = encodeAwareness(awarenessPayload(424242, 1, 'not json'))
    const cutShort = encodeAwareness(Uint8Array.from([1, 5]))
    const outOfRange = encodeAwareness(NON_DECODABLE)

    const codes = [
      (await send(running, 'bad-awareness', [notJson])).code,
      (await send(running, 'bad-awareness', [cutShort])).code,
      (await send(running, 'bad-awareness', [outOfRange])).code,
    ]

    expect(codes).toEqual([
      CloseCode.InvalidUpdate,
      CloseCode.InvalidUpdate,
      CloseCode.InvalidUpdate,
    ])
    const document = running.registry.get('bad-awareness')
    expect(document).toBeDefined()
    expect(document?.awareness.getStates().size).toBe(0)
  })

  it('survives an invalid update whose error message is longer than a close frame allows', async () => {
    const running = await start()
    // The JSON error V8 reports for this state quotes the multi-byte text and runs past the
    // 123 bytes a close reason may hold; putting it in the reason used to throw in `ws`.
    const longError = encodeAwareness(
      awarenessPayload(12345, 1, `{"${'\u0800'.repeat(20)}": ${'\u0800'.repeat(24)}`),
    )

    const result = await send(running, 'long-reason', [longError])

    expect(result.code).toBe(CloseCode.InvalidUpdate)
    expect(Buffer.byteLength(result.reason)).toBeLessThanOrEqual(123)
    const health = await fetch(`${running.httpUrl}/api/health`)
    expect(await health.json()).toMatchObject({ ok: true })
  })

  it('rejects an update with a corrupt delete section as a whole, applying none of it', async () => {
    const running = await start()
    const source = new Y.Doc()
    source.getText('content').insert(0, 'smuggled')
    const valid = Y.encodeStateAsUpdate(source)
    // An update is its structs followed by the delete set; corrupt only the delete set.
    const corrupt = Uint8Array.from([...valid.slice(0, valid.length - 1), 0xff, 0xff, 0xff, 0xff])

    const result = await send(running, 'smuggle', [encodeUpdate(corrupt)])

    expect(result.code).toBe(CloseCode.InvalidUpdate)
    const reader = await readDocument(running, 'smuggle')
    expect(reader.getText('content').toString()).toBe('')
  })

  it('rejects an awareness update with one bad entry as a whole, leaving no state behind', async () => {
    const running = await start()
    const halfBad = encodeAwarenessJson([
      { clientId: 777, clock: 1, json: '{"user":{"name":"ghost"}}' },
      { clientId: 778, clock: 1, json: 'not json' },
    ])

    const result = await send(running, 'half-awareness', [encodeAwareness(halfBad)])

    expect(result.code).toBe(CloseCode.InvalidUpdate)
    expect(running.registry.get('half-awareness')?.awareness.getStates().size).toBe(0)
  })

  it('closes a connection that sends a frame larger than MAX_FRAME_BYTES with MessageTooBig (1009)', async () => {
    const running = await start()
    const oversized = new Uint8Array(MAX_FRAME_BYTES + 1)

    const result = await send(running, 'too-big', [oversized])

    expect(result.code).toBe(CloseCode.MessageTooBig)
  })

  it('refuses the upgrade with HTTP 400 when the document id in the URL is invalid', async () => {
    const running = await start()

    expect(await upgradeRejectionStatus(`${running.collabUrl}/bad%20id`)).toBe(400)
    expect(await upgradeRejectionStatus(`${running.collabUrl}/${'a'.repeat(129)}`)).toBe(400)
    expect(await upgradeRejectionStatus(`${running.collabUrl}/%E0%A4%A`)).toBe(400)
    expect(running.endpoint.clientCount).toBe(0)
    expect(running.registry.size).toBe(0)
  })
})

// ---------------------------------------------------------------------------------------------
// Soak: many misbehaving sockets next to well-behaved clients.

/** A frame one byte over the limit, shared by every socket that sends one. */
const OVERSIZED_FRAME = new Uint8Array(MAX_FRAME_BYTES + 1)
const OVERSIZED: BadFrameKind = {
  name: 'frame larger than MAX_FRAME_BYTES',
  frames: () => [OVERSIZED_FRAME],
  expected: [CloseCode.MessageTooBig],
}

/** What happened to one misbehaving socket. */
interface BadSocketOutcome {
  index: number
  kind: string
  documentId: string
  code: number
  expected: readonly number[]
  error?: string
}

/**
 * Opens `count` misbehaving sockets, `concurrency` at a time. Socket `i` sends the frames of kind
 * `i mod kinds` (every 250th sends an oversized frame instead), to `sharedId` when `i` is even
 * and to a document of its own otherwise.
 */
async function runBadSockets(
  running: TestServer,
  sharedId: string,
  first: number,
  count: number,
  concurrency = 20,
): Promise<BadSocketOutcome[]> {
  const outcomes: BadSocketOutcome[] = []
  let next = first
  const worker = async (): Promise<void> => {
    while (next < first + count) {
      const index = next++
      const kind =
        index % 250 === 125
          ? OVERSIZED
          : (BAD_FRAME_KINDS[index % BAD_FRAME_KINDS.length] as BadFrameKind)
      const documentId = index % 2 === 0 ? sharedId : `junk-${index}`
      const outcome: BadSocketOutcome = {
        index,
        kind: kind.name,
        documentId,
        code: -1,
        expected: kind.expected,
      }
      try {
        outcome.code = (await send(running, documentId, kind.frames(index))).code
      } catch (error) {
        outcome.error = error instanceof Error ? error.message : String(error)
      }
      outcomes.push(outcome)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return outcomes
}

/**
 * vitest's workers do not run with `--expose-gc`, so `global.gc` is missing. The flag can still
 * be switched on at runtime: V8 then installs `gc` in every context created afterwards, and a
 * fresh `vm` context hands the function over. It collects the whole isolate, not only that
 * context.
 */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc')
  const candidate: unknown = vm.runInNewContext('gc')
  if (typeof candidate !== 'function') throw new Error('could not obtain gc() from V8')
  return candidate as () => void
}

/** heapUsed after full collections, with a few turns in between for weak callbacks to run. */
async function heapUsedAfterGc(gc: () => void): Promise<number> {
  for (let round = 0; round < 3; round++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  gc()
  return process.memoryUsage().heapUsed
}

const MB = 1024 * 1024
/**
 * Allowed growth of heapUsed over the baseline. Measured: after the flood heapUsed is 0.6–1.2 MB
 * above the baseline (the typed text, awareness metadata, this test's own bookkeeping), and
 * stays there over 5,000 sockets. Retaining only the server's `ws` object of each of the 1,000
 * sockets adds about 4.5 MB, so 3 MB catches that while leaving room for noise.
 */
const HEAP_TOLERANCE_BYTES = 3 * MB

describe('the collaboration endpoint under a flood of malformed frames', () => {
  it('1,000 malformed frames from several sockets leave the server up, a well-behaved client syncing and memory at its baseline', async () => {
    const running = await start(200)
    const gc = exposeGc()
    const sharedId = 'shared-lesson'
    const writerDoc = new Y.Doc()
    const observerDoc = new Y.Doc()
    const writer = connectProvider(running, sharedId, writerDoc)
    const observer = connectProvider(running, sharedId, observerDoc)
    providers.push(writer, observer)
    // A fresh provider's initial awareness state has clock 0, which peers ignore; real clients
    // set their user, which announces them.
    writer.awareness.setLocalStateField('user', { name: 'writer' })
    observer.awareness.setLocalStateField('user', { name: 'observer' })
    const disconnects: string[] = []
    writer.on('connection-close', () => disconnects.push('writer'))
    observer.on('connection-close', () => disconnects.push('observer'))
    await Promise.all([whenSynced(writer), whenSynced(observer)])

    const writerText = writerDoc.getText('content')
    const typed: string[] = []
    const typing = setInterval(() => {
      const chunk = `${typed.length};`
      writerText.insert(writerText.length, chunk)
      typed.push(chunk)
    }, 3)

    const backToNormal = async (): Promise<void> => {
      await vi.waitFor(() => {
        expect(running.registry.size).toBe(1)
        expect(running.endpoint.clientCount).toBe(2)
        const shared = running.registry.get(sharedId)
        expect(shared?.connections.size).toBe(2)
        expect(shared?.awareness.getStates().size).toBe(2)
        expect(observer.awareness.getStates().size).toBe(2)
      }, 15_000)
    }

    let outcomes: BadSocketOutcome[]
    let baseline: number
    let floodMs: number
    try {
      // Warm-up: one-time allocations (code, pools, lazily built state) land before the baseline.
      const warmup = await runBadSockets(running, sharedId, 0, 250)
      expect(warmup.filter((outcome) => !outcome.expected.includes(outcome.code))).toEqual([])
      await backToNormal()
      baseline = await heapUsedAfterGc(gc)

      const floodStart = performance.now()
      outcomes = await runBadSockets(running, sharedId, 1_000, 1_000)
      floodMs = performance.now() - floodStart
    } finally {
      clearInterval(typing)
    }

    expect(outcomes).toHaveLength(1_000)
    expect(outcomes.filter((outcome) => !outcome.expected.includes(outcome.code))).toEqual([])
    expect(new Set(outcomes.map((outcome) => outcome.kind)).size).toBe(BAD_FRAME_KINDS.length + 1)
    expect(outcomes.filter((outcome) => outcome.documentId === sharedId)).toHaveLength(500)

    const expectedText = typed.join('')
    expect(typed.length).toBeGreaterThan(50)
    await vi.waitFor(() => {
      expect(writerText.toString()).toBe(expectedText)
      expect(observerDoc.getText('content').toString()).toBe(expectedText)
      expect(running.registry.get(sharedId)?.ydoc.getText('content').toString()).toBe(expectedText)
    }, 15_000)
    expect(disconnects).toEqual([])

    const health = await fetch(`${running.httpUrl}/api/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })

    await backToNormal()
    let heapUsed = 0
    await vi.waitFor(
      async () => {
        heapUsed = await heapUsedAfterGc(gc)
        expect(heapUsed).toBeLessThanOrEqual(baseline + HEAP_TOLERANCE_BYTES)
      },
      { timeout: 10_000, interval: 200 },
    )
    const codes: Record<number, number> = {}
    for (const outcome of outcomes) codes[outcome.code] = (codes[outcome.code] ?? 0) + 1
    console.info(
      `flood of 1,000 sockets took ${Math.round(floodMs)} ms; close codes ${JSON.stringify(codes)}; ` +
        `${typed.length} edits; heapUsed baseline ${(baseline / MB).toFixed(2)} MB, after ` +
        `${(heapUsed / MB).toFixed(2)} MB (${((heapUsed - baseline) / MB).toFixed(2)} MB)`,
    )

    const fresh = await readDocument(running, sharedId)
    expect(fresh.getText('content').toString()).toBe(expectedText)
  })
})
