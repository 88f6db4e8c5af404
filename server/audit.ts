import { type AppDb, kyselyOf } from './db/appDb.ts'
import { toJsonText } from './db/database.ts'

/** One audit event. */
export interface AuditEvent {
  actorId: string | null
  action: string
  targetType?: string
  targetId?: string
  schoolId?: string | null
  ip?: string
  details?: Record<string, unknown>
}

/** Appends an event to the audit log. */
export async function recordAudit(db: AppDb, event: AuditEvent): Promise<void> {
  await kyselyOf(db)
    .insertInto('auditLog')
    .values({
      at: Date.now(),
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      schoolId: event.schoolId ?? null,
      ip: event.ip ?? null,
      details: event.details ? toJsonText(event.details) : null,
    })
    .execute()
}
