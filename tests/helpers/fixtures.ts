import { eq } from 'drizzle-orm'
import type { Insertable } from 'kysely'
import type { Database } from '../../server/db/database.ts'
import type { AppKysely } from '../../server/db/kysely.ts'
import { documents } from '../../server/db/schema.ts'
import type { SqliteDb } from '../../server/db/sqlite.ts'
import { createApiToken, newId } from '../../server/features/identity/index.ts'

/** A test account with an API token. */
export interface Tester {
  userId: string
  schoolId: string
  token: string
}

/**
 * Creates a school and a teacher with an API token, directly in the database. The password
 * hash is a placeholder that no password matches: the tester signs in by token only.
 */
export async function createTester(db: AppKysely, username = 'tester'): Promise<Tester> {
  const now = Date.now()
  const schoolId = newId()
  const userId = newId()
  await db
    .insertInto('schools')
    .values({ id: schoolId, name: `Test school ${schoolId}`, createdAt: now })
    .execute()
  await db
    .insertInto('users')
    .values({
      id: userId,
      username,
      displayName: username,
      schoolId,
      role: 'teacher',
      passwordHash: '!',
      createdAt: now,
      updatedAt: now,
    })
    .execute()
  return { userId, schoolId, token: (await createApiToken(db, userId, 'tests')).token }
}

/** The row of a private lesson plan with this id (also its title) owned by the tester. */
function testerDocument(tester: Tester, documentId: string): Insertable<Database['documents']> {
  const now = Date.now()
  return {
    id: documentId,
    ownerId: tester.userId,
    schoolId: tester.schoolId,
    kind: 'lesson_plan',
    title: documentId,
    visibility: 'private',
    createdAt: now,
    updatedAt: now,
  }
}

/** Creates a private document with this id owned by the tester, unless it exists. */
export function ensureDocument(db: SqliteDb, tester: Tester, documentId: string): void {
  if (db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).get()) {
    return
  }
  db.insert(documents).values(testerDocument(tester, documentId)).run()
}

/**
 * {@link ensureDocument} through the app's asynchronous database (SQLite or PostgreSQL): creates
 * a private document with this id owned by the tester, unless it exists.
 */
export async function ensureDocumentAsync(
  db: AppKysely,
  tester: Tester,
  documentId: string,
): Promise<void> {
  const existing = await db
    .selectFrom('documents')
    .select('id')
    .where('id', '=', documentId)
    .executeTakeFirst()
  if (existing) return
  await db.insertInto('documents').values(testerDocument(tester, documentId)).execute()
}
