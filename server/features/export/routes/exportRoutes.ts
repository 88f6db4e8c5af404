import type { JSONContent } from '@tiptap/core'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { headerOf } from '../../../../shared/editor/header.ts'
import { notFound } from '../../../domainError.ts'
import { type AppEnv, queryOf, requirePrincipal } from '../../../http/context.ts'
import {
  type AccessibleDocumentRow,
  type AccessSubject,
  loadDocumentRow,
  loadSubject,
  requireViewable,
} from '../../documents/index.ts'
import { versionState } from '../../history/index.ts'
import { personalAppendix } from '../docx/personalAppendix.ts'
import type { PlanSignOff } from '../docx/planDocx.ts'
import { buildPlanDocx } from '../docx/planDocx.ts'
import {
  beijingDate,
  exportBaseName,
  loadPlanImages,
  schoolName,
  signOffOf,
  versionSignOff,
} from '../docx/planExportData.ts'
import { planOfState } from '../docx/stateJson.ts'
import { type ExportFormat, sendExport } from './exportResponse.ts'

/** `?appendix=0` leaves a 个案's 「与共案的差异」 out (it is in by default). */
const exportQuery = z.object({ appendix: z.enum(['0', '1']).optional() })

/** What is exported of a plan: its content now or a saved version, and how it is signed. */
interface PlanContent {
  json: JSONContent
  signOff: PlanSignOff | null
  footerNote?: string
  /** Added to the file name when no sign-off names the file (e.g. the version's name). */
  suffix?: string
}

/** The signed-in caller and the route's plan, which they may view (404/403 otherwise). */
async function viewedPlan(
  c: Context<AppEnv>,
): Promise<{ subject: AccessSubject; row: AccessibleDocumentRow }> {
  const { kdb } = c.var.services
  const subject = await loadSubject(kdb, requirePrincipal(c).user)
  const row = requireViewable(subject, await loadDocumentRow(kdb, c.req.param('id') ?? ''))
  return { subject, row }
}

/** Builds and sends the export of a plan's content (with a 个案's appendix unless refused). */
async function exportPlan(
  c: Context<AppEnv>,
  format: ExportFormat,
  plan: { subject: AccessSubject; row: AccessibleDocumentRow },
  content: PlanContent,
): Promise<Response> {
  const { kdb, store, uploadsDir } = c.var.services
  const { subject, row } = plan
  const withAppendix = c.req.query('appendix') !== '0'
  const bytes = await buildPlanDocx({
    json: content.json,
    title: row.title,
    school: await schoolName(kdb, row.schoolId),
    signOff: content.signOff,
    images: await loadPlanImages(kdb, uploadsDir, subject, row.id, content.json),
    ...(content.footerNote ? { footerNote: content.footerNote } : {}),
    ...(withAppendix ? { appendix: await personalAppendix(kdb, store, row.id, content.json) } : {}),
  })
  const baseName = exportBaseName(
    row,
    headerOf(content.json).lessonTitle,
    content.signOff,
    content.suffix,
  )
  return sendExport(c, format, bytes, baseName)
}

/** The live content of a plan, signed as its lifecycle says. */
async function liveContent(c: Context<AppEnv>, row: AccessibleDocumentRow): Promise<PlanContent> {
  const { kdb, registry } = c.var.services
  return {
    json: planOfState(await registry.encodeState(row.id)),
    signOff: await signOffOf(kdb, row.id),
  }
}

/** A saved version of a plan (404 when it is not one of the plan's), signed if it is a sign-off. */
async function versionContent(
  c: Context<AppEnv>,
  row: AccessibleDocumentRow,
): Promise<PlanContent> {
  const { kdb, store } = c.var.services
  const raw = c.req.param('versionId') ?? ''
  const versionId = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null
  const info =
    versionId === null
      ? undefined
      : (await store.listVersions(row.id)).find((version) => version.id === versionId)
  const state = info ? await versionState(store, row.id, info.id) : null
  if (!info || !state) throw notFound('Version')
  const signOff = await versionSignOff(kdb, info)
  return {
    json: planOfState(state),
    signOff,
    ...(signOff ? {} : { footerNote: `历史版本：${info.name}（${beijingDate(info.createdAt)}）` }),
    suffix: info.name,
  }
}

/**
 * Exports of a plan: `GET /documents/:id/export.docx|pdf` (the live plan) and
 * `GET /documents/:id/versions/:versionId/export.docx|pdf` (a saved version, e.g. the signed
 * 共案), for whoever may read the plan (and so its history). A 个案 ends with 「与共案的差异」
 * unless `?appendix=0`.
 */
export const exportRoutes = new Hono<AppEnv>()
  .get('/documents/:id/export.docx', queryOf(exportQuery), async (c) => {
    const plan = await viewedPlan(c)
    return exportPlan(c, 'docx', plan, await liveContent(c, plan.row))
  })
  .get('/documents/:id/export.pdf', queryOf(exportQuery), async (c) => {
    const plan = await viewedPlan(c)
    return exportPlan(c, 'pdf', plan, await liveContent(c, plan.row))
  })
  .get('/documents/:id/versions/:versionId/export.docx', queryOf(exportQuery), async (c) => {
    const plan = await viewedPlan(c)
    return exportPlan(c, 'docx', plan, await versionContent(c, plan.row))
  })
  .get('/documents/:id/versions/:versionId/export.pdf', queryOf(exportQuery), async (c) => {
    const plan = await viewedPlan(c)
    return exportPlan(c, 'pdf', plan, await versionContent(c, plan.row))
  })
