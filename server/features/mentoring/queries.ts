/** Reads of 师徒结对: pairs, what the caller may do with them, and their guidance requests. */
import type { Selectable } from 'kysely'
import {
  DEFAULT_DUTIES,
  type MentoringDuties,
  type PairInfo,
  type PairPartyRef,
} from '../../../shared/mentoring/mentoringApi.ts'
import { type Database, parseJson } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { notFound } from '../../domainError.ts'
import type { AccessSubject } from '../documents/index.ts'
import { mayManage, maySee, type PairFacts } from './policy.ts'

/** A stored pair. */
export type PairRow = Selectable<Database['mentoringPairs']>

/** A pair with the facts its rules look at. */
export interface LoadedPair {
  row: PairRow
  facts: PairFacts
}

/** The stored duties merged over the defaults (keys added later read as their default). */
export function dutiesOf(row: PairRow): MentoringDuties {
  return { ...DEFAULT_DUTIES, ...parseJson(row.duties) }
}

/** The groups any of the users is a member of. */
async function groupsOf(db: AppKysely, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return []
  const rows = await db
    .selectFrom('groupMembers')
    .select('groupId')
    .distinct()
    .where('userId', 'in', [...userIds])
    .execute()
  return rows.map((row) => row.groupId)
}

/** The pair's rule facts. */
async function factsOf(db: AppKysely, row: PairRow): Promise<PairFacts> {
  const teachers = [row.mentorId, row.menteeId].filter((id): id is string => id !== null)
  return {
    mentorId: row.mentorId,
    menteeId: row.menteeId,
    mentorSchoolId: row.mentorSchoolId,
    menteeSchoolId: row.menteeSchoolId,
    groupId: row.groupId,
    createdBy: row.createdBy,
    teacherGroupIds: await groupsOf(db, teachers),
  }
}

/** The pair of `pairId` if the subject may see it; 404 otherwise. */
export async function visiblePair(
  db: AppKysely,
  subject: AccessSubject,
  pairId: string,
): Promise<LoadedPair> {
  const row = await db
    .selectFrom('mentoringPairs')
    .selectAll()
    .where('id', '=', pairId)
    .executeTakeFirst()
  if (!row) throw notFound('Pair')
  const facts = await factsOf(db, row)
  if (!maySee(subject, facts)) throw notFound('Pair')
  return { row, facts }
}

/** Names of users and schools by id. */
async function namesOf(db: AppKysely, rows: readonly PairRow[]) {
  const userIds = [...new Set(rows.flatMap((row) => [row.mentorId, row.menteeId]))].filter(
    (id): id is string => id !== null,
  )
  const schoolIds = [...new Set(rows.flatMap((row) => [row.mentorSchoolId, row.menteeSchoolId]))]
  const users =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'displayName'])
          .where('id', 'in', userIds)
          .execute()
  const schools =
    schoolIds.length === 0
      ? []
      : await db.selectFrom('schools').select(['id', 'name']).where('id', 'in', schoolIds).execute()
  return {
    user: new Map(users.map((user) => [user.id, user.displayName])),
    school: new Map(schools.map((school) => [school.id, school.name])),
  }
}

type Names = Awaited<ReturnType<typeof namesOf>>

function infoOf(subject: AccessSubject, pair: LoadedPair, names: Names): PairInfo {
  const { row } = pair
  const person = (id: string | null): PairPartyRef | null =>
    id === null ? null : { id, name: names.user.get(id) ?? '' }
  const school = (id: string): PairPartyRef => ({ id, name: names.school.get(id) ?? '' })
  return {
    id: row.id,
    kind: row.kind,
    mentor: person(row.mentorId),
    mentee: person(row.menteeId),
    mentorSchool: school(row.mentorSchoolId),
    menteeSchool: school(row.menteeSchoolId),
    groupId: row.groupId,
    status: row.status,
    startDate: row.startDate,
    endDate: row.endDate,
    goals: row.goals,
    duties: dutiesOf(row),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    endedAt: row.endedAt,
    endedBy: row.endedBy,
    endReason: row.endReason,
    mayManage: mayManage(subject, pair.facts),
  }
}

/** One pair in the answer shape. */
export async function pairInfo(
  db: AppKysely,
  subject: AccessSubject,
  pair: LoadedPair,
): Promise<PairInfo> {
  return infoOf(subject, pair, await namesOf(db, [pair.row]))
}

/** The pairs the subject sees, latest first, narrowed to a teacher or a group when asked. */
export async function listPairs(
  db: AppKysely,
  subject: AccessSubject,
  filter: { userId?: string | undefined; groupId?: string | undefined },
): Promise<PairInfo[]> {
  let query = db.selectFrom('mentoringPairs').selectAll().orderBy('createdAt', 'desc')
  const { userId, groupId } = filter
  if (userId !== undefined)
    query = query.where((eb) => eb.or([eb('mentorId', '=', userId), eb('menteeId', '=', userId)]))
  const rows = await query.execute()
  const visible: LoadedPair[] = []
  for (const row of rows) {
    const facts = await factsOf(db, row)
    if (!maySee(subject, facts)) continue
    if (
      groupId !== undefined &&
      row.groupId !== groupId &&
      !facts.teacherGroupIds.includes(groupId)
    )
      continue
    visible.push({ row, facts })
  }
  const names = await namesOf(
    db,
    visible.map((pair) => pair.row),
  )
  return visible.map((pair) => infoOf(subject, pair, names))
}
