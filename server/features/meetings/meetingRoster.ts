import { asc, eq, inArray, min } from 'drizzle-orm'
import type { GroupRole } from '../../../shared/domain.ts'
import type { MeetingParticipant } from '../../../shared/meetings/meetingApi.ts'
import type { AppDb } from '../../db/appDb.ts'
import { groupMembers, schools, sessionAttendance, users } from '../../db/schema.ts'

/** A person as the session room lists them. */
export interface RosterPerson {
  userId: string
  displayName: string
  schoolId: string
  schoolName: string
}

/** Members of a group with their role, in the order they joined the group. */
export async function groupRoster(
  db: AppDb,
  groupId: string | null,
): Promise<Array<RosterPerson & { role: GroupRole }>> {
  if (!groupId) return []
  return db
    .select({
      userId: users.id,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
      role: groupMembers.role,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(asc(groupMembers.createdAt))
    .all()
}

/** Everyone who joined the session at least once, in order of their first join. */
export async function meetingAttendees(db: AppDb, sessionId: string): Promise<RosterPerson[]> {
  const firstJoins = await db
    .select({ userId: sessionAttendance.userId, firstJoin: min(sessionAttendance.joinedAt) })
    .from(sessionAttendance)
    .where(eq(sessionAttendance.sessionId, sessionId))
    .groupBy(sessionAttendance.userId)
    .all()
  if (firstJoins.length === 0) return []
  const people = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      schoolId: users.schoolId,
      schoolName: schools.name,
    })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(
      inArray(
        users.id,
        firstJoins.map((row) => row.userId),
      ),
    )
    .all()
  const order = new Map(firstJoins.map((row) => [row.userId, row.firstJoin ?? 0]))
  return people.sort((a, b) => (order.get(a.userId) ?? 0) - (order.get(b.userId) ?? 0))
}

/** The room's people: the plan's group and anyone else who joined, with who is online. */
export async function meetingParticipants(
  db: AppDb,
  sessionId: string,
  groupId: string | null,
  online: ReadonlySet<string>,
): Promise<MeetingParticipant[]> {
  const attendees = await meetingAttendees(db, sessionId)
  const attended = new Set(attendees.map((person) => person.userId))
  const roster = await groupRoster(db, groupId)
  const listed = new Set(roster.map((person) => person.userId))
  const all: Array<RosterPerson & { role: GroupRole | null }> = [
    ...roster,
    ...attendees
      .filter((person) => !listed.has(person.userId))
      .map((person) => ({ ...person, role: null })),
  ]
  return all.map((person) => ({
    userId: person.userId,
    displayName: person.displayName,
    schoolId: person.schoolId,
    schoolName: person.schoolName,
    groupRole: person.role,
    online: online.has(person.userId),
    attended: attended.has(person.userId),
  }))
}

/** Attendees as minutes lines, one per school in order of first arrival: `实验中学：张三、李四`. */
export function attendeeLines(attendees: readonly RosterPerson[]): string[] {
  const bySchool = new Map<string, string[]>()
  for (const person of attendees) {
    const names = bySchool.get(person.schoolName) ?? []
    names.push(person.displayName)
    bySchool.set(person.schoolName, names)
  }
  return [...bySchool].map(([school, names]) => `${school}：${names.join('、')}`)
}
