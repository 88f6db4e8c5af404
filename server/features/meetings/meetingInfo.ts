import { desc, eq, inArray } from 'drizzle-orm'
import type { MeetingInfo } from '../../../shared/meetings/meetingApi.ts'
import type { AppDb } from '../../db/appDb.ts'
import { documents, groups, type PrepSessionRow, prepSessions, users } from '../../db/schema.ts'

/** The facts of sessions as the API shows them (plan title, group and host names resolved). */
export async function meetingInfos(
  db: AppDb,
  rows: readonly PrepSessionRow[],
): Promise<MeetingInfo[]> {
  if (rows.length === 0) return []
  const titles = new Map(
    (
      await db
        .select({ id: documents.id, title: documents.title })
        .from(documents)
        .where(inArray(documents.id, [...new Set(rows.map((row) => row.documentId))]))
        .all()
    ).map((row) => [row.id, row.title]),
  )
  const groupIds = [...new Set(rows.flatMap((row) => (row.groupId ? [row.groupId] : [])))]
  const groupNames = new Map(
    groupIds.length === 0
      ? []
      : (
          await db
            .select({ id: groups.id, name: groups.name })
            .from(groups)
            .where(inArray(groups.id, groupIds))
            .all()
        ).map((row) => [row.id, row.name]),
  )
  const hostNames = new Map(
    (
      await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, [...new Set(rows.map((row) => row.hostId))]))
        .all()
    ).map((row) => [row.id, row.name]),
  )
  return rows.map((row) => ({
    id: row.id,
    documentId: row.documentId,
    documentTitle: titles.get(row.documentId) ?? '',
    groupId: row.groupId,
    groupName: row.groupId ? (groupNames.get(row.groupId) ?? null) : null,
    taskId: row.taskId,
    minutesDocumentId: row.minutesDocumentId,
    hostId: row.hostId,
    hostName: hostNames.get(row.hostId) ?? '',
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  }))
}

/** The facts of one session. */
export async function meetingInfo(db: AppDb, row: PrepSessionRow): Promise<MeetingInfo> {
  return (await meetingInfos(db, [row]))[0] as MeetingInfo
}

/** Every session held on a plan, newest first. */
export async function meetingsOfPlan(db: AppDb, documentId: string): Promise<PrepSessionRow[]> {
  return db
    .select()
    .from(prepSessions)
    .where(eq(prepSessions.documentId, documentId))
    .orderBy(desc(prepSessions.startedAt))
    .all()
}
