import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../../../server/db/executor.ts'
import {
  listNotifications,
  markRead,
  notify,
  unreadCount,
} from '../../../server/features/notifications/index.ts'
import {
  openTestEngine,
  SEED_TIME,
  seedTeachers,
  TEST_ENGINES,
  type TestEngine,
} from '../../helpers/testEngines.ts'

const T0 = SEED_TIME

describe.each(TEST_ENGINES)('notification queries and commands on %s', (engineName) => {
  let engine: TestEngine

  beforeAll(async () => {
    engine = await openTestEngine(engineName)
    const { kdb } = engine
    await seedTeachers(kdb, [
      ['lead', '王组长', 's1'],
      ['a', '李老师', 's1'],
      ['b', '赵老师', 's2'],
    ])
    await kdb
      .insertInto('documents')
      .values(
        ['kept', 'deleted'].map((id) => ({
          id,
          ownerId: 'lead',
          schoolId: 's1',
          kind: 'lesson_plan' as const,
          title: `plan ${id}`,
          status: 'discussion' as const,
          visibility: 'school' as const,
          createdAt: T0,
          updatedAt: T0,
          deletedAt: id === 'deleted' ? T0 : null,
        })),
      )
      .execute()
  })

  afterAll(async () => {
    await engine?.close()
  })

  it('notifies each recipient once, never the actor', async () => {
    const notified = await notify(engine.kdb, ['a', 'b', 'a', 'lead'], {
      kind: 'action_required',
      actorId: 'lead',
      documentId: 'kept',
      excerpt: 'x'.repeat(500),
    })
    expect(notified).toEqual(['a', 'b'])
    expect(await notify(engine.kdb, ['lead'], { kind: 'mention', actorId: 'lead' })).toEqual([])
    expect(await unreadCount(engine.kdb, 'a')).toBe(1)
    expect(await unreadCount(engine.kdb, 'lead')).toBe(0)
  })

  it('lists with the actor and the plan as it is now; a deleted plan is hidden', async () => {
    await notify(engine.kdb, ['a'], { kind: 'mention', actorId: 'b', documentId: 'deleted' })
    await notify(engine.kdb, ['a'], { kind: 'task_assigned', taskId: 't1' })
    const items = await listNotifications(engine.kdb, 'a', { limit: 10, unreadOnly: false })
    expect(items).toHaveLength(3)
    const byKind = new Map(items.map((item) => [item.kind, item]))
    expect(byKind.get('action_required')).toMatchObject({
      actor: { id: 'lead', displayName: '王组长', schoolName: '第一中学' },
      documentId: 'kept',
      documentTitle: 'plan kept',
      documentStatus: 'discussion',
      readAt: null,
    })
    expect(byKind.get('action_required')?.excerpt).toHaveLength(140)
    expect(byKind.get('mention')).toMatchObject({
      actor: { id: 'b', displayName: '赵老师', schoolName: '第二中学' },
      documentId: null,
      documentTitle: null,
      documentStatus: null,
    })
    expect(byKind.get('task_assigned')).toMatchObject({ actor: null, taskId: 't1', excerpt: '' })
    // Newest first; ties by id, descending in code-unit order (SQLite's and the C collation's,
    // not localeCompare's, which puts "d" before "W").
    const newestFirst = items.map((item) => [item.createdAt, item.id] as const)
    const byCodeUnit = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)
    expect(newestFirst).toEqual(
      [...newestFirst].sort((x, y) => (x[0] === y[0] ? byCodeUnit(y[1], x[1]) : y[0] - x[0])),
    )
    expect(await listNotifications(engine.kdb, 'a', { limit: 2, unreadOnly: false })).toHaveLength(
      2,
    )
  })

  it('marks only the user’s own unread notifications read', async () => {
    const [first] = await listNotifications(engine.kdb, 'a', { limit: 1, unreadOnly: false })
    const [ofB] = await listNotifications(engine.kdb, 'b', { limit: 1, unreadOnly: false })
    if (!first || !ofB) throw new Error('expected notifications')
    expect(await markRead(engine.kdb, 'a', [first.id, ofB.id])).toBe(1)
    expect(await markRead(engine.kdb, 'a', [first.id])).toBe(0)
    expect(await markRead(engine.kdb, 'a', [])).toBe(0)
    expect(await unreadCount(engine.kdb, 'a')).toBe(2)
    expect(await unreadCount(engine.kdb, 'b')).toBe(1)
    const unread = await listNotifications(engine.kdb, 'a', { limit: 10, unreadOnly: true })
    expect(unread.map((item) => item.id)).not.toContain(first.id)
    expect(await markRead(engine.kdb, 'a', 'all')).toBe(2)
    expect(await unreadCount(engine.kdb, 'a')).toBe(0)
    const read = await listNotifications(engine.kdb, 'a', { limit: 10, unreadOnly: false })
    expect(read.every((item) => typeof item.readAt === 'number')).toBe(true)
  })

  it('notifies inside a transaction, and the notification rolls back with it', async () => {
    const before = await unreadCount(engine.kdb, 'b')
    await expect(
      inTransaction(engine.executor, async (ktx) => {
        await notify(ktx, ['b'], { kind: 'reply', actorId: 'a' })
        expect(await unreadCount(ktx, 'b')).toBe(before + 1)
        throw new Error('abandon')
      }),
    ).rejects.toThrow('abandon')
    expect(await unreadCount(engine.kdb, 'b')).toBe(before)
    await inTransaction(engine.executor, (ktx) =>
      notify(ktx, ['b'], { kind: 'reply', actorId: 'a' }),
    )
    expect(await unreadCount(engine.kdb, 'b')).toBe(before + 1)
  })
})
