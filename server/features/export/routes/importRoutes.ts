import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as Y from 'yjs'
import { jsonToYDoc, yDocToJSON } from '../../../../shared/editor/derive.ts'
import { headerOf } from '../../../../shared/editor/header.ts'
import type { PlanHeaderFields, PlanHeaderKey } from '../../../../shared/editor/planSchema.ts'
import type {
  ImportDoneResponse,
  ImportPreviewResponse,
} from '../../../../shared/export/importApi.ts'
import { badRequest, DomainError } from '../../../domainError.ts'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { requireDocumentQuota, requireUploadQuota } from '../../../http/quotas.ts'
import {
  createDocument,
  loadDocumentRow,
  loadSubject,
  requireEditingMember,
} from '../../documents/index.ts'
import { requireRestorable, restoreInto } from '../../history/index.ts'
import { detectImageMime, storeUpload } from '../../uploads/index.ts'
import { MAX_IMPORT_BYTES } from '../import/docxGuard.ts'
import { type ParsedDocx, parseDocx } from '../import/parseDocx.ts'
import { importedPlanJSON } from '../import/planFromBlocks.ts'
import { importPreview, importTitle } from '../import/preview.ts'

/** Room for the multipart envelope around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

/** Name of the version that keeps a plan's content before an import replaces it. */
export const BEFORE_IMPORT_VERSION = '导入前'

const tooLarge = (): DomainError =>
  new DomainError('docx_too_large', 'Word files may be at most 20 MiB')

/** The upload cap, checked before the body is read. */
const importBodyLimit = bodyLimit({
  maxSize: MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES,
  onError: () => {
    throw tooLarge()
  },
})

/** The fields of an import form. */
interface ImportForm {
  file: File
  groupId: string | null
  confirm: boolean
}

async function importForm(c: Context<AppEnv>): Promise<ImportForm> {
  let body: Record<string, unknown>
  try {
    body = await c.req.parseBody()
  } catch {
    throw badRequest('Send the Word file as multipart form data')
  }
  const file = body.file
  if (!(file instanceof File)) throw badRequest('Send one .docx file in the "file" field')
  if (file.size > MAX_IMPORT_BYTES) throw tooLarge()
  const groupId = typeof body.groupId === 'string' && body.groupId !== '' ? body.groupId : null
  return { file, groupId, confirm: body.confirm === 'true' || body.confirm === '1' }
}

async function parsedFile(file: File): Promise<ParsedDocx> {
  return parseDocx(new Uint8Array(await file.arrayBuffer()))
}

/** Stores the file's images for the document; an image of an unknown type gets no URL. */
async function storeImages(
  c: Context<AppEnv>,
  parsed: ParsedDocx,
  documentId: string,
  ownerId: string,
): Promise<Array<string | undefined>> {
  const { kdb, uploadsDir } = c.var.services
  const images = await Promise.all(parsed.images.map((image) => image.read()))
  const total = images.reduce((sum, bytes) => sum + bytes.byteLength, 0)
  if (total > 0) await requireUploadQuota(kdb, ownerId, total)
  const srcs: Array<string | undefined> = []
  for (const bytes of images) {
    const mime = detectImageMime(bytes)
    srcs.push(
      mime
        ? `/uploads/${await storeUpload(kdb, uploadsDir, { documentId, ownerId, mime, bytes })}`
        : undefined,
    )
  }
  return srcs
}

/**
 * The header an import into an existing plan writes: the fields the file set, the plan's own
 * values for the others (a file without 课题 or 学科 does not blank them).
 */
async function keptHeader(
  c: Context<AppEnv>,
  documentId: string,
  parsed: ParsedDocx,
): Promise<PlanHeaderFields> {
  const live = new Y.Doc()
  try {
    Y.applyUpdate(live, await c.var.services.registry.encodeState(documentId))
    const header: PlanHeaderFields = { ...headerOf(yDocToJSON(live)) }
    const values: Record<PlanHeaderKey, unknown> = header
    for (const key of parsed.plan.headerFound) values[key] = parsed.plan.header[key]
    return header
  } finally {
    live.destroy()
  }
}

