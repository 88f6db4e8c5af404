import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/closeCodes.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { whenSynced } from '../helpers/providers.ts'
import { cookieWebSocket, type Session } from '../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

let server: TestServer | null = null
const providers: WebsocketProvider[] = []

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy()
  await server?.close()
  server = null
})

/** A stock provider signed in by cookie, like the browser's; records the close codes it sees. */
function editorOf(
  running: TestServer,
  session: Session,
  documentId: string,
  doc = new Y.Doc(),
): { provider: WebsocketProvider; closeCodes: number[] } {
  const provider = new WebsocketProvider(running.collabUrl, documentId, doc, {
    WebSocketPolyfill: cookieWebSocket(
      session.cookie,
      running.httpUrl,
    ) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  })
  providers.push(provider)
  const closeCodes: number[] = []
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code)
  })
  return { provider, closeCodes }
}

/** The plan's text as a fresh client reads it from the server. */
async function serverText(running: TestServer, session: Session, documentId: string) {
  const { provider } = editorOf(running, session, documentId)
  await whenSynced(provider)
  const text = provider.doc.getText('notes').toString()
  provider.destroy()
  return text
}

describe('edits made while a plan was read-only (after sign-off)', () => {
  it('are refused, recorded, and never merged when the lead reopens the plan', async () => {
    const running = await startTestServer({ seedDemo: true })
    server = running
    const api = new DemoCaller(running)
    const { planId } = await api.taskWithPlan('定稿后的修改')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)

    const member = await api.session('demo-teacher-b')
    const { provider, closeCodes } = editorOf(running, member, planId)
    await whenSynced(provider)
    const notes = provider.doc.getText('notes')
    notes.insert(0, '研讨中的补充。')
    await vi.waitFor(
      async () => expect(await serverText(running, member, planId)).toBe('研讨中的补充。'),
      10_000,
    )

    // The lead signs off: the member's connection learns it at once and comes back read-only.
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    await vi.waitFor(() => expect(closeCodes).toContain(CloseCode.AccessChanged), 10_000)
    await whenSynced(provider)
    notes.insert(notes.length, '定稿后偷偷改的。')
    await sleep(300)
    expect(await serverText(running, member, planId)).toBe('研讨中的补充。')
    const refused = await running.store.loadRefused(planId)
    expect(refused).toEqual([{ clientId: provider.doc.clientID, fromClock: expect.any(Number) }])

    // Reopened: the same tab reconnects as an editor and offers its refused edits again.
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    await vi.waitFor(() => expect(closeCodes).toContain(CloseCode.RefusedEdits), 10_000)
    await sleep(300)
    expect(await serverText(running, member, planId)).toBe('研讨中的补充。')

    // A fresh client of the same member edits normally.
    const fresh = editorOf(running, member, planId)
    await whenSynced(fresh.provider)
    fresh.provider.doc.getText('notes').insert(0, '重新打开后：')
    await vi.waitFor(
      async () =>
        expect(await serverText(running, member, planId)).toBe('重新打开后：研讨中的补充。'),
      10_000,
    )
  })

  it('stay refused after a restart (the refusal is stored)', async () => {
    const first = await startTestServer({ seedDemo: true })
    server = first
    const api = new DemoCaller(first)
    const { planId } = await api.taskWithPlan('重启后仍拒绝')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const member = await api.session('demo-teacher-b')
    const doc = new Y.Doc()
    const { provider } = editorOf(first, member, planId, doc)
    await whenSynced(provider)
    doc.getText('notes').insert(0, '只读时写的')
    await vi.waitFor(
      async () => expect(await first.store.loadRefused(planId)).toHaveLength(1),
      10_000,
    )
    provider.destroy()
    expect(await api.transition('demo-lead', planId, 'discussion')).toBe(200)
    const dataDir = first.dataDir
    await first.close()

    const second = await startTestServer({ dataDir })
    server = second
    const again = new DemoCaller(second)
    const retry = editorOf(second, await again.session('demo-teacher-b'), planId, doc)
    await vi.waitFor(() => expect(retry.closeCodes).toContain(CloseCode.RefusedEdits), 10_000)
    expect(await serverText(second, await again.session('demo-teacher-b'), planId)).toBe('')
  })
})
