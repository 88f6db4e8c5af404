import * as Y from 'yjs'
import type { GroupRole, UserRole } from '../../shared/domain.ts'
import { planText, yDocToJSON } from '../../shared/editor/derive.ts'
import { toJsonText } from '../db/database.ts'
import { inTransaction, type SqlExecutor } from '../db/executor.ts'
import type { AppKysely } from '../db/kysely.ts'
import { createDocument, loadDocumentRow } from '../features/documents/index.ts'
import { hashPassword, newId } from '../features/identity/index.ts'
import type { LibrarySearch } from '../features/library/index.ts'
import { publishPlan } from '../features/library/index.ts'
import type { Logger } from '../logger.ts'
import type { DocumentStore } from '../storage/DocumentStore.ts'
import { DEMO_PLANS } from './demoPlans.ts'
import { buildPlanDoc } from './planContent.ts'
import { seedDemoTasks } from './seedTasks.ts'

/** The password of every demo account (README, "Demo alliance"). */
export const DEMO_PASSWORD = 'jibei-demo'

/** The demo alliance's name (the `alliance` row). */
export const DEMO_ALLIANCE = '城关教育联盟'

/** The demo group's term (school year 2026–2027, first term). */
export const DEMO_TERM = '2026-2027-1'

/** The demo schools, in the order `DemoPlan.school` refers to them. */
export const DEMO_SCHOOLS = ['城关第一中学', '实验中学', '河西乡中心学校'] as const

interface DemoUser {
  username: string
  displayName: string
  school: 0 | 1 | 2
  role: UserRole
  group?: GroupRole
}

/** The demo accounts; those with `group` belong to 七年级数学联合教研组. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'demo-lead', displayName: '李红梅', school: 0, role: 'teacher', group: 'lead' },
  {
    username: 'demo-teacher-a',
    displayName: '王建国',
    school: 0,
    role: 'teacher',
    group: 'member',
  },
  {
    username: 'demo-teacher-b',
    displayName: '张晓燕',
    school: 1,
    role: 'teacher',
    group: 'member',
  },
  {
    username: 'demo-observer',
    displayName: '陈志强',
    school: 1,
    role: 'teacher',
    group: 'observer',
  },
  { username: 'demo-outsider', displayName: '赵丽', school: 2, role: 'teacher' },
  { username: 'demo-school-admin', displayName: '刘校长', school: 0, role: 'school_admin' },
  { username: 'demo-admin', displayName: '教联体管理员', school: 0, role: 'alliance_admin' },
  { username: 'demo-teacher-c', displayName: '孙伟', school: 1, role: 'teacher' },
  { username: 'demo-teacher-d', displayName: '周敏', school: 2, role: 'teacher' },
]

/** Number of leading demo plans that belong to the group (七年级数学). */
export const GROUP_PLAN_COUNT = 4

/**
 * Seeds the demo alliance into an empty database: three schools, a cross-school group, demo
 * accounts and realistic lesson plans. Does nothing when any school exists. `db` is for the
 * tasks' seed (not on Kysely yet); everything else goes through its Kysely twin.
 */
export async function seedDemoAlliance(
  kdb: AppKysely,
  executor: SqlExecutor,
  store: DocumentStore,
  search: LibrarySearch,
  log: Logger,
): Promise<void> {
  const existing = await kdb
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  if ((existing?.n ?? 0) > 0) return
  const now = Date.now()
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const schoolIds = DEMO_SCHOOLS.map(() => newId())
  const groupId = newId()
  const userIds = new Map<string, string>()
  const contents: Array<{
    id: string
    doc: Y.Doc
    publish: { by: string; keywords: string[] } | null
  }> = []

  await inTransaction(executor, async (ktx) => {
    await ktx
      .insertInto('alliance')
      .values({ id: 1, name: DEMO_ALLIANCE, createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    for (const [index, name] of DEMO_SCHOOLS.entries()) {
      await ktx
        .insertInto('schools')
        .values({ id: schoolIds[index] as string, name, createdAt: now + index })
        .execute()
    }
    await ktx
      .insertInto('groups')
      .values({
        id: groupId,
        name: '七年级数学联合教研组',
        subject: '数学',
        grade: '七年级',
        term: DEMO_TERM,
        createdAt: now,
      })
      .execute()
    for (const [index, user] of DEMO_USERS.entries()) {
      const id = newId()
      userIds.set(user.username, id)
      await ktx
        .insertInto('users')
        .values({
          id,
          username: user.username,
          displayName: user.displayName,
          schoolId: schoolIds[user.school] as string,
          role: user.role,
          language: 'zh-CN',
          passwordHash,
          createdAt: now + index,
          updatedAt: now + index,
        })
        .execute()
      if (user.group) {
        await ktx
          .insertInto('groupMembers')
          .values({ groupId, userId: id, role: user.group, createdAt: now + index })
          .execute()
      }
    }
    const groupAuthors = ['demo-lead', 'demo-teacher-b', 'demo-teacher-a', 'demo-teacher-b']
    const schoolAuthors = ['demo-teacher-a', 'demo-teacher-c', 'demo-teacher-d']
    const statuses = ['discussion', 'draft', 'final', 'discussion'] as const
    for (const [index, plan] of DEMO_PLANS.entries()) {
      const inGroup = index < GROUP_PLAN_COUNT
      const author = inGroup
        ? (groupAuthors[index] as string)
        : (schoolAuthors[plan.school] as string)
      const ownerId = userIds.get(author) as string
      const owner = DEMO_USERS.find((user) => user.username === author) as DemoUser
      const at = now - (DEMO_PLANS.length - index) * 3_600_000
      const id = await createDocument(ktx, {
        at,
        ownerId,
        schoolId: schoolIds[owner.school] as string,
        groupId: inGroup ? groupId : null,
        kind: 'lesson_plan',
        title: plan.title,
        subject: plan.subject,
        grade: plan.grade,
        textbookEdition: plan.textbookEdition,
        unit: plan.unit,
        lesson: plan.lesson,
        status: inGroup ? (statuses[index] ?? 'draft') : 'final',
        visibility: inGroup ? 'group' : 'school',
      })
      const participants = inGroup
        ? DEMO_USERS.filter((user) => user.group && user.group !== 'observer')
            .map((user) => user.displayName)
            .join('、')
        : ''
      contents.push({
        id,
        doc: buildPlanDoc(plan, owner.displayName, participants),
        // The final school plans are in the shared library from the start.
        publish: inGroup ? null : { by: ownerId, keywords: plan.keywords },
      })
    }
  })
  for (const { id, doc, publish } of contents) {
    await store.compact(id, Y.encodeStateAsUpdate(doc), 0)
    const json = yDocToJSON(doc)
    await kdb
      .insertInto('documentContent')
      .values({ documentId: id, json: toJsonText(json), text: planText(json), updatedAt: now })
      .execute()
    doc.destroy()
    const row = publish ? await loadDocumentRow(kdb, id) : undefined
    if (publish && row) {
      await publishPlan(kdb, executor, store, search, row, publish.by, {
        keywords: publish.keywords,
        licence: 'CC BY 4.0（署名）',
      })
    }
  }
  await seedDemoTasks(
    kdb,
    groupId,
    userIds,
    contents.map(({ id }) => id),
  )
  log.info(
    {
      schools: [...DEMO_SCHOOLS],
      users: DEMO_USERS.map((user) => user.username),
      password: DEMO_PASSWORD,
      plans: contents.length,
      libraryEntries: contents.filter((content) => content.publish).length,
    },
    'seeded the demo alliance (sign in with any of these users and the password)',
  )
}
