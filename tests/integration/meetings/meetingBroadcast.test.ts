import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DocumentRegistry } from '../../../server/collab/DocumentRegistry.ts'
import { toJsonText } from '../../../server/db/database.ts'
import { kyselyOver, type NativeQuery, type SqlExecutor } from '../../../server/db/executor.ts'
import { closeSqlite, openSqlite, type SqliteHandle } from '../../../server/db/sqlite.ts'
import { MeetingHub } from '../../../server/features/meetings/index.ts'
import { createLogger } from '../../../server/logger.ts'
import { SqliteDocumentStore } from '../../../server/storage/SqliteDocumentStore.ts'
import type { MeetingSnapshot } from '../../../shared/meetings/meetingApi.ts'
import { initialMeetingState } from '../../../shared/meetings/meetingState.ts'
import {
  openTestEngine,
  SEED_TIME,
  seedTeachers,
  type TestEngine,
} from '../../helpers/testEngines.ts'

const AGENDA = [{ title: '说课', minutes: 10 }]

/**
 * The hub pushes a snapshot after each join; the participants it lists come from a query. On
 * PostgreSQL concurrent queries answer in any order, so an earlier push whose query answers late
 * must not land after a later one (the stream would show someone offline who is in the room).
 */
describe('meeting snapshots pushed to the streams', () => {
  let engine: TestEngine
  let storeDir: string
  let storeHandle: SqliteHandle
  let registry: DocumentRegistry
  /** Milliseconds the next roster query waits before it runs (then back to 0). */
  let delayNextRoster = 0

  beforeAll(async () => {
    engine = await openTestEngine('sqlite')
    const { kdb } = engine
    await seedTeachers(kdb, [
      ['lead', '王组长', 's1'],
      ['a', '李老师', 's1'],
      ['b', '赵老师', 's2'],
    ])
    await kdb
      .insertInto('groups')
      .values({
        id: 'g1',
        name: '初一数学组',
        subject: '数学',
        grade: '七年级',
        createdAt: SEED_TIME,
      })
      .execute()
    await kdb
      .insertInto('groupMembers')
      .values(
        (['lead', 'a', 'b'] as const).map((userId) => ({
          groupId: 'g1',
          userId,
          role: userId === 'lead' ? ('lead' as const) : ('member' as const),
          createdAt: SEED_TIME,
        })),
      )
      .execute()
    await kdb
      .insertInto('documents')
      .values({
        id: 'p1',
        ownerId: 'lead',
        schoolId: 's1',
        groupId: 'g1',
        kind: 'lesson_plan',
        title: '一元一次方程',
        status: 'discussion',
        visibility: 'group',
        createdAt: SEED_TIME,
        updatedAt: SEED_TIME,
      })
      .execute()
    await kdb
      .insertInto('prepSessions')
      .values({
        id: 'm1',
        documentId: 'p1',
        groupId: 'g1',
        taskId: null,
        minutesDocumentId: null,
        hostId: 'lead',
        agenda: toJsonText(AGENDA),
        state: toJsonText<Record<string, unknown>>({ ...initialMeetingState(AGENDA) }),
        startedAt: SEED_TIME,
        endedAt: null,
      })
      .execute()
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-broadcast-'))
    storeHandle = openSqlite(storeDir)
    registry = new DocumentRegistry({
      store: new SqliteDocumentStore(storeHandle),
      log: createLogger('silent'),
      unloadGraceMs: 0,
    })
  })

  afterAll(async () => {
    await registry?.closeAll()
    if (storeHandle) closeSqlite(storeHandle)
    if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true })
    await engine?.close()
  })

  it('never lets an older snapshot overtake a newer one', async () => {
    const inner = engine.executor
    const native: NativeQuery = async (sql, params) => {
      if (delayNextRoster > 0 && sql.includes('"group_members"')) {
        const wait = delayNextRoster
        delayNextRoster = 0
        await sleep(wait)
      }
      return inner.native(sql, params)
    }
    const slowRoster: SqlExecutor = {
      engine: inner.engine,
      native,
      transaction: (work) => inner.transaction(work),
      close: () => inner.close(),
    }
    const hub = new MeetingHub({
      kdb: kyselyOver(slowRoster),
      executor: slowRoster,
      registry,
      log: createLogger('silent'),
    })
    const received = new Map<string, MeetingSnapshot[]>([
      ['a', []],
      ['b', []],
    ])
    const listener = (userId: string) => ({
      send: (snapshot: MeetingSnapshot) => received.get(userId)?.push(snapshot),
      end: () => {},
      revoke: () => {},
    })
    const viewer = (userId: string) => ({ userId, isLead: false, canVote: true })
    // a's push (a online) waits for a slow roster query; b joins meanwhile and is pushed at once.
    await hub.snapshot('m1', viewer('a'))
    delayNextRoster = 300
    const joinedA = hub.subscribe('m1', viewer('a'), listener('a'))
    await sleep(50)
    const joinedB = hub.subscribe('m1', viewer('b'), listener('b'))
    await Promise.all([joinedA, joinedB])
    await vi.waitFor(() => expect(received.get('b')?.length ?? 0).toBeGreaterThan(0), 5000)
    await sleep(400)
    const online = (snapshot: MeetingSnapshot | undefined) =>
      snapshot?.participants.filter((person) => person.online).map((person) => person.userId)
    expect(online(received.get('b')?.at(-1))?.sort()).toEqual(['a', 'b'])
    expect(online(received.get('a')?.at(-1))?.sort()).toEqual(['a', 'b'])
    await hub.close()
  })
})
