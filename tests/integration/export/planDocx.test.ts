import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PLANS } from '../../../server/seed/demoPlans.ts'
import { SECTIONS } from '../../../shared/editor/planSchema.ts'
import {
  documentXml,
  firstMissingInOrder,
  getBinary,
  hasSoffice,
} from '../../helpers/docxExport.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { demoPlanId, signIn } from '../../helpers/signIn.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const TITLES = SECTIONS.map((section) => section.label['zh-CN'])

describe('plan export to Word (GET /api/documents/:id/export.docx)', () => {
  let server: TestServer
  let api: DemoCaller
  let adminCookie = ''

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    adminCookie = (await signIn(server, 'demo-admin')).cookie
  })
  afterAll(async () => {
    await server?.close()
  })

  it('exports every demo plan with its header, ten sections and every step in order', async () => {
    expect(DEMO_PLANS.length).toBe(24)
    for (const [index, plan] of DEMO_PLANS.entries()) {
      const id = await demoPlanId(server.kdb, index)
      // Group plans are visible to the group; the lead sees them, the admin sees the school ones.
      const cookie = index < 4 ? (await api.session('demo-lead')).cookie : adminCookie
      const result = await getBinary(server, `/api/documents/${id}/export.docx`, cookie)
      expect(result.status, plan.title).toBe(200)
      expect(result.headers.get('content-type')).toContain('wordprocessingml')
      const { value: text } = await mammoth.extractRawText({ buffer: result.bytes })
      const header = [plan.subject, plan.grade, plan.textbookEdition, plan.unit, plan.title]
      const headerLabels = [
        '学科',
        '年级',
        '教材版本',
        '单元',
        '课题',
        '课型',
        '课时',
        '主备人',
        '参与教师',
        '学校',
      ]
      expect(firstMissingInOrder(text, headerLabels), plan.title).toBeNull()
      expect(firstMissingInOrder(text, header), plan.title).toBeNull()
      expect(
        firstMissingInOrder(text, [plan.lessonType, `${plan.periods} 课时`]),
        plan.title,
      ).toBeNull()
      expect(firstMissingInOrder(text, TITLES), plan.title).toBeNull()
      const processAt = text.indexOf('教学过程', text.indexOf('教学准备'))
      const stepTexts = plan.steps.flatMap((step) => [
        `${step.name}（${step.minutes} 分钟）`,
        step.teacher,
        step.student,
        step.intent,
      ])
      expect(firstMissingInOrder(text.slice(processAt), stepTexts), plan.title).toBeNull()
      const prose = Object.values(plan.sections).flat()
      for (const paragraph of prose) expect(text, plan.title).toContain(paragraph)
    }
  })

  it('sets 宋体/黑体 as East Asian fonts, A4, and repeats the process table header row', async () => {
    const id = await demoPlanId(server.kdb, 0)
    const result = await getBinary(
      server,
      `/api/documents/${id}/export.docx`,
      (await api.session('demo-lead')).cookie,
    )
    const xml = await documentXml(result.bytes)
    expect(xml).toMatch(/w:eastAsia="黑体"/)
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"')
    const processRow = xml.indexOf('环节（时间）')
    expect(processRow).toBeGreaterThan(0)
    const rowStart = xml.lastIndexOf('<w:tr>', processRow)
    const rowProps = xml.slice(rowStart, processRow)
    expect(rowProps).toContain('<w:tblHeader/>')
    expect(xml).toMatch(/<w:gridCol w:w="1500"\/><w:gridCol w:w="2500"\/>/)
    const { default: JSZip } = await import('jszip')
    const styles = await (await JSZip.loadAsync(result.bytes))
      .file('word/styles.xml')
      ?.async('string')
    expect(styles).toMatch(/w:eastAsia="宋体"/)
  })

  it('offers a Chinese file name (RFC 5987) and shows the sign-off in the footer of a signed plan', async () => {
    const { planId } = await api.taskWithPlan('导出签发')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const result = await getBinary(
      server,
      `/api/documents/${planId}/export.docx`,
      (await api.session('demo-lead')).cookie,
    )
    expect(result.status).toBe(200)
    const disposition = result.headers.get('content-disposition') ?? ''
    expect(disposition).toMatch(/^attachment; filename="plan\.docx"; filename\*=UTF-8''/)
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? ''
    expect(decodeURIComponent(encoded)).toMatch(/^七年级数学-.*导出签发.*-共案v1\.docx$/)
    const zip = await (await import('jszip')).default.loadAsync(result.bytes)
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => /^word\/footer\d*\.xml$/.test(name))
        .map((name) => zip.file(name)?.async('string') ?? ''),
    )
    const footer = footers.join('')
    expect(footer).toContain('共案 v1 · 签发 李红梅')
    expect(footer).toContain('PAGE')
    expect(footer).toContain('NUMPAGES')
  })

  it('refuses outsiders (403), unknown plans (404) and signed-out callers (401)', async () => {
    const id = await demoPlanId(server.kdb, 0)
    const outsider = (await signIn(server, 'demo-outsider')).cookie
    expect((await getBinary(server, `/api/documents/${id}/export.docx`, outsider)).status).toBe(403)
    expect((await getBinary(server, `/api/documents/${id}/export.pdf`, outsider)).status).toBe(403)
    expect(
      (await getBinary(server, '/api/documents/no-such-plan/export.docx', outsider)).status,
    ).toBe(404)
    expect((await getBinary(server, `/api/documents/${id}/export.docx`, null)).status).toBe(401)
  })

  it('answers 503 pdf_unavailable when LibreOffice is not installed', async () => {
    const id = await demoPlanId(server.kdb, 0)
    const before = process.env.SOFFICE_PATH
    process.env.SOFFICE_PATH = '/nonexistent/soffice'
    try {
      const result = await getBinary(
        server,
        `/api/documents/${id}/export.pdf`,
        (await api.session('demo-lead')).cookie,
      )
      expect(result.status).toBe(503)
      expect(JSON.parse(result.bytes.toString('utf8'))).toMatchObject({
        ok: false,
        error: 'pdf_unavailable',
      })
    } finally {
      if (before === undefined) delete process.env.SOFFICE_PATH
      else process.env.SOFFICE_PATH = before
    }
  })

  it('converts a plan to PDF with LibreOffice (title and a section title in the text)', async (context) => {
    if (!hasSoffice()) {
      context.skip('soffice (LibreOffice) is not installed: PDF export is not tested')
      return
    }
    const id = await demoPlanId(server.kdb, 0)
    const plan = DEMO_PLANS[0]
    const result = await getBinary(
      server,
      `/api/documents/${id}/export.pdf`,
      (await api.session('demo-lead')).cookie,
    )
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toBe('application/pdf')
    expect(result.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-pdf-test-'))
    const file = path.join(dir, 'plan.pdf')
    fs.writeFileSync(file, result.bytes)
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8')
    expect(text).toContain(plan?.title ?? '?')
    expect(text).toContain('教学过程')
    expect(text).toContain('环节（时间）')
    fs.rmSync(dir, { recursive: true, force: true })
  }, 120_000)
})
