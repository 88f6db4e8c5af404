import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { recordAudit } from '../../../audit.ts'
import { isUniqueViolation } from '../../../db/dialect.ts'
import { inTransaction, type SqlExecutor } from '../../../db/executor.ts'
import { conflict } from '../../../domainError.ts'
import { newId } from '../crypto.ts'
import { createOneTimeLinks } from '../oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from '../passwords.ts'
import type { ValidatedRow } from './validateRows.ts'

/** Accounts inserted per multi-row INSERT. */
const USERS_PER_INSERT = 500

/** An account the import created, with its one-time sign-in link's secret. */
export interface CreatedTeacher {
  line: number
  userId: string
  secret: string
  expiresAt: number
}

/** Who imports and what the audit entry records. */
export interface ImportActor {
  userId: string
  schoolId: string | null
  ip: string
  fileName: string
  counts: { new: number; existing: number; invalid: number }
}

/**
 * Creates the `new` rows' accounts (no password yet) and a sign-in link for each, then one
 * `teachers_imported` audit entry — all in one transaction: if anything fails (say an account
 * with one of these usernames was made meanwhile), nothing is saved.
 */
export async function createImportedTeachers(
  executor: SqlExecutor,
  rows: readonly ValidatedRow[],
  actor: ImportActor,
): Promise<CreatedTeacher[]> {
  const fresh = rows.filter((row) => row.status === 'new')
  try {
    return await inTransaction(executor, async (ktx) => {
      const now = Date.now()
      const made = fresh.map((row) => ({ row, userId: newId() }))
      for (let start = 0; start < made.length; start += USERS_PER_INSERT) {
        const chunk = made.slice(start, start + USERS_PER_INSERT)
        await ktx
          .insertInto('users')
          .values(
            chunk.map(({ row, userId }) => ({
              id: userId,
              username: row.username,
              displayName: row.name,
              schoolId: row.schoolId ?? '',
              role: row.role === 'school_admin' ? ('school_admin' as const) : ('teacher' as const),
              language: 'zh-CN' as const,
              passwordHash: NO_PASSWORD_HASH,
              phone: row.phone === '' ? null : row.phone,
              email: row.email === '' ? null : row.email,
              subject: row.subject,
              grade: row.grade,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .execute()
        // Other requests get their turn between batches (SQLite runs them after the commit).
        await yieldToEventLoop()
      }
      const links = await createOneTimeLinks(
        ktx,
        made.map(({ userId }) => ({ purpose: 'sign_in', userId, createdBy: actor.userId })),
        now,
      )
      await recordAudit(ktx, {
        actorId: actor.userId,
        action: 'teachers_imported',
        targetType: 'school',
        ...(actor.schoolId ? { targetId: actor.schoolId } : {}),
        schoolId: actor.schoolId,
        ip: actor.ip,
        details: { fileName: actor.fileName, created: made.length, ...actor.counts },
      })
      return made.map(({ row, userId }, index) => {
        const link = links[index] ?? { secret: '', expiresAt: 0 }
        return { line: row.line, userId, secret: link.secret, expiresAt: link.expiresAt }
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('An account with one of these usernames or phones was created meanwhile')
    }
    throw error
  }
}
