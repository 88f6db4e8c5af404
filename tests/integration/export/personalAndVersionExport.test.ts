import JSZip from 'jszip'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PLAN_FRAGMENT } from '../../../shared/editor/planSchema.ts'
import type { VersionSummary } from '../../../shared/history/versionApi.ts'
import { firstMissingInOrder, getBinary } from '../../helpers/docxExport.ts'
import { sectionElement, sectionText, stepColumnText } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

async function footerXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx)
  const parts = Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name))
  return (await Promise.all(parts.map((name) => zip.file(name)?.async('string') ?? ''))).join('')
}

async function docxText(docx: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: docx })).value
}

function fileName(disposition: string | null): string {
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition ?? '')?.[1] ?? '')
}

describe('exporting a 个案 and a saved version of a plan', () => {
  let server: TestServer
  let api: DemoCaller
  let commonId = ''
  let personalId = ''

  const exportAs = async (username: string, path: string) =>
    getBinary(server, path, (await api.session(username)).cookie)

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    commonId = await api.signedCommonPlan('导出个案', (doc) => {
      sectionText(doc, 'keyPoints').insert(0, '共案重点：同类项的概念\n')
      sectionText(doc, 'homework').insert(0, '课本习题 2.2 第 1 题')
      stepColumnText(doc, 0, 'stepTeacher').insert(0, '出示天平图片')
    })
    personalId = await api.personalPlan(commonId, 'demo-teacher-b', '七年级（3）班')
    await server.registry.change(personalId, (doc) => {
      const header = doc.getXmlFragment(PLAN_FRAGMENT).get(0)
      if (header instanceof Y.XmlElement) header.setAttribute('lessonType', '复习课')
      const keyPoints = sectionText(doc, 'keyPoints')
      keyPoints.delete(0, keyPoints.length)
      keyPoints.insert(0, '个案重点：合并同类项的法则')
      stepColumnText(doc, 0, 'stepTeacher').insert(6, '，再请学生上台演示')
      const process = sectionElement(doc, 'teachingProcess')
      process.delete(process.length - 1, 1)
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('ends a 个案 with 「与共案的差异」: header fields, sections and steps added, removed or changed', async () => {
    const result = await exportAs('demo-teacher-b', `/api/documents/${personalId}/export.docx`)
    expect(result.status).toBe(200)
    const text = await docxText(result.bytes)
    const appendix = text.slice(text.lastIndexOf('与共案的差异'))
    expect(text.indexOf('与共案的差异')).toBeGreaterThan(text.indexOf('教学反思'))
    expect(appendix).toContain('共案签发 v1')
    expect(
      firstMissingInOrder(appendix, [
        '基本信息（有修改）',
        '修改：',
        '课型：“（空）” → “复习课”',
        '教学重点（有修改）',
        '新增：',
        '个案重点：合并同类项的法则',
        '删去：',
        '共案重点：同类项的概念',
        '教学过程（有修改）',
        '第 1 个环节「导入」教师活动：出示天平图片，再请学生上台演示',
        '第 1 个环节「导入」教师活动：出示天平图片',
        '删去：',
        '第 4 个环节「小结」',
      ]),
    ).toBeNull()
    // Unchanged parts are not listed.
    expect(appendix).not.toContain('作业设计')
  })

  it('leaves the appendix out with ?appendix=0, and never adds one to a common plan', async () => {
    const without = await exportAs(
      'demo-teacher-b',
      `/api/documents/${personalId}/export.docx?appendix=0`,
    )
    expect(without.status).toBe(200)
    const text = await docxText(without.bytes)
    expect(text).toContain('个案重点：合并同类项的法则')
    expect(text).not.toContain('与共案的差异')
    const common = await exportAs('demo-lead', `/api/documents/${commonId}/export.docx`)
    expect(await docxText(common.bytes)).not.toContain('与共案的差异')
    const bad = await exportAs(
      'demo-teacher-b',
      `/api/documents/${personalId}/export.docx?appendix=no`,
    )
    expect(bad.status).toBe(400)
  })

  it('exports the signed version of a reopened 共案 with its sign-off, not the later edits', async () => {
    expect(await api.transition('demo-lead', commonId, 'discussion')).toBe(200)
    await server.registry.change(commonId, (doc) => {
      sectionText(doc, 'homework').insert(0, '重新打开后的作业 ')
    })
    const list = await api.call('demo-lead', 'GET', `/api/documents/${commonId}/versions`)
    const versions = (list.body as { versions: VersionSummary[] }).versions
    const signed = versions.find((version) => version.milestone === 'signed')
    if (!signed) throw new Error('no signed version')
    const result = await exportAs(
      'demo-teacher-b',
      `/api/documents/${commonId}/versions/${signed.id}/export.docx`,
    )
    expect(result.status).toBe(200)
    const text = await docxText(result.bytes)
    expect(text).toContain('课本习题 2.2 第 1 题')
    expect(text).not.toContain('重新打开后的作业')
    expect(await footerXml(result.bytes)).toContain('共案 v1 · 签发 李红梅')
    expect(fileName(result.headers.get('content-disposition'))).toMatch(/导出个案-共案v1\.docx$/)
    const live = await exportAs('demo-lead', `/api/documents/${commonId}/export.docx`)
    expect(await docxText(live.bytes)).toContain('重新打开后的作业')
  })

  it('names a version that is no sign-off in the footer instead', async () => {
    const list = await api.call('demo-lead', 'GET', `/api/documents/${commonId}/versions`)
    const versions = (list.body as { versions: VersionSummary[] }).versions
    const submitted = versions.find((version) => version.milestone !== 'signed')
    if (!submitted) throw new Error('no other version')
    const result = await exportAs(
      'demo-lead',
      `/api/documents/${commonId}/versions/${submitted.id}/export.docx`,
    )
    expect(result.status).toBe(200)
    const footer = await footerXml(result.bytes)
    expect(footer).toContain(`历史版本：${submitted.name}`)
    expect(footer).not.toContain('签发 ')
  })

  it('refuses unknown versions, versions of another plan, outsiders and signed-out callers', async () => {
    const list = await api.call('demo-lead', 'GET', `/api/documents/${commonId}/versions`)
    const [first] = (list.body as { versions: VersionSummary[] }).versions
    if (!first) throw new Error('no version')
    const path = (doc: string, version: string | number) =>
      `/api/documents/${doc}/versions/${version}/export.docx`
    expect((await exportAs('demo-lead', path(commonId, 999_999))).status).toBe(404)
    expect((await exportAs('demo-lead', path(commonId, 'abc'))).status).toBe(404)
    expect((await exportAs('demo-teacher-b', path(personalId, first.id))).status).toBe(404)
    expect((await exportAs('demo-outsider', path(commonId, first.id))).status).toBe(403)
    expect((await getBinary(server, path(commonId, first.id), null)).status).toBe(401)
  })
})
