import fs from 'node:fs/promises'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { AppDb } from '../../db/appDb.ts'
import { type UploadRow, uploads } from '../../db/schema.ts'

/** Loads an upload's row by id (undefined if there is none). */
export function loadUpload(db: AppDb, id: string): Promise<UploadRow | undefined> {
  return db.select().from(uploads).where(eq(uploads.id, id)).get()
}

/** Reads an uploaded file's bytes from `uploadsDir`, or null when it cannot be read. */
export async function readUploadFile(uploadsDir: string, name: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path.join(uploadsDir, name))
  } catch {
    return null
  }
}
