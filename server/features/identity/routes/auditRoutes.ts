import { Hono } from 'hono'
import Papa from 'papaparse'
import { type AppEnv, queryOf, requirePrincipal } from '../../../http/context.ts'
import {
  type AuditLogItem,
  listAuditActions,
  listAuditForExport,
  listAuditPage,
} from '../auditQueries.ts'
import { auditScope } from '../policy.ts'
import { auditFilterQuery, auditQuery } from '../schema.ts'

/** At most this many entries go into one CSV export. */
export const AUDIT_EXPORT_CAP = 50_000

/** The header row of the CSV export: Chinese and English, so either reader understands it. */
const CSV_HEADER = [
  '时间 Time (UTC)',
  '操作人 Actor',
  '操作人学校 Actor school',
  '操作 Action',
  '对象类型 Target type',
  '对象 Target',
  '对象ID Target ID',
  'IP',
  '详情 Details',
]

/** One entry as a row of the CSV export. */
function csvRow(item: AuditLogItem): string[] {
  return [
    new Date(item.at).toISOString(),
    item.actorName ?? item.actorId ?? '',
    item.actorSchoolName ?? '',
    item.action,
    item.targetType ?? '',
    item.targetLabel ?? '',
    item.targetId ?? '',
    item.ip ?? '',
    item.details ? JSON.stringify(item.details) : '',
  ]
}

/** `YYYYMMDD` of an instant (UTC), for the export's file name. */
function compactDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replaceAll('-', '')
}

/** The audit log: all of it for the alliance admin, one school's part for a school admin. */
export const auditRoutes = new Hono<AppEnv>()
  .get('/audit', queryOf(auditQuery), async (c) => {
    const { schoolId } = auditScope(requirePrincipal(c))
    const { limit, before, ...filter } = c.req.valid('query')
    const page = await listAuditPage(
      c.var.services.kdb,
      { ...filter, schoolId },
      { limit: limit ?? 100, before },
    )
    return c.json({ ok: true as const, ...page })
  })
  .get('/audit/actions', async (c) => {
    const { schoolId } = auditScope(requirePrincipal(c))
    const items = await listAuditActions(c.var.services.kdb, schoolId)
    return c.json({ ok: true as const, items })
  })
  .get('/audit/export', queryOf(auditFilterQuery), async (c) => {
    const { schoolId } = auditScope(requirePrincipal(c))
    const items = await listAuditForExport(
      c.var.services.kdb,
      { ...c.req.valid('query'), schoolId },
      AUDIT_EXPORT_CAP,
    )
    // A byte-order mark first, so that Excel reads the UTF-8 (Chinese names) correctly.
    const csv = `\uFEFF${Papa.unparse({ fields: CSV_HEADER, data: items.map(csvRow) })}\r\n`
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${compactDate(Date.now())}.csv"`,
    })
  })
