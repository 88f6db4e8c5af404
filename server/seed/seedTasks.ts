import type { AppKysely } from '../db/kysely.ts'
import { newId } from '../features/identity/index.ts'
import { notify } from '../features/notifications/index.ts'

interface DemoTask {
  unit: string
  lesson: string
  preparer: string
  participants: string[]
  /** Days from today to the due date. */
  dueInDays: number
  /** Days from today to the discussion, if scheduled. */
  discussionInDays: number | null
  /** Index of the existing demo plan written for it (its owner is the preparer), if any. */
  planIndex: number | null
}

/** The demo group's term schedule: two tasks with plans under way, two not started. */
const DEMO_TASKS: readonly DemoTask[] = [
  {
    unit: '第一章 有理数',
    lesson: '有理数的加法法则',
    preparer: 'demo-teacher-b',
    participants: ['demo-teacher-a', 'demo-lead'],
    dueInDays: 5,
    discussionInDays: 3,
    planIndex: 1,
  },
  {
    unit: '第一章 有理数',
    lesson: '第一章 有理数 单元复习',
    preparer: 'demo-teacher-b',
    participants: ['demo-teacher-a', 'demo-lead'],
    dueInDays: 9,
    discussionInDays: 1,
    planIndex: 3,
  },
  {
    unit: '第二章 整式的加减',
    lesson: '整式（单项式与多项式）',
    preparer: 'demo-teacher-a',
    participants: ['demo-teacher-b'],
    dueInDays: 14,
    discussionInDays: 12,
    planIndex: null,
  },
  {
    unit: '第二章 整式的加减',
    lesson: '合并同类项',
    preparer: 'demo-teacher-a',
    participants: ['demo-teacher-b', 'demo-lead'],
    dueInDays: 21,
    discussionInDays: null,
    planIndex: null,
  },
]

const DAY_MS = 86_400_000

function dateIn(days: number, now: number): string {
  return new Date(now + days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * Seeds the demo group's term schedule (备课任务) and tells the main preparers of the tasks not
 * started yet. Tasks with a plan point at the existing demo plans, whose state they show.
 */
export async function seedDemoTasks(
  db: AppKysely,
  groupId: string,
  userIds: ReadonlyMap<string, string>,
  planIds: readonly string[],
): Promise<void> {
  const now = Date.now()
  const user = (username: string): string => {
    const id = userIds.get(username)
    if (!id) throw new Error(`no demo user ${username}`)
    return id
  }
  const leadId = user('demo-lead')
  for (const [index, task] of DEMO_TASKS.entries()) {
    const id = newId()
    await db
      .insertInto('prepTasks')
      .values({
        id,
        groupId,
        unit: task.unit,
        lesson: task.lesson,
        mainPreparerId: user(task.preparer),
        dueDate: dateIn(task.dueInDays, now),
        discussionAt: task.discussionInDays === null ? null : now + task.discussionInDays * DAY_MS,
        documentId: task.planIndex === null ? null : (planIds[task.planIndex] ?? null),
        createdBy: leadId,
        createdAt: now + index,
        updatedAt: now + index,
      })
      .execute()
    await db
      .insertInto('prepTaskParticipants')
      .values(task.participants.map((username) => ({ taskId: id, userId: user(username) })))
      .execute()
    if (task.planIndex === null) {
      await notify(db, [user(task.preparer)], {
        kind: 'task_assigned',
        actorId: leadId,
        taskId: id,
        excerpt: `${task.unit} · ${task.lesson}`,
      })
    }
  }
}
