/**
 * A synthetic alliance for the dashboard bench (issue 24), written straight into the app
 * database through Kysely in batches: schools, teachers, groups over two terms, preparation
 * tasks and their plans with life cycle and sign-offs, adapted plans, sessions with attendance
 * and speaking turns, comments, registered writers (document_clients), library entries,
 * reviews and submissions, over a year. No Yjs content: the dashboard reads none.
 */

import type { Insertable } from 'kysely'
import * as prng from 'lib0/prng'
import type { Database } from '../server/db/database.ts'
import { toJsonText } from '../server/db/database.ts'
import type { AppKysely } from '../server/db/kysely.ts'

/** How big the alliance is. */
export interface AllianceSize {
  schools: number
  teachers: number
  groups: number
  plans: number
  sessions: number
}

/** The sizes the issue asks for. */
export const FULL_SIZE: AllianceSize = {
  schools: 50,
  teachers: 5_000,
  groups: 200,
  plans: 100_000,
  sessions: 20_000,
}

/** The two terms of the year, and the first day of each (epoch ms, UTC). */
export const TERMS = [
  { term: '2024-2025-2', start: Date.UTC(2025, 1, 17) },
  { term: '2025-2026-1', start: Date.UTC(2025, 8, 1) },
] as const

const DAY = 86_400_000
const HOUR = 3_600_000
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治']
const GRADES = ['七年级', '八年级', '九年级']
const BATCH_ROWS = 500

type Table = keyof Database

/** One of the TERMS by index. */
function termOf(index: number): (typeof TERMS)[number] {
  const term = TERMS[index]
  if (!term) throw new Error(`no term ${index}`)
  return term
}

/** Inserts rows in batches. */
async function insertAll<T extends Table>(
  kdb: AppKysely,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS)
    // One generic insert for every table: Kysely cannot type a union of tables' rows.
    await kdb
      .insertInto(table)
      .values(batch as never)
      .execute()
  }
}

