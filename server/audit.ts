import { toJsonText } from './db/database.ts'
import type { AppKysely } from './db/kysely.ts'

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

/** Appends an event to the audit log (inside a transaction, pass its `ktx`). */
export async function recordAudit(db: AppKysely, event: AuditEvent): Promise<void> {
  await db
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
