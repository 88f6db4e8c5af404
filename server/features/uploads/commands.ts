import fs from 'node:fs/promises'
import path from 'node:path'
import type { AppKysely } from '../../db/kysely.ts'
import { newId } from '../identity/index.ts'
import { EXTENSION_OF, type ImageMime } from './imageFiles.ts'

/** An image about to be stored for a document. */
export interface NewUpload {
  documentId: string
  ownerId: string
  mime: ImageMime
  bytes: Uint8Array
}

/**
 * Stores an uploaded image: its bytes under `uploadsDir`, then the row that makes them
 * reachable (the file is removed again if the row cannot be written). Returns the file name.
 */
export async function storeUpload(
  db: AppKysely,
  uploadsDir: string,
  upload: NewUpload,
): Promise<string> {
  const id = newId()
  const name = `${id}.${EXTENSION_OF[upload.mime]}`
  const target = path.join(uploadsDir, name)
  // The bytes are on disk before the row that makes them reachable is written.
  const handle = await fs.open(target, 'wx')
  try {
    await handle.writeFile(upload.bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await db
      .insertInto('uploads')
      .values({
        id,
        documentId: upload.documentId,
        ownerId: upload.ownerId,
        mime: upload.mime,
        bytes: upload.bytes.byteLength,
        createdAt: Date.now(),
      })
      .execute()
  } catch (error) {
    await fs.rm(target, { force: true })
    throw error
  }
  return name
}
