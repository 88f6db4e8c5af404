import { type Context, Hono } from 'hono'
import { headerOf } from '../../../../shared/editor/header.ts'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadSubject } from '../../documents/index.ts'
import { type PublishedSnapshot, publishedSnapshot } from '../../library/index.ts'
import { buildPlanDocx } from '../docx/planDocx.ts'
import { beijingDate, exportBaseName, loadPlanImages } from '../docx/planExportData.ts'
import { type ExportFormat, sendExport } from './exportResponse.ts'

/** The attribution line of an exported library entry (in its footer). */
export function libraryAttribution(entry: PublishedSnapshot): string {
  const authors = entry.authors
    .map((author) => (author.school ? `${author.name}（${author.school}）` : author.name))
    .join('、')
  return [
    `来自共享资源库 · ${entry.schoolName}`,
    authors ? `作者 ${authors}` : '',
    `第 ${entry.version} 版 ${beijingDate(entry.publishedAt)}`,
    entry.licence,
  ]
    .filter((part) => part !== '')
    .join(' · ')
}

async function exportEntry(c: Context<AppEnv>, format: ExportFormat): Promise<Response> {
  const { kdb, uploadsDir } = c.var.services
  const subject = await loadSubject(kdb, requirePrincipal(c).user)
  const entry = await publishedSnapshot(kdb, c.req.param('id') ?? '')
  const bytes = await buildPlanDocx({
    json: entry.json,
    title: entry.title,
    school: entry.schoolName,
    signOff: null,
    // The published plan's images, for those who may see its source plan (as on the entry page).
    images: await loadPlanImages(kdb, uploadsDir, subject, null, entry.json),
    footerNote: libraryAttribution(entry),
  })
  const baseName = exportBaseName(
    { grade: entry.grade, subject: entry.subject, lesson: entry.lesson, title: entry.title },
    headerOf(entry.json).lessonTitle,
    null,
    `资源库v${entry.version}`,
  )
  return sendExport(c, format, bytes, baseName)
}

/**
 * Exports of a library entry's published content: `GET /library/:id/export.docx|pdf`, for
 * anyone who may read the entry (everyone signed in; a withdrawn entry is a 404).
 */
export const libraryExportRoutes = new Hono<AppEnv>()
  .get('/library/:id/export.docx', (c) => exportEntry(c, 'docx'))
  .get('/library/:id/export.pdf', (c) => exportEntry(c, 'pdf'))
