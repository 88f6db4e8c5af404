import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppKysely } from '../../db/kysely.ts'
import type { UploadRow } from '../../db/schema.ts'

/** Loads an upload's row by id (undefined if there is none). */
export function loadUpload(db: AppKysely, id: string): Promise<UploadRow | undefined> {
  return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Reads an uploaded file's bytes from `uploadsDir`, or null when it cannot be read. */
export async function readUploadFile(uploadsDir: string, name: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path.join(uploadsDir, name))
  } catch {
    return null
  }
}