/** Writes the alliance; returns the ids the bench signs in with and filters on. */
export async function generateAlliance(
  kdb: AppKysely,
  size: AllianceSize,
  log: (line: string) => void,
): Promise<{ schoolIds: string[]; groupIds: string[]; leadId: string }> {
  const gen = prng.create(0xda5b)
  const random = (): number => prng.real53(gen)
  const int = (below: number): number => Math.floor(random() * below)
  const t0 = TERMS[0].start

  const schoolIds = Array.from({ length: size.schools }, (_, i) => `s${i}`)
  await insertAll(
    kdb,
    'schools',
    schoolIds.map((id, i) => ({ id, name: `第${i + 1}中学`, createdAt: t0 })),
  )
  const teacherSchool: string[] = []
  const teachers = Array.from({ length: size.teachers }, (_, i) => {
    const schoolId = schoolIds[i % size.schools] as string
    teacherSchool.push(schoolId)
    return {
      id: `u${i}`,
      username: `u${i}`,
      displayName: `教师${i}`,
      schoolId,
      role: 'teacher' as const,
      passwordHash: 'x',
      subject: SUBJECTS[i % SUBJECTS.length] as string,
      grade: GRADES[i % GRADES.length] as string,
      createdAt: t0,
      updatedAt: t0,
    }
  })
  await insertAll(kdb, 'users', teachers)
  log(`schools ${size.schools}, teachers ${size.teachers}`)

  // Groups: half per term, 25 members from across the alliance, the first one the lead.
  const groupIds: string[] = []
  const groupMembers: string[][] = []
  const groupTerm: number[] = []
  const groups = Array.from({ length: size.groups }, (_, i) => {
    const termIndex = i % TERMS.length
    groupIds.push(`g${i}`)
    groupTerm.push(termIndex)
    const members = new Set<string>()
    while (members.size < 25) members.add(`u${int(size.teachers)}`)
    groupMembers.push([...members])
    return {
      id: `g${i}`,
      name: `教研组${i}`,
      subject: SUBJECTS[i % SUBJECTS.length] as string,
      grade: GRADES[i % GRADES.length] as string,
      term: termOf(termIndex).term,
      createdAt: t0,
    }
  })
  await insertAll(kdb, 'groups', groups)
  await insertAll(
    kdb,
    'groupMembers',
    groupMembers.flatMap((members, g) =>
      members.map((userId, m) => ({
        groupId: `g${g}`,
        userId,
        role: m === 0 ? ('lead' as const) : ('member' as const),
        createdAt: t0,
      })),
    ),
  )
  log(`groups ${size.groups}`)

  // Plans: 60 % are task plans of the groups, 40 % adaptations of library entries.
  const taskPlans = Math.floor(size.plans * 0.6)
  const entriesCount = Math.floor(taskPlans / 12)
  const documents: Array<Insertable<Database['documents']>> = []
  const tasks: Array<Insertable<Database['prepTasks']>> = []
  const lifecycle: Array<Insertable<Database['planLifecycle']>> = []
  const clients: Array<Insertable<Database['documentClients']>> = []
  const planGroup: number[] = []
  const planCreated: number[] = []
  for (let p = 0; p < taskPlans; p += 1) {
    const g = p % size.groups
    const members = groupMembers[g] as string[]
    const owner = members[int(members.length)] as string
    const term = termOf(groupTerm[g] as number)
    const createdAt = term.start + int(150) * DAY + int(24) * HOUR
    const dueAt = createdAt + (3 + int(14)) * DAY
    const roll = random()
    const signed = roll < 0.7
    const status = signed ? 'final' : roll < 0.85 ? 'discussion' : 'draft'
    const id = `p${p}`
    planGroup.push(g)
    planCreated.push(createdAt)
    documents.push({
      id,
      ownerId: owner,
      schoolId: teacherSchool[Number(owner.slice(1))] as string,
      groupId: `g${g}`,
      kind: 'lesson_plan',
      title: `教案${p}`,
      subject: groups[g]?.subject ?? '',
      grade: groups[g]?.grade ?? '',
      status,
      visibility: 'group',
      createdAt,
      updatedAt: createdAt,
    })
    tasks.push({
      id: `k${p}`,
      groupId: `g${g}`,
      unit: '单元',
      lesson: `课${p}`,
      mainPreparerId: owner,
      dueDate: new Date(dueAt).toISOString().slice(0, 10),
      documentId: id,
      createdBy: members[0] as string,
      createdAt,
      updatedAt: createdAt,
    })
    lifecycle.push({
      documentId: id,
      taskId: `k${p}`,
      mainPreparerId: owner,
      signedAt: signed ? createdAt + (1 + int(20)) * DAY : null,
      signedBy: signed ? (members[0] as string) : null,
    })
    const writers = new Set([owner])
    const extra = int(4)
    for (let w = 0; w < extra; w += 1) writers.add(members[int(members.length)] as string)
    let clientId = 1
    for (const userId of writers)
      clients.push({
        documentId: id,
        clientId: clientId++,
        userId,
        schoolId: teacherSchool[Number(userId.slice(1))] as string,
        createdAt,
      })
  }
  // Unassigned tasks (no plan yet): one in ten groups' last lessons.
  for (let k = 0; k < Math.floor(taskPlans / 20); k += 1) {
    const g = k % size.groups
    const term = termOf(groupTerm[g] as number)
    tasks.push({
      id: `kn${k}`,
      groupId: `g${g}`,
      unit: '单元',
      lesson: `待备${k}`,
      mainPreparerId: groupMembers[g]?.[1] as string,
      dueDate: new Date(term.start + (120 + int(40)) * DAY).toISOString().slice(0, 10),
      createdBy: groupMembers[g]?.[0] as string,
      createdAt: term.start,
      updatedAt: term.start,
    })
  }
  const entries = Array.from({ length: entriesCount }, (_, e) => {
    const source = documents[e * 12] as Insertable<Database['documents']>
    return {
      id: `e${e}`,
      sourceDocumentId: source.id,
      publisherId: source.ownerId,
      schoolId: source.schoolId,
      title: source.title,
      subject: source.subject ?? '',
      grade: source.grade ?? '',
      textbookEdition: '',
      unit: '',
      lesson: '',
      keywords: toJsonText<string[]>([]),
      authors: toJsonText<Array<{ name: string; school: string }>>([]),
      licence: 'CC BY 4.0',
      status: e % 25 === 0 ? ('withdrawn' as const) : ('published' as const),
      latestVersion: 1,
      createdAt: (planCreated[e * 12] as number) + 20 * DAY,
      updatedAt: (planCreated[e * 12] as number) + 20 * DAY,
    }
  })
  for (let a = taskPlans; a < size.plans; a += 1) {
    const entry = entries[int(entries.length)] as (typeof entries)[number]
    const owner = `u${int(size.teachers)}`
    const createdAt = entry.createdAt + int(60) * DAY
    documents.push({
      id: `p${a}`,
      ownerId: owner,
      schoolId: teacherSchool[Number(owner.slice(1))] as string,
      kind: 'lesson_plan',
      title: `个案${a}`,
      subject: entry.subject,
      grade: entry.grade,
      status: 'draft',
      visibility: 'private',
      createdAt,
      updatedAt: createdAt,
      adaptedFromEntryId: entry.id,
      adaptedFromVersion: 1,
    })
    clients.push({
      documentId: `p${a}`,
      clientId: 1,
      userId: owner,
      schoolId: teacherSchool[Number(owner.slice(1))] as string,
      createdAt,
    })
  }
  await insertAll(kdb, 'documents', documents)
  log(`plans ${documents.length}`)
  await insertAll(kdb, 'prepTasks', tasks)
  await insertAll(kdb, 'planLifecycle', lifecycle)
  await insertAll(kdb, 'documentClients', clients)
  log(`tasks ${tasks.length}, writers ${clients.length}`)
  await insertAll(kdb, 'libraryEntries', entries)

  const reviews = entries.flatMap((entry, e) =>
    e % 2 === 0
      ? [0, 1].map((r) => ({
          entryId: entry.id,
          userId: `u${(e * 7 + r * 13) % size.teachers}`,
          stars: 1 + int(5),
          comment: '',
          createdAt: entry.createdAt + DAY,
          updatedAt: entry.createdAt + DAY,
        }))
      : [],
  )
  await insertAll(kdb, 'libraryReviews', reviews)
  const submissions = entries.map((entry, e) => ({
    id: `sub${e}`,
    documentId: entry.sourceDocumentId,
    submittedBy: entry.publisherId,
    schoolId: entry.schoolId,
    title: entry.title,
    keywords: toJsonText<string[]>([]),
    licence: 'CC BY 4.0',
    state: Buffer.alloc(0),
    status: e % 40 === 0 ? ('pending' as const) : ('approved' as const),
    reviewerId: e % 40 === 0 ? null : 'u0',
    reviewedAt: e % 40 === 0 ? null : entry.createdAt - int(72) * HOUR,
    entryId: e % 40 === 0 ? null : entry.id,
    version: e % 40 === 0 ? null : 1,
    createdAt: entry.createdAt - 80 * HOUR,
  }))
  await insertAll(kdb, 'librarySubmissions', submissions)
  log(`library entries ${entries.length}, reviews ${reviews.length}`)

  // Sessions on task plans, with about 10 attendees each and a few speaking turns.
  const sessions: Array<Insertable<Database['prepSessions']>> = []
  const attendance: Array<Insertable<Database['sessionAttendance']>> = []
  const turns: Array<Insertable<Database['sessionTurns']>> = []
  for (let m = 0; m < size.sessions; m += 1) {
    const p = (m * 3) % taskPlans
    const g = planGroup[p] as number
    const members = groupMembers[g] as string[]
    const startedAt = (planCreated[p] as number) + (1 + int(5)) * DAY
    sessions.push({
      id: `m${m}`,
      documentId: `p${p}`,
      groupId: `g${g}`,
      hostId: members[0] as string,
      agenda: toJsonText<Array<{ title: string; minutes: number }>>([]),
      state: toJsonText<Record<string, unknown>>({}),
      startedAt,
      endedAt: startedAt + HOUR,
    })
    const present = new Set<string>()
    const count = 6 + int(9)
    while (present.size < count) present.add(members[int(members.length)] as string)
    for (const userId of present)
      attendance.push({ sessionId: `m${m}`, userId, joinedAt: startedAt })
    const speakers = [...present]
    for (let t = 0; t < 5; t += 1) {
      const userId = speakers[int(speakers.length)] as string
      turns.push({
        sessionId: `m${m}`,
        userId,
        schoolId: teacherSchool[Number(userId.slice(1))] as string,
        givenAt: startedAt + t * 600_000,
      })
    }
  }
  await insertAll(kdb, 'prepSessions', sessions)
  await insertAll(kdb, 'sessionAttendance', attendance)
  await insertAll(kdb, 'sessionTurns', turns)
  log(`sessions ${sessions.length}, attendances ${attendance.length}, turns ${turns.length}`)

  // Comments: about three per task plan, by group members.
  const comments: Array<Insertable<Database['commentLog']>> = []
  for (let p = 0; p < taskPlans; p += 1) {
    const members = groupMembers[planGroup[p] as number] as string[]
    const count = int(7)
    for (let c = 0; c < count; c += 1) {
      const authorId = members[int(members.length)] as string
      comments.push({
        commentId: `c${p}_${c}`,
        documentId: `p${p}`,
        threadId: `t${p}_${c >> 1}`,
        authorId,
        schoolId: teacherSchool[Number(authorId.slice(1))] as string,
        createdAt: (planCreated[p] as number) + int(10) * DAY,
      })
    }
  }
  await insertAll(kdb, 'commentLog', comments)
  log(`comments ${comments.length}`)
  return { schoolIds, groupIds, leadId: groupMembers[0]?.[0] as string }
}
