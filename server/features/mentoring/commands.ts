/** Writes of 师徒结对: create, edit, accept, decline and end a pair; hand in a plan for guidance. */

import { permits } from '../../../shared/domain.ts'
import {
  DEFAULT_DUTIES,
  type GuidanceInfo,
  type MentoringDuties,
} from '../../../shared/mentoring/mentoringApi.ts'
import { toJsonText } from '../../db/database.ts'
import type { AppKysely } from '../../db/kysely.ts'
import { DomainError, forbidden, notFound } from '../../domainError.ts'
import {
  type AccessSubject,
  documentPermission,
  loadDocumentRow,
  loadSubject,
} from '../documents/index.ts'
import { loadPublicUser, newId } from '../identity/index.ts'
import { creationMode, isSide, mayEnd, mayManage } from './policy.ts'
import type { LoadedPair } from './queries.ts'
import { dutiesOf } from './queries.ts'
import type { CreatePairInput, UpdatePairInput } from './schema.ts'

/** The two schools and teachers of a new pair, checked to exist. */
async function partiesOf(db: AppKysely, input: CreatePairInput) {
  if (input.kind === 'school') {
    if (input.mentorSchoolId === input.menteeSchoolId)
      throw new DomainError('pair_with_self', 'A school cannot be paired with itself')
    const schools = await db
      .selectFrom('schools')
      .select('id')
      .where('id', 'in', [input.mentorSchoolId, input.menteeSchoolId])
      .where('archivedAt', 'is', null)
      .execute()
    if (schools.length !== 2) throw new DomainError('pair_person_unknown', 'Unknown school')
    return {
      mentorId: null,
      menteeId: null,
      mentorSchoolId: input.mentorSchoolId,
      menteeSchoolId: input.menteeSchoolId,
      groupId: null,
    }
  }
  if (input.mentorId === input.menteeId)
    throw new DomainError('pair_with_self', 'A teacher cannot mentor themselves')
  const [mentor, mentee] = await Promise.all([
    loadPublicUser(db, input.mentorId),
    loadPublicUser(db, input.menteeId),
  ])
  if (!mentor || !mentee) throw new DomainError('pair_person_unknown', 'Unknown teacher')
  if (input.groupId !== undefined) {
    const group = await db
      .selectFrom('groups')
      .select('id')
      .where('id', '=', input.groupId)
      .executeTakeFirst()
    if (!group) throw notFound('Group')
  }
  return {
    mentorId: mentor.id,
    menteeId: mentee.id,
    mentorSchoolId: mentor.schoolId,
    menteeSchoolId: mentee.schoolId,
    groupId: input.groupId ?? null,
  }
}

/** Whether both users are members (any role) of the group. */
async function bothInGroup(
  db: AppKysely,
  groupId: string | null,
  userIds: readonly (string | null)[],
): Promise<boolean> {
  const ids = userIds.filter((id): id is string => id !== null)
  if (groupId === null || ids.length !== 2) return false
  const rows = await db
    .selectFrom('groupMembers')
    .select('userId')
    .where('groupId', '=', groupId)
    .where('userId', 'in', ids)
    .execute()
  return rows.length === 2
}

/** Creates a pair (active, or a request by the mentee); returns its id. */
export async function createPair(
  db: AppKysely,
  subject: AccessSubject,
  input: CreatePairInput,
  now: number,
): Promise<string> {
  const parties = await partiesOf(db, input)
  const inGroup = await bothInGroup(db, parties.groupId, [parties.mentorId, parties.menteeId])
  if (parties.groupId !== null && !inGroup)
    throw new DomainError('bad_request', 'Both teachers must be members of the pair’s group')
  const mode = creationMode(subject, parties, inGroup)
  if (mode === 'refused')
    throw forbidden('Only a group lead, an admin or the mentee asking may create a pair')
  const duties = input.kind === 'teacher' ? { ...DEFAULT_DUTIES, ...input.duties } : DEFAULT_DUTIES
  const id = newId()
  await db
    .insertInto('mentoringPairs')
    .values({
      id,
      kind: input.kind,
      ...parties,
      status: mode,
      startDate: input.startDate,
      endDate: input.endDate,
      goals: input.goals ?? '',
      duties: toJsonText<MentoringDuties>(duties),
      createdBy: subject.user.id,
      createdAt: now,
      acceptedAt: mode === 'active' ? now : null,
      endedAt: null,
      endedBy: null,
      endReason: null,
    })
    .execute()
  return id
}

