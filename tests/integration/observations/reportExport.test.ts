import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ObservationInfo } from '../../../shared/observations/observationApi.ts'
import { WEIGHTED_RUBRIC } from '../../../shared/observations/seededRubrics.ts'
import { firstMissingInOrder, getBinary, hasSoffice } from '../../helpers/docxExport.ts'
import {
  clientNoteId,
  expectStatus,
  LESSON_AT,
  putScores,
  putTimings,
  readReport,
  scheduleDemoObservation,
  scoresOf,
} from '../../helpers/observations.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const NOTE = '概念由实例归纳，学生参与度高'
const STRENGTHS = '情境导入贴近生活'
const SUGGESTION = '归纳概念时多给学生表述的机会'

let server: TestServer
let api: DemoCaller
let info: ObservationInfo

async function download(username: string, suffix: 'docx' | 'pdf' = 'docx') {
  const result = await getBinary(
    server,
    `/api/observations/${info.id}/report.${suffix}`,
    (await api.session(username)).cookie,
  )
  return result
}

async function reportText(username: string): Promise<string> {
  const result = await download(username)
  expect(result.status).toBe(200)
  return (await mammoth.extractRawText({ buffer: result.bytes })).value
}

/** A number as the report writes it (at most one decimal). */
function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10)
}

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true })
  api = new DemoCaller(server)
  info = await scheduleDemoObservation(server, api)
  await putScores(api, 'demo-teacher-b', info.id, scoresOf(WEIGHTED_RUBRIC, 5))
  await putScores(api, 'demo-lead', info.id, scoresOf(WEIGHTED_RUBRIC, 4))
  await putScores(api, 'demo-teacher-c', info.id, scoresOf(WEIGHTED_RUBRIC, 4, { methods: 2 }))
  await putTimings(api, 'demo-teacher-b', info.id, [0, 5, 16, 28, 36, 43], 45)
  await putTimings(api, 'demo-lead', info.id, [0, 4, 15, 27, 35, 42], 46)
  const at = LESSON_AT + 6 * 60_000
  expectStatus(
    await api.call(
      'demo-teacher-b',
      'PUT',
      `/api/observations/${info.id}/sheet/notes/${clientNoteId()}`,
      { step: 1, text: NOTE, at, editedAt: at },
    ),
    200,
  )
  expectStatus(
    await api.call('demo-teacher-b', 'PUT', `/api/observations/${info.id}/sheet/comments`, {
      strengths: STRENGTHS,
      suggestions: [{ id: clientNoteId(), text: SUGGESTION, step: 1 }],
    }),
    200,
  )
}, 60_000)
afterAll(async () => {
  await server?.close()
})

