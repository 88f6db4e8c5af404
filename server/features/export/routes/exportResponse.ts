import type { Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../../http/context.ts'
import { attachmentDisposition } from '../docx/planExportData.ts'
import { docxToPdf } from '../pdf/sofficePdf.ts'

/** Content type of a .docx. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** The formats an export route answers in (the path's extension). */
export const exportFormat = z.enum(['docx', 'pdf'])

/** A format of an export route. */
export type ExportFormat = z.infer<typeof exportFormat>

/**
 * Sends an exported .docx, or converts it to PDF with LibreOffice first, under its Chinese file
 * name (RFC 5987) with an ASCII fallback (`<fallbackStem>.docx`).
 */
export async function sendExport(
  c: Context<AppEnv>,
  format: ExportFormat,
  docx: Buffer,
  baseName: string,
  fallbackStem = 'plan',
): Promise<Response> {
  const bytes = format === 'pdf' ? await docxToPdf(docx) : docx
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': format === 'pdf' ? 'application/pdf' : DOCX_MIME,
    'Content-Disposition': attachmentDisposition(
      `${fallbackStem}.${format}`,
      `${baseName}.${format}`,
    ),
    'Cache-Control': 'no-store',
  })
}
