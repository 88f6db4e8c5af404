import { type Context, Hono } from 'hono'
import { type AppEnv, requirePrincipal } from '../../../http/context.ts'
import { loadSubject } from '../../documents/index.ts'
import { loadMeetingAndPlan, meetingAccess } from '../../meetings/index.ts'
import { safeName } from '../docx/planExportData.ts'
import { loadMinutesFacts } from '../minutes/minutesData.ts'
import { buildMinutesDocx, MINUTES_TITLE } from '../minutes/minutesDocx.ts'
import { type ExportFormat, sendExport } from './exportResponse.ts'

/** The record's file name without extension: 集体备课记录-<课题>-<YYYY-MM-DD>. */
export function minutesBaseName(planTitle: string, date: string): string {
  return [MINUTES_TITLE, safeName(planTitle) || '教案', date].join('-')
}

/** The .docx of a meeting's record, for whoever may view the meeting (403/404 like it). */
async function minutesDocx(c: Context<AppEnv>): Promise<{ bytes: Buffer; baseName: string }> {
  const { kdb, store, registry } = c.var.services
  const subject = await loadSubject(kdb, requirePrincipal(c).user)
  const { meeting, plan } = meetingAccess(
    subject,
    await loadMeetingAndPlan(kdb, c.req.param('id') ?? ''),
  )
  const facts = await loadMinutesFacts({ kdb, store, registry }, meeting, plan)
  return {
    bytes: await buildMinutesDocx(facts),
    baseName: minutesBaseName(facts.planTitle, facts.date),
  }
}

/** Sends a meeting's record as Word, or as PDF through LibreOffice. */
async function sendMinutes(c: Context<AppEnv>, format: ExportFormat): Promise<Response> {
  const { bytes, baseName } = await minutesDocx(c)
  return sendExport(c, format, bytes, baseName, 'minutes')
}

/** The 集体备课记录 of a meeting: `GET /sessions/:id/minutes.docx` and `…/minutes.pdf`. */
export const minutesRoutes = new Hono<AppEnv>()
  .get('/sessions/:id/minutes.docx', (c) => sendMinutes(c, 'docx'))
  .get('/sessions/:id/minutes.pdf', (c) => sendMinutes(c, 'pdf'))
