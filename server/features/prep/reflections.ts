import { desc, eq } from 'drizzle-orm'
import type { ReflectionInfo } from '../../../shared/domain.ts'
import type { AppDb } from '../../db/appDb.ts'
import { planReflections } from '../../db/schema.ts'
import { newId } from '../identity/index.ts'
import { personOf, personRefs } from './people.ts'

/** What a teacher writes after teaching a class. */
export interface ReflectionFields {
  className: string
  /** `YYYY-MM-DD` */
  taughtOn: string
  text: string
}

/** The reflections of a plan, newest lesson first. */
export async function listReflections(db: AppDb, documentId: string): Promise<ReflectionInfo[]> {
  const rows = await db
    .select()
    .from(planReflections)
    .where(eq(planReflections.documentId, documentId))
    .orderBy(desc(planReflections.taughtOn), desc(planReflections.createdAt))
    .all()
  const people = await personRefs(
    db,
    rows.map((row) => row.authorId),
  )
  return rows.map(({ authorId, ...row }) => ({ ...row, author: personOf(people, authorId) }))
}

/** Records a reflection; returns its id. */
export async function addReflection(
  db: AppDb,
  documentId: string,
  authorId: string,
  fields: ReflectionFields,
): Promise<string> {
  const id = newId()
  const now = Date.now()
  await db
    .insert(planReflections)
    .values({ id, documentId, authorId, ...fields, createdAt: now, updatedAt: now })
    .run()
  return id
}

/** A reflection row, if it exists. */
export function loadReflection(db: AppDb, reflectionId: string) {
  return db.select().from(planReflections).where(eq(planReflections.id, reflectionId)).get()
}

/** Changes a reflection. */
export async function updateReflection(
  db: AppDb,
  reflectionId: string,
  changes: Partial<ReflectionFields>,
): Promise<void> {
  await db
    .update(planReflections)
    .set({ ...changes, updatedAt: Date.now() })
    .where(eq(planReflections.id, reflectionId))
    .run()
}
