import type { AppDb } from '../../db/appDb.ts'
import { documents } from '../../db/schema.ts'
import { newId } from '../identity/index.ts'

/** The metadata of a document about to be created (its id and times are set here). */
export type NewDocument = Omit<typeof documents.$inferInsert, 'id' | 'createdAt' | 'updatedAt'> & {
  /** When it was created (now by default; the demo seed backdates its plans). */
  at?: number
}

/**
 * Inserts a document's metadata row — the one place a document is created. `db` is a
 * transaction's database when the row belongs to a larger write. Returns the new id.
 */
export async function createDocument(db: AppDb, fields: NewDocument): Promise<string> {
  const { at = Date.now(), ...row } = fields
  const id = newId()
  await db
    .insert(documents)
    .values({ ...row, id, createdAt: at, updatedAt: at })
    .run()
  return id
}
