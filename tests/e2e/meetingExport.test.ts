import fs from 'node:fs'
import path from 'node:path'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { endMeeting, runVote, startMeeting } from '../helpers/meetingRun.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

const SHOTS = process.env.SHOTS_DIR ?? ARTIFACTS

describe('exporting a meeting record and the term binder in the browser', () => {
  const suite = browserSuite({ width: 1440, height: 900 })

  it('downloads the 集体备课记录 from the meeting room (导出记录 → Word)', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const { taskId, planId } = await api.taskWithPlan('浏览器导出记录')
    const { sessionId } = await startMeeting(api, planId, taskId)
    await runVote(api, sessionId, '练习分为基础与提高两层', { 'demo-teacher-a': 'agree' })
    await endMeeting(api, sessionId)

    const page = await suite.open('demo-teacher-b')
    await page.goto(`${server.httpUrl}/sessions/${sessionId}`)
    await page.getByTestId('session-ended').waitFor()
    await page.getByTestId('export-minutes-menu').click()
    await page.getByTestId('export-docx').waitFor()
    expect(await page.getByTestId('export-print').count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'minutes-export-menu.png') })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-docx').click(),
    ])
    expect(download.suggestedFilename()).toMatch(
      /^集体备课记录-浏览器导出记录-\d{4}-\d{2}-\d{2}\.docx$/,
    )
    const file = path.join(ARTIFACTS, 'minutes-export.docx')
    await download.saveAs(file)
    const { value: text } = await mammoth.extractRawText({ buffer: fs.readFileSync(file) })
    expect(text).toContain('出席')
    expect(text).toContain('练习分为基础与提高两层')
  })

  it('builds the term binder from the task page, showing its progress, and downloads it', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const page = await suite.open('demo-lead')
    await page.goto(`${server.httpUrl}/groups/${await api.demoGroupId()}/tasks`)
    await page.getByTestId('tasks-page').waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'tasks-binder-button.png') })
    const downloading = page.waitForEvent('download', { timeout: 60_000 })
    await page.getByTestId('binder-button').click()
    await page.getByTestId('binder-progress').waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'binder-progress.png') })
    const download = await downloading
    expect(download.suggestedFilename()).toBe('学期备课册-七年级数学联合教研组-2026-2027-1.docx')
    await page.getByTestId('binder-done').waitFor()
    await page.waitForTimeout(600) // the bar's own transition
    await page.screenshot({ path: path.join(SHOTS, 'binder-done.png') })
    const file = path.join(ARTIFACTS, 'binder.docx')
    await download.saveAs(file)
    const { value: text } = await mammoth.extractRawText({ buffer: fs.readFileSync(file) })
    expect(text).toContain('学期备课册')
    expect(text).toContain('浏览器导出记录')
    await page.getByTestId('binder-close').click()
  })
})