describe('the 评课报告 as Word (GET /api/observations/:id/report.docx)', () => {
  it('waits for closing like the JSON report: 409 for the teacher, 404 for an outsider', async () => {
    const early = await download('demo-teacher-a')
    expect(early.status).toBe(409)
    expect(JSON.parse(early.bytes.toString('utf8')).error).toBe('report_not_ready')
    expect((await download('demo-outsider')).status).toBe(404)
    expect((await download('demo-outsider', 'pdf')).status).toBe(404)
    expect((await download('demo-lead')).status).toBe(200)
  })

  it('writes the header, totals, grade, every item row, the notes and comments in order', async () => {
    expectStatus(
      await api.call('demo-teacher-a', 'POST', `/api/observations/${info.id}/close`),
      200,
    )
    const result = await download('demo-teacher-a')
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toContain('wordprocessingml')
    const report = await readReport(api, 'demo-teacher-a', info.id)
    const { observation } = report
    const name = `评课报告-${observation.documentTitle}-2026-12-08.docx`
    expect(result.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    const text = (await mammoth.extractRawText({ buffer: result.bytes })).value
    const header = [
      '评课报告',
      '授课教师',
      observation.teacher.displayName,
      '班级',
      '七年级（3）班',
      '学校',
      observation.teacher.schoolName,
      '地点',
      '城关第一中学 302 教室',
      '时间',
      '2026-12-08 09:00–09:45',
      '课题',
      observation.documentTitle,
      observation.versionName,
      '评课表',
      observation.rubricName,
      `第 ${observation.rubricVersion} 版`,
    ]
    expect(firstMissingInOrder(text, header)).toBeNull()
    const stats = report.total.stats
    expect(stats).not.toBeNull()
    expect(report.total.grade).not.toBeNull()
    expect(
      firstMissingInOrder(text, [
        '总评',
        `平均总分 ${oneDecimal(stats?.mean ?? 0)}`,
        `最低 ${oneDecimal(stats?.min ?? 0)}`,
        `最高 ${oneDecimal(stats?.max ?? 0)}`,
        `等级：${report.total.grade}`,
      ]),
    ).toBeNull()
    const observerRows = report.observers.flatMap((observer) => [
      observer.label,
      oneDecimal(observer.total),
      observer.grade ?? '—',
    ])
    expect(observerRows.slice(0, 3)).toEqual(['张晓燕', '100', '优'])
    expect(firstMissingInOrder(text, ['观课教师评分', ...observerRows])).toBeNull()
    const itemRows = report.items.flatMap((item) => [
      item.name,
      oneDecimal(item.weight),
      oneDecimal(item.stats?.mean ?? 0),
      `${oneDecimal(item.stats?.min ?? 0)}–${oneDecimal(item.stats?.max ?? 0)}`,
      oneDecimal(item.stats?.stdDev ?? 0),
      ...item.scores.map((score) => oneDecimal(score.value)),
    ])
    expect(report.items.length).toBe(WEIGHTED_RUBRIC.items.length)
    expect(firstMissingInOrder(text, ['各项得分', ...itemRows, '加分'])).toBeNull()
    const step = report.steps[1]
    expect(
      firstMissingInOrder(text, [
        '研讨议程',
        ...report.agenda.map((item) => item.title),
        '时间分配',
        step?.name ?? '',
        String(step?.planned ?? ''),
        oneDecimal(step?.actual ?? 0),
        '随堂记录',
        `2. ${step?.name ?? ''}`,
        `09:06 张晓燕：${NOTE}`,
        '评语',
        '张晓燕',
        `亮点：${STRENGTHS}`,
        `【环节：${step?.name ?? ''}】${SUGGESTION}`,
      ]),
    ).toBeNull()
  })

  it('hides observers’ names from the teacher when the group says so, never from the lead', async () => {
    const settings = `/api/observations/settings/${await api.demoGroupId()}`
    expectStatus(await api.call('demo-lead', 'PUT', settings, { showObserverNames: false }), 200)
    const teacher = await reportText('demo-teacher-a')
    expect(teacher).not.toContain('张晓燕')
    expect(teacher).not.toContain('孙伟')
    expect(firstMissingInOrder(teacher, ['观课教师 1', '观课教师 2', '观课教师 3'])).toBeNull()
    expect(teacher).toContain(`09:06 观课教师 1：${NOTE}`)
    expect(await reportText('demo-lead')).toContain('张晓燕')
    expectStatus(await api.call('demo-lead', 'PUT', settings, { showObserverNames: true }), 200)
  })

  it('converts the report to PDF with LibreOffice', async (context) => {
    if (!hasSoffice()) {
      context.skip('soffice (LibreOffice) is not installed: PDF export is not tested')
      return
    }
    const result = await download('demo-lead', 'pdf')
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toBe('application/pdf')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-report-pdf-'))
    const file = path.join(dir, 'report.pdf')
    fs.writeFileSync(file, result.bytes)
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8')
    // Kept for a look at its pages when asked (pdftoppm → PNG).
    const keep = process.env.REPORT_PDF_DIR
    if (keep) fs.copyFileSync(file, path.join(keep, 'report.pdf'))
    fs.rmSync(dir, { recursive: true, force: true })
    expect(firstMissingInOrder(text, ['评课报告', '授课教师', '各项得分', SUGGESTION])).toBeNull()
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/)
  }, 120_000)
})
