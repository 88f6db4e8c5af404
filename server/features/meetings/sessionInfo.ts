import { desc, eq, inArray } from 'drizzle-orm'
import type { SessionInfo } from '../../../shared/meetings/sessionApi.ts'
import type { AppDb } from '../../db/appDb.ts'
import { documents, groups, type PrepSessionRow, prepSessions, users } from '../../db/schema.ts'

/** The facts of sessions as the API shows them (plan title, group and host names resolved). */
export async function sessionInfos(
  db: AppDb,
  rows: readonly PrepSessionRow[],
): Promise<SessionInfo[]> {
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
export async function sessionInfo(db: AppDb, row: PrepSessionRow): Promise<SessionInfo> {
  return (await sessionInfos(db, [row]))[0] as SessionInfo
}

/** Every session held on a plan, newest first. */
export async function sessionsOfPlan(db: AppDb, documentId: string): Promise<PrepSessionRow[]> {
  return db
    .select()
    .from(prepSessions)
    .where(eq(prepSessions.documentId, documentId))
    .orderBy(desc(prepSessions.startedAt))
    .all()
}
