import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { MAX_UPLOAD_BYTES } from '../../../shared/limits.ts'
import { badRequest, DomainError, notFound } from '../../domainError.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../http/context.ts'
import { requireUploadQuota } from '../../http/quotas.ts'
import {
  documentPermission,
  loadDocumentRow,
  loadSubject,
  requireViewable,
} from '../documents/index.ts'
import { storeUpload } from './commands.ts'
import { detectImageMime, EXTENSION_OF, UPLOAD_NAME } from './imageFiles.ts'
import { mayViewImage, requireEditPermission } from './policy.ts'
import { loadUpload, readUploadFile } from './queries.ts'
import { uploadQuery } from './schema.ts'

/** Room for the multipart envelope around the file before the body is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const tooLarge = (): DomainError =>
  new DomainError('too_large', `Images may be at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB`)

/** Only a signed-in user who may edit the `?documentId=` document gets past (401/404/403). */
const requireEditableDocument = createMiddleware<AppEnv>(async (c, next) => {
  const { kdb } = c.var.services
  const principal = requirePrincipal(c)
  const documentId = c.req.query('documentId') ?? ''
  const subject = await loadSubject(kdb, principal.user)
  const row = requireViewable(subject, await loadDocumentRow(kdb, documentId))
  requireEditPermission(documentPermission(subject, row))
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
    const { kdb, uploadsDir } = c.var.services
    const principal = requirePrincipal(c)
    const { documentId } = c.req.valid('query')
    const file = await uploadedFile(() => c.req.parseBody({ all: true }))
    if (file.size > MAX_UPLOAD_BYTES) throw tooLarge()
    await requireUploadQuota(kdb, principal.user.id, file.size)
    const bytes = new Uint8Array(await file.arrayBuffer())
    const mime = detectImageMime(bytes)
    if (!mime) throw badRequest('Only PNG, JPEG, GIF and WebP images can be uploaded')
    const name = await storeUpload(kdb, uploadsDir, {
      documentId,
      ownerId: principal.user.id,
      mime,
      bytes,
    })
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
    const { kdb, uploadsDir } = c.var.services
    const row = await loadUpload(kdb, id as string)
    if (!row || EXTENSION_OF[row.mime] !== extension) throw noSuchImage()
    const doc = await loadDocumentRow(kdb, row.documentId)
    if (!doc || !mayViewImage(documentPermission(await loadSubject(kdb, principal.user), doc))) {
      throw noSuchImage()
    }
    const bytes = await readUploadFile(uploadsDir, `${row.id}.${extension}`)
    if (!bytes) throw noSuchImage()
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': row.mime,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=31536000, immutable',
    })
  })
  .all('/uploads/*', () => {
    throw noSuchImage()
  })
