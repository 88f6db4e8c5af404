import { type Context, Hono } from 'hono'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadSubject } from '../../documents/index.ts'
import { reportForSubject } from '../../observations/index.ts'
import { beijingDate, safeName } from '../docx/planExportData.ts'
import { buildReportDocx, REPORT_TITLE } from '../observation/reportDocx.ts'
import { type ExportFormat, sendExport } from './exportResponse.ts'

/** The report's file name without extension: 评课报告-<课题>-<YYYY-MM-DD>. */
export function reportBaseName(planTitle: string, date: string): string {
  return [REPORT_TITLE, safeName(planTitle) || '教案', date].join('-')
}

/** Sends an observation's report as Word, or as PDF through LibreOffice (404/409 like the JSON report). */
async function sendReport(c: Context<AppEnv>, format: ExportFormat): Promise<Response> {
  const { kdb } = c.var.services
  const subject = await loadSubject(kdb, requirePrincipal(c).user)
  const report = await reportForSubject(kdb, subject, c.req.param('id') ?? '')
  const bytes = await buildReportDocx(report)
  const { documentTitle, startsAt } = report.observation
  return sendExport(
    c,
    format,
    bytes,
    reportBaseName(documentTitle, beijingDate(startsAt)),
    'observation-report',
  )
}

/** The 评课报告 of an observation: `GET /observations/:id/report.docx` and `…/report.pdf`. */
export const observationReportRoutes = new Hono<AppEnv>()
  .get('/observations/:id/report.docx', (c) => sendReport(c, 'docx'))
  .get('/observations/:id/report.pdf', (c) => sendReport(c, 'pdf'))
