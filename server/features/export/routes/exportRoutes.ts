import { type Context, Hono } from 'hono'
import { headerOf } from '../../../../shared/editor/header.ts'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadDocumentRow, loadSubject, requireViewable } from '../../documents/index.ts'
import { buildPlanDocx } from '../docx/planDocx.ts'
import {
  attachmentDisposition,
  exportBaseName,
  loadPlanImages,
  schoolName,
  signOffOf,
} from '../docx/planExportData.ts'
import { planOfState } from '../docx/stateJson.ts'
import { docxToPdf } from '../pdf/sofficePdf.ts'

/** Content type of a .docx. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** The .docx of a plan the caller may view, and the file name it is offered under. */
async function exportDocx(c: Context<AppEnv>): Promise<{ bytes: Buffer; baseName: string }> {
  const { kdb, registry, uploadsDir } = c.var.services
  const principal = requirePrincipal(c)
  const subject = await loadSubject(kdb, principal.user)
  const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id') ?? ''))
  const json = planOfState(await registry.encodeState(row.id))
  const header = headerOf(json)
  const signOff = await signOffOf(kdb, row.id)
  const bytes = await buildPlanDocx({
    json,
    title: row.title,
    school: await schoolName(kdb, row.schoolId),
    signOff,
    images: await loadPlanImages(kdb, uploadsDir, subject, row, json),
  })
  return { bytes, baseName: exportBaseName(row, header.lessonTitle, signOff) }
}

/** Exports of a plan: `GET /documents/:id/export.docx` (Word) and `…/export.pdf` (LibreOffice). */
export const exportRoutes = new Hono<AppEnv>()
  .get('/documents/:id/export.docx', async (c) => {
    const { bytes, baseName } = await exportDocx(c)
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': DOCX_MIME,
      'Content-Disposition': attachmentDisposition('plan.docx', `${baseName}.docx`),
      'Cache-Control': 'no-store',
    })
  })
  .get('/documents/:id/export.pdf', async (c) => {
    const { bytes, baseName } = await exportDocx(c)
    const pdf = await docxToPdf(bytes)
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentDisposition('plan.pdf', `${baseName}.pdf`),
      'Cache-Control': 'no-store',
    })
  })
