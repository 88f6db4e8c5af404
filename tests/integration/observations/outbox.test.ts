import * as prng from 'lib0/prng'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ObserverSheet } from '../../../shared/observations/observationApi.ts'
import {
  clientNoteId,
  expectStatus,
  LESSON_AT,
  scheduleDemoObservation,
} from '../../helpers/observations.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

let server: TestServer
let api: DemoCaller

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true })
  api = new DemoCaller(server)
})
afterAll(async () => {
  await server?.close()
})

/** One queued request of the phone's outbox. */
interface Queued {
  method: 'PUT' | 'POST'
  path: string
  body: unknown
}

const MINUTE = 60_000

describe('an offline outbox replaying its queue', () => {
  it.each([1, 7, 42])(
    'stores each note once, with its latest edit, whatever the order (seed %i)',
    async (seed) => {
      const info = await scheduleDemoObservation(server, api, { observers: ['demo-teacher-b'] })
      const sheet = `/api/observations/${info.id}/sheet`
      const ids = Array.from({ length: 6 }, () => clientNoteId())
      const queue: Queued[] = []
      ids.forEach((id, n) => {
        const at = LESSON_AT + n * MINUTE
        queue.push({
          method: 'PUT',
          path: `${sheet}/notes/${id}`,
          body: { step: n % 6, text: `第${n}条`, at, editedAt: at },
        })
        queue.push({
          method: 'PUT',
          path: `${sheet}/notes/${id}`,
          body: { step: n % 6, text: `第${n}条（改）`, at, editedAt: at + 30_000 },
        })
      })
      // The last note is deleted on the phone after its edit.
      const last = ids[5] as string
      queue.push({
        method: 'PUT',
        path: `${sheet}/notes/${last}`,
        body: {
          step: 5,
          text: '',
          at: LESSON_AT + 5 * MINUTE,
          editedAt: LESSON_AT + 6 * MINUTE,
          deleted: true,
        },
      })
      queue.push({ method: 'PUT', path: `${sheet}/timings`, body: { step: 0, at: LESSON_AT } })
      queue.push({
        method: 'PUT',
        path: `${sheet}/timings`,
        body: { step: 1, at: LESSON_AT + 4 * MINUTE },
      })
      queue.push({
        method: 'PUT',
        path: `${sheet}/scores`,
        body: { scores: [{ point: 'goals.1', value: 5 }] },
      })
      queue.push({
        method: 'PUT',
        path: `${sheet}/bonus`,
        body: { bonus: [{ key: 'bonus.style', value: 2 }] },
      })
      queue.push({
        method: 'PUT',
        path: `${sheet}/comments`,
        body: {
          strengths: '情境贴近生活',
          suggestions: [{ id: clientNoteId(), text: '分类标准再明确些', step: 2 }],
        },
      })

      // Sent once in order (the connection drops after each answer was lost), then all again shuffled.
      for (const request of queue) {
        expect(
          (await api.call('demo-teacher-b', request.method, request.path, request.body)).status,
        ).toBe(200)
      }
      const gen = prng.create(seed)
      const replay = [...queue]
      for (let i = replay.length - 1; i > 0; i--) {
        const j = prng.uint32(gen, 0, i)
        const swap = replay[i] as Queued
        replay[i] = replay[j] as Queued
        replay[j] = swap
      }
      for (const request of replay) {
        expect(
          (await api.call('demo-teacher-b', request.method, request.path, request.body)).status,
        ).toBe(200)
      }

      const result = expectStatus<ObserverSheet>(
        await api.call('demo-teacher-b', 'GET', sheet),
        200,
      )
      expect(result.notes.map((note) => note.text)).toEqual(
        [0, 1, 2, 3, 4].map((n) => `第${n}条（改）`),
      )
      expect(result.notes.map((note) => note.id)).toEqual(ids.slice(0, 5))
      expect(result.stepStarts).toEqual({ '0': LESSON_AT, '1': LESSON_AT + 4 * MINUTE })
      expect(result.scores).toEqual({ 'goals.1': 5 })
      expect(result.bonus).toEqual({ 'bonus.style': 2 })
      expect(result.suggestions).toHaveLength(1)
      const rows = await server.kdb
        .selectFrom('observationNotes')
        .select(['id', 'deletedAt'])
        .where('observationId', '=', info.id)
        .execute()
      expect(rows).toHaveLength(6)
      expect(rows.filter((row) => row.deletedAt !== null).map((row) => row.id)).toEqual([last])
    },
  )

  it('refuses a note id another observer already used, and keeps both sheets apart', async () => {
    const info = await scheduleDemoObservation(server, api, {
      observers: ['demo-teacher-b', 'demo-teacher-c'],
    })
    const id = clientNoteId()
    const body = { step: 0, text: '导入', at: LESSON_AT, editedAt: LESSON_AT }
    const path = `/api/observations/${info.id}/sheet/notes/${id}`
    expect((await api.call('demo-teacher-b', 'PUT', path, body)).status).toBe(200)
    const clash = await api.call('demo-teacher-c', 'PUT', path, { ...body, text: '抢占' })
    expect(clash.status).toBe(409)
    expect((clash.body as { error: string }).error).toBe('note_id_taken')
    const mine = expectStatus<ObserverSheet>(
      await api.call('demo-teacher-b', 'GET', `/api/observations/${info.id}/sheet`),
      200,
    )
    expect(mine.notes.map((note) => note.text)).toEqual(['导入'])
  })
})
