import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { oneTimeLinkUrl } from '../../../../shared/identity/oneTimeLinks.ts'
import { MAX_IMPORT_FILE_BYTES } from '../../../../shared/identity/teacherImport.ts'
import { badRequest, DomainError } from '../../../domainError.ts'
import { type AppEnv, publicOrigin, requirePrincipal } from '../../../http/context.ts'
import { createImportedTeachers } from './commands.ts'
import { assertMayImportTeachers, importSchoolOf } from './policy.ts'
import { checkRoster, previewRow } from './previewRoster.ts'
import { resultFileName, resultWorkbook, templateWorkbook } from './workbooks.ts'

/** Room for the multipart envelope around the file before the body is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const tooLarge = (): DomainError =>
  new DomainError(
    'too_large',
    `A roster may be at most ${MAX_IMPORT_FILE_BYTES / (1024 * 1024)} MB`,
  )

const limitBody = bodyLimit({
  maxSize: MAX_IMPORT_FILE_BYTES + MULTIPART_OVERHEAD_BYTES,
  onError: () => {
    throw tooLarge()
  },
})

/** The roster sent in the `file` field of a multipart body, or a 400 / 413. */
async function uploadedRoster(
  parse: () => Promise<Record<string, unknown>>,
): Promise<{ name: string; bytes: Uint8Array }> {
  let body: Record<string, unknown>
  try {
    body = await parse()
  } catch {
    throw badRequest('Send the roster as multipart form data')
  }
  const file = body.file
  if (!(file instanceof File)) throw badRequest('Send one .xlsx or .csv file in the "file" field')
  if (file.size > MAX_IMPORT_FILE_BYTES) throw tooLarge()
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

/** The teacher import of the admin console: template, preview and import (stateless). */
export const teacherImportRoutes = new Hono<AppEnv>()
  .get('/admin/teacher-import/template.xlsx', async (c) => {
    assertMayImportTeachers(requirePrincipal(c))
    const bytes = await templateWorkbook()
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': XLSX_MIME,
      'content-disposition': `attachment; filename="teachers-template.xlsx"; filename*=UTF-8''${encodeURIComponent('教师名单模板.xlsx')}`,
      'cache-control': 'no-store',
    })
  })
  .post('/admin/teacher-import/preview', limitBody, async (c) => {
    const principal = requirePrincipal(c)
    assertMayImportTeachers(principal)
    const file = await uploadedRoster(() => c.req.parseBody())
    const roster = await checkRoster(c.var.services.kdb, importSchoolOf(principal), file)
    return c.json({
      ok: true as const,
      fileName: file.name,
      columns: roster.columns,
      rows: roster.rows.map(previewRow),
      counts: roster.counts,
    })
  })
  .post('/admin/teacher-import', limitBody, async (c) => {
    const { kdb, executor } = c.var.services
    const principal = requirePrincipal(c)
    assertMayImportTeachers(principal)
    const file = await uploadedRoster(() => c.req.parseBody())
    const schoolId = importSchoolOf(principal)
    const roster = await checkRoster(kdb, schoolId, file)
    const created = await createImportedTeachers(executor, roster.rows, {
      userId: principal.user.id,
      schoolId,
      ip: c.var.clientAddress,
      fileName: file.name,
      counts: roster.counts,
    })
    const origin = publicOrigin(c)
    const links = new Map(
      created.map((teacher) => [
        teacher.line,
        { url: oneTimeLinkUrl(origin, 'sign_in', teacher.secret), expiresAt: teacher.expiresAt },
      ]),
    )
    const workbook = await resultWorkbook(roster.rows, links)
    return c.json({
      ok: true as const,
      created: created.length,
      existing: roster.counts.existing,
      invalid: roster.counts.invalid,
      result: { fileName: resultFileName(Date.now()), base64: workbook.toString('base64') },
    })
  })