/**
 * Importing a Word plan: `POST /documents/import` previews (or with `confirm=true` creates) a
 * new plan from a .docx; `POST /documents/:id/import` previews (or replaces, after a 导入前
 * version) an existing plan's content. Bad files are refused before anything is created.
 */
export const importRoutes = new Hono<AppEnv>()
  .post('/documents/import', importBodyLimit, async (c) => {
    const { kdb, store } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const form = await importForm(c)
    if (form.groupId !== null) {
      requireEditingMember(subject, form.groupId, 'You are not an editing member of this group')
    }
    const parsed = await parsedFile(form.file)
    const title = importTitle(parsed, form.file.name)
    if (!form.confirm) {
      const answer: ImportPreviewResponse = {
        ok: true,
        preview: importPreview(parsed, title, false),
      }
      return c.json(answer)
    }
    await requireDocumentQuota(kdb, principal.user.id, c.var.services.documentQuota)
    const { header } = parsed.plan
    const id = await createDocument(kdb, {
      ownerId: principal.user.id,
      schoolId: principal.user.schoolId,
      groupId: form.groupId,
      kind: 'lesson_plan',
      title,
      subject: header.subject,
      grade: header.grade,
      textbookEdition: header.textbookEdition,
      unit: header.unit,
      lesson: header.lessonTitle,
      visibility: form.groupId ? 'group' : 'private',
    })
    const srcs = await storeImages(c, parsed, id, principal.user.id)
    const plan = importedPlanJSON(
      {
        ...parsed.plan,
        header: {
          ...header,
          lessonTitle: title,
          mainPreparer: header.mainPreparer || principal.user.displayName,
        },
      },
      srcs,
    )
    const ydoc = jsonToYDoc(plan)
    await store.compact(id, Y.encodeStateAsUpdate(ydoc), 0)
    ydoc.destroy()
    const answer: ImportDoneResponse = { ok: true, id }
    return c.json(answer, 201)
  })
  .post('/documents/:id/import', importBodyLimit, async (c) => {
    const { kdb, registry, versions } = c.var.services
    const principal = requirePrincipal(c)
    const subject = await loadSubject(kdb, principal.user)
    const row = requireRestorable(subject, await loadDocumentRow(kdb, c.req.param('id')))
    if (row.kind !== 'lesson_plan')
      throw new DomainError('not_a_plan', 'Only lesson plans can be imported into')
    const form = await importForm(c)
    const parsed = await parsedFile(form.file)
    // The plan keeps its 课题 unless the file sets one (see keptHeader).
    const title = parsed.plan.headerFound.includes('lessonTitle')
      ? importTitle(parsed, form.file.name)
      : row.title
    const header = await keptHeader(c, row.id, parsed)
    if (!form.confirm) {
      const answer: ImportPreviewResponse = {
        ok: true,
        preview: importPreview({ ...parsed, plan: { ...parsed.plan, header } }, title, true),
      }
      return c.json(answer)
    }
    const before = await versions.record(row.id, {
      kind: 'named',
      name: BEFORE_IMPORT_VERSION,
      createdBy: principal.user.id,
    })
    const srcs = await storeImages(c, parsed, row.id, principal.user.id)
    const imported = jsonToYDoc(importedPlanJSON({ ...parsed.plan, header }, srcs))
    try {
      await registry.changeAs(
        row.id,
        { userId: principal.user.id, schoolId: principal.user.schoolId },
        (live) => restoreInto(live, imported, {}),
      )
    } finally {
      imported.destroy()
    }
    const answer: ImportDoneResponse = { ok: true, id: row.id, versionId: before.id }
    return c.json(answer)
  })
