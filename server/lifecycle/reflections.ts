import { desc, eq } from 'drizzle-orm'
import type { ReflectionInfo } from '../../shared/domain.ts'
import { newId } from '../auth/crypto.ts'
import { planReflections } from '../db/schema.ts'
import type { SqliteDb } from '../db/sqlite.ts'
import { personOf, personRefs } from './people.ts'

/** What a teacher writes after teaching a class. */
export interface ReflectionFields {
  className: string
  /** `YYYY-MM-DD` */
  taughtOn: string
  text: string
}

/** The reflections of a plan, newest lesson first. */
export function listReflections(db: SqliteDb, documentId: string): ReflectionInfo[] {
  const rows = db
    .select()
    .from(planReflections)
    .where(eq(planReflections.documentId, documentId))
    .orderBy(desc(planReflections.taughtOn), desc(planReflections.createdAt))
    .all()
  const people = personRefs(
    db,
    rows.map((row) => row.authorId),
  )
  return rows.map(({ authorId, ...row }) => ({ ...row, author: personOf(people, authorId) }))
}

/** Records a reflection; returns its id. */
export function addReflection(
  db: SqliteDb,
  documentId: string,
  authorId: string,
  fields: ReflectionFields,
): string {
  const id = newId()
  const now = Date.now()
  db.insert(planReflections)
    .values({ id, documentId, authorId, ...fields, createdAt: now, updatedAt: now })
    .run()
  return id
}

/** A reflection row, if it exists. */
export function loadReflection(db: SqliteDb, reflectionId: string) {
  return db.select().from(planReflections).where(eq(planReflections.id, reflectionId)).get()
}

/** Changes a reflection. */
export function updateReflection(
  db: SqliteDb,
  reflectionId: string,
  changes: Partial<ReflectionFields>,
): void {
  db.update(planReflections)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(planReflections.id, reflectionId))
    .run()
}
