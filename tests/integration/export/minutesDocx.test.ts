import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { planText } from '../../../shared/editor/planText.ts'
import {
  documentXml,
  firstMissingInOrder,
  getBinary,
  hasSoffice,
} from '../../helpers/docxExport.ts'
import { endMeeting, runVote, startMeeting, writeRecordNote } from '../../helpers/meetingRun.ts'
import { openStream, type StreamClient } from '../../helpers/meetingStream.ts'
import { addDemoMember, livePlan, openPlanEditor, sectionText } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

const CHANGE = '研讨补充：用温度计的读数引入负数'
const NOTE = '王老师建议：练习题增加一道生活情境题'
const PROPOSAL = '新授环节采用小组合作探究'

describe('the 集体备课记录 of a meeting (GET /api/sessions/:id/minutes.docx)', () => {
  let server: TestServer
  let api: DemoCaller
  let sessionId = ''
  const streams: StreamClient[] = []

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    api = new DemoCaller(server)
    // 孙伟 (实验中学) is a member who does not come: listed as absent.
    await addDemoMember(server, api, 'demo-teacher-c')
    const { taskId, planId } = await api.taskWithPlan('研讨记录导出')
    const meeting = await startMeeting(api, planId, taskId)
    sessionId = meeting.sessionId
    for (const username of ['demo-lead', 'demo-teacher-a', 'demo-teacher-b']) {
      streams.push(await openStream(server, (await api.session(username)).cookie, sessionId))
    }
    await vi.waitFor(async () => {
      const rows = await server.kdb
        .selectFrom('sessionAttendance')
        .select('userId')
        .where('sessionId', '=', sessionId)
        .execute()
      expect(rows).toHaveLength(3)
    }, 10_000)
    const floor = await api.call('demo-lead', 'POST', `/api/sessions/${sessionId}/floor`, {
      userId: await api.userId('demo-teacher-a'),
    })
    expect(floor.status).toBe(200)
    await runVote(api, sessionId, PROPOSAL, {
      'demo-teacher-a': 'agree',
      'demo-teacher-b': 'agree',
      'demo-lead': 'abstain',
    })
    const editor = await openPlanEditor(server, api, 'demo-teacher-a', planId)
    sectionText(editor.doc, 'materialAnalysis').insert(0, CHANGE)
    await vi.waitFor(async () => expect(planText(await livePlan(server, planId))).toContain(CHANGE))
    editor.destroy()
    await writeRecordNote(server, api, 'demo-teacher-b', meeting.minutesId, NOTE)
    await endMeeting(api, sessionId)
  }, 60_000)
  afterAll(async () => {
    for (const stream of streams) stream.close()
    await server?.close()
  })

  it('writes date, group, host, attendance by school, agenda, speakers, votes, changed sections and notes in order', async () => {
    const result = await getBinary(
      server,
      `/api/sessions/${sessionId}/minutes.docx`,
      (await api.session('demo-teacher-b')).cookie,
    )
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toContain('wordprocessingml')
    const { value: text } = await mammoth.extractRawText({ buffer: result.bytes })
    const meeting = await server.kdb
      .selectFrom('prepSessions')
      .select('startedAt')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow()
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(meeting.startedAt),
    )
    const expected = [
      '集体备课记录',
      '日期',
      date,
      '教研组',
      '七年级数学联合教研组',
      '主持人',
      '李红梅',
      '主备人',
      '王建国',
      '课题',
      '研讨记录导出',
      '出席',
      '城关第一中学',
      '李红梅、王建国',
      '实验中学',
      '张晓燕',
      '孙伟',
      '议程',
      '说课',
      '10 分钟',
      '议作业',
      '5 分钟',
      '发言',
      '王建国',
      '表决',
      PROPOSAL,
      '2',
      '0',
      '1',
      '通过',
      '决议与教案修改',
      `表决通过：${PROPOSAL}`,
      '教材分析',
      '修改',
      `新增：${CHANGE}`,
      '修改人：王建国',
      '研讨记录',
      NOTE,
    ]
    expect(firstMissingInOrder(text, expected)).toBeNull()
    // The table above replaces the record's pre-filled lists: the note is not preceded by them.
    expect(text.slice(text.lastIndexOf('研讨记录'))).not.toContain('参会人员')
    const xml = await documentXml(result.bytes)
    expect(xml).toMatch(/w:eastAsia="黑体"/)
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"')
    const disposition = result.headers.get('content-disposition') ?? ''
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? ''
    expect(decodeURIComponent(encoded)).toBe(`集体备课记录-研讨记录导出-${date}.docx`)
  })

  it('refuses outsiders (403), unknown meetings (404) and signed-out callers (401)', async () => {
    const outsider = (await api.session('demo-outsider')).cookie
    const docx = `/api/sessions/${sessionId}/minutes.docx`
    expect((await getBinary(server, docx, outsider)).status).toBe(403)
    expect(
      (await getBinary(server, `/api/sessions/${sessionId}/minutes.pdf`, outsider)).status,
    ).toBe(403)
    expect((await getBinary(server, '/api/sessions/nope/minutes.docx', outsider)).status).toBe(404)
    expect((await getBinary(server, docx, null)).status).toBe(401)
    // The observer may follow the meeting: may read its record.
    const observer = (await api.session('demo-observer')).cookie
    expect((await getBinary(server, docx, observer)).status).toBe(200)
  })

  it('converts the record to PDF with LibreOffice', async (context) => {
    if (!hasSoffice()) {
      context.skip('soffice (LibreOffice) is not installed: PDF export is not tested')
      return
    }
    const result = await getBinary(
      server,
      `/api/sessions/${sessionId}/minutes.pdf`,
      (await api.session('demo-lead')).cookie,
    )
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toBe('application/pdf')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-minutes-pdf-'))
    const file = path.join(dir, 'minutes.pdf')
    fs.writeFileSync(file, result.bytes)
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8')
    // Kept for a look at its pages when asked (pdftoppm → PNG).
    const keep = process.env.MINUTES_PDF_DIR
    if (keep) fs.copyFileSync(file, path.join(keep, 'minutes.pdf'))
    fs.rmSync(dir, { recursive: true, force: true })
    expect(firstMissingInOrder(text, ['集体备课记录', '出席', '表决', PROPOSAL])).toBeNull()
    expect(text).toMatch(/第\s*1\s*页\s*共\s*1\s*页/)
  }, 120_000)
})