function requireNotEnded(pair: LoadedPair): void {
  if (pair.row.status === 'ended' || pair.row.status === 'declined')
    throw new DomainError('pair_ended', 'This pair has ended')
}

/** Edits a pair's period, goals or duties (managers; not once ended). */
export async function updatePair(
  db: AppKysely,
  subject: AccessSubject,
  pair: LoadedPair,
  input: UpdatePairInput,
): Promise<void> {
  if (!mayManage(subject, pair.facts)) throw forbidden('Only a manager of the pair edits it')
  requireNotEnded(pair)
  const startDate = input.startDate ?? pair.row.startDate
  const endDate = input.endDate ?? pair.row.endDate
  if (startDate > endDate) throw new DomainError('bad_request', 'endDate is before startDate')
  await db
    .updateTable('mentoringPairs')
    .set({
      startDate,
      endDate,
      goals: input.goals ?? pair.row.goals,
      duties: toJsonText<MentoringDuties>({ ...dutiesOf(pair.row), ...input.duties }),
    })
    .where('id', '=', pair.row.id)
    .execute()
}

/** The mentor answers a request: accepts it (active) or declines it with a reason. */
export async function answerRequest(
  db: AppKysely,
  subject: AccessSubject,
  pair: LoadedPair,
  answer: { accept: true } | { accept: false; reason: string },
  now: number,
): Promise<void> {
  if (subject.user.id !== pair.row.mentorId) throw forbidden('Only the mentor answers a request')
  if (pair.row.status !== 'requested')
    throw new DomainError('pair_not_requested', 'This pair is not a request')
  await db
    .updateTable('mentoringPairs')
    .set(
      answer.accept
        ? { status: 'active', acceptedAt: now }
        : { status: 'declined', endedAt: now, endedBy: subject.user.id, endReason: answer.reason },
    )
    .where('id', '=', pair.row.id)
    .where('status', '=', 'requested')
    .execute()
}

/** Ends a pair with a reason (either side or a manager); the row is kept. */
export async function endPair(
  db: AppKysely,
  subject: AccessSubject,
  pair: LoadedPair,
  reason: string,
  now: number,
): Promise<void> {
  if (!mayEnd(subject, pair.facts)) throw forbidden('Only either side or a manager ends a pair')
  requireNotEnded(pair)
  await db
    .updateTable('mentoringPairs')
    .set({ status: 'ended', endedAt: now, endedBy: subject.user.id, endReason: reason })
    .where('id', '=', pair.row.id)
    .execute()
}

/** The mentee hands in a plan they edit for the mentor's guidance. */
export async function requestGuidance(
  db: AppKysely,
  subject: AccessSubject,
  pair: LoadedPair,
  input: { documentId: string; note?: string | undefined },
  now: number,
): Promise<GuidanceInfo> {
  const { row } = pair
  if (row.kind !== 'teacher' || subject.user.id !== row.menteeId || !isSide(subject, pair.facts))
    throw forbidden('Only the mentee hands in a plan for guidance')
  if (row.status !== 'active') throw new DomainError('pair_not_active', 'The pair is not active')
  const plan = await loadDocumentRow(db, input.documentId)
  if (!plan || !permits(documentPermission(subject, plan), 'view')) throw notFound('Plan')
  if (plan.kind !== 'lesson_plan') throw new DomainError('not_a_plan', 'Only a lesson plan')
  if (!permits(documentPermission(subject, plan), 'edit') && plan.ownerId !== subject.user.id)
    throw forbidden('Only a plan the mentee writes can be handed in')
  const mentor = row.mentorId === null ? null : await loadPublicUser(db, row.mentorId)
  const mentorSubject = mentor ? await loadSubject(db, mentor) : null
  if (!mentorSubject || !permits(documentPermission(mentorSubject, plan), 'comment'))
    throw new DomainError('mentor_cannot_comment', 'The mentor may not comment on this plan')
  const earlier = await db
    .selectFrom('mentoringGuidance')
    .select('id')
    .where('pairId', '=', row.id)
    .where('documentId', '=', plan.id)
    .executeTakeFirst()
  if (earlier) throw new DomainError('guidance_exists', 'This plan was already handed in')
  const id = newId()
  const note = input.note ?? ''
  await db
    .insertInto('mentoringGuidance')
    .values({
      id,
      pairId: row.id,
      documentId: plan.id,
      note,
      requestedBy: subject.user.id,
      requestedAt: now,
    })
    .execute()
  return { id, pairId: row.id, documentId: plan.id, note, requestedAt: now }
}
