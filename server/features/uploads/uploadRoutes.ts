import fs from 'node:fs/promises'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import { permits } from '../../../shared/domain.ts'
import { MAX_DOCUMENT_ID_LENGTH, MAX_UPLOAD_BYTES } from '../../../shared/limits.ts'
import { type UploadRow, uploads } from '../../db/schema.ts'
import { badRequest, DomainError, forbidden, notFound } from '../../domainError.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../http/context.ts'
import { requireUploadQuota } from '../../http/quotas.ts'
import { documentPermission, loadDocumentRow, loadSubject } from '../documents/index.ts'
import { newId } from '../identity/crypto.ts'

type ImageMime = UploadRow['mime']

/** File extension of each accepted image type. */
const EXTENSION_OF: Readonly<Record<ImageMime, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

/** `<22-character id>.<extension>`: the only names `/uploads/` serves. */
const UPLOAD_NAME = /^([A-Za-z0-9_-]{22})\.(png|jpg|gif|webp)$/

/** Room for the multipart envelope around the file before the body is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const uploadQuery = z.object({ documentId: z.string().min(1).max(MAX_DOCUMENT_ID_LENGTH) })

const tooLarge = (): DomainError =>
  new DomainError('too_large', `Images may be at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB`)

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((value, index) => bytes[offset + index] === value)
}

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0))

/** The image type announced by the file's first bytes (never by its name or content type). */
export function detectImageMime(bytes: Uint8Array): ImageMime | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  return null
}

/** Only a signed-in user who may edit the `?documentId=` document gets past (401/404/403). */
const requireEditableDocument = createMiddleware<AppEnv>(async (c, next) => {
  const { db } = c.var.services
  const principal = requirePrincipal(c)
  const documentId = c.req.query('documentId') ?? ''
  const row = await loadDocumentRow(db, documentId)
  if (!row || row.deletedAt !== null) throw notFound('Document')
  const permission = documentPermission(await loadSubject(db, principal.user), row)
  if (permission === 'none') throw forbidden('You do not have access to this document')
  if (!permits(permission, 'edit')) throw forbidden('You may not edit this document')
  await next()
})

/** The single file sent in the `file` field of a multipart body, or a 400. */
async function uploadedFile(parse: () => Promise<Record<string, unknown>>): Promise<File> {
  let body: Record<string, unknown>
  try {
    body = await parse()
  } catch {
    throw badRequest('Send the image as multipart form data')
  }
  const file = body.file
  if (!(file instanceof File)) throw badRequest('Send one image in the "file" field')
  return file
}

/** `POST /uploads?documentId=`: stores an image for a document the caller may edit. */
export const uploadRoutes = new Hono<AppEnv>().post(
  '/uploads',
  requireEditableDocument,
  queryOf(uploadQuery),
  bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      throw tooLarge()
    },
  }),
  async (c) => {
    const { db, uploadsDir } = c.var.services
    const principal = requirePrincipal(c)
    const { documentId } = c.req.valid('query')
    const file = await uploadedFile(() => c.req.parseBody({ all: true }))
    if (file.size > MAX_UPLOAD_BYTES) throw tooLarge()
    await requireUploadQuota(db, principal.user.id, file.size)
    const bytes = new Uint8Array(await file.arrayBuffer())
    const mime = detectImageMime(bytes)
    if (!mime) throw badRequest('Only PNG, JPEG, GIF and WebP images can be uploaded')
    const id = newId()
    const name = `${id}.${EXTENSION_OF[mime]}`
    const target = path.join(uploadsDir, name)
    // The bytes are on disk before the row that makes them reachable is written.
    const handle = await fs.open(target, 'wx')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await db
        .insert(uploads)
        .values({
          id,
          documentId,
          ownerId: principal.user.id,
          mime,
          bytes: bytes.byteLength,
          createdAt: Date.now(),
        })
        .run()
    } catch (error) {
      await fs.rm(target, { force: true })
      throw error
    }
    return c.json({ ok: true as const, url: `/uploads/${name}` }, 201)
  },
)

/** The same 404 for a bad name, an unknown upload, a missing file and a refused caller. */
const noSuchImage = (): DomainError => notFound('Image')

/**
 * `GET /uploads/:name`: serves an uploaded image to a signed-in user who may at least view its
 * document. Needs the `services` and `principal` variables set by the caller's middleware.
 */
export const uploadFileRoutes = new Hono<AppEnv>()
  .get('/uploads/:name', async (c) => {
    const match = UPLOAD_NAME.exec(c.req.param('name'))
    const principal = c.get('principal')
    if (!match || !principal) throw noSuchImage()
    const [, id, extension] = match
    const { db, uploadsDir } = c.var.services
    const row = await db
      .select()
      .from(uploads)
      .where(eq(uploads.id, id as string))
      .get()
    if (!row || EXTENSION_OF[row.mime] !== extension) throw noSuchImage()
    const doc = await loadDocumentRow(db, row.documentId)
    if (!doc || documentPermission(await loadSubject(db, principal.user), doc) === 'none') {
      throw noSuchImage()
    }
    let bytes: Buffer
    try {
      bytes = await fs.readFile(path.join(uploadsDir, `${row.id}.${extension}`))
    } catch {
      throw noSuchImage()
    }
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': row.mime,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=31536000, immutable',
    })
  })
  .all('/uploads/*', () => {
    throw noSuchImage()
  })
