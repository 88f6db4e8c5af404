import fs from 'node:fs'
import path from 'node:path'
import mammoth from 'mammoth'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PLANS } from '../../server/seed/demoPlans.ts'
import type { ObservationInfo, ObserverSheet } from '../../shared/observations/observationApi.ts'
import { pointsOf } from '../../shared/observations/rubric.ts'
import { WEIGHTED_RUBRIC_NAME } from '../../shared/observations/seededRubrics.ts'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { expectStatus, putScores, scheduleDemoObservation } from '../helpers/observations.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

const LONG = { timeout: 20_000 }
const PHONE = { width: 390, height: 844 }
/** 解一元一次方程——移项: a 共案 of the group written by 王建国 (城关第一中学). */
const PLAN = DEMO_PLANS[2]
const CLASS_NAME = '七年级（3）班'
const ROOM = '城关第一中学 302 教室'
const ONLINE_NOTE = '用分书问题导入，学生很快列出了方程'
const OFFLINE_NOTES = ['移项时有三名学生忘了变号', '小组讨论时间偏长，后排两组没有参与']
const STRENGTH = '情境导入自然，移项变号的本质讲得透彻'
const SUGGESTION = '探究移项环节可以先让学生独立尝试两分钟，再小组交流'
/** Where the screenshots go (looked at after the run). */
const SHOTS = path.join(ARTIFACTS, 'observation')

/** Chooses `label` in the dropdown of the select `testId` (typing `typed` first, if given). */
async function choose(page: Page, testId: string, label: string, typed?: string) {
  await page.getByTestId(testId).click()
  if (typed) await page.keyboard.type(typed)
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', {
    hasText: label,
  })
  await expect.poll(() => option.count(), LONG).toBeGreaterThan(0)
  await option.first().click()
}

/** How wide the page is drawn (more than the viewport means a sideways scroll on the phone). */
function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/** The outbox status line of the observer's sheet. */
function outbox(page: Page) {
  return page.getByTestId('outbox-status')
}

describe('听评课 from a phone across two schools (issue 22)', () => {
  const suite = browserSuite()
  const shot = (page: Page, name: string, fullPage = true) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage })

  it('an observer from 实验中学 scores a lesson of 城关第一中学 on a phone, offline notes arrive once, the teacher reads the report, the lead starts the 评课 meeting', async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    const api = new DemoCaller(suite.server())
    if (!PLAN) throw new Error('the demo plans are missing')

    // 1. 王建国 (城关第一中学) schedules an observation of his lesson on his desktop.
    const teacher = await suite.open('demo-teacher-a')
    await teacher.getByTestId('nav-observations').click()
    await teacher.getByTestId('observations-page').waitFor()
    await shot(teacher, 'desktop-empty-zh')
    await teacher.getByTestId('schedule-open').click()
    const dialog = teacher.getByRole('dialog')
    await choose(teacher, 'schedule-plan', PLAN.title, PLAN.title.slice(0, 4))
    await dialog.getByTestId('schedule-class').fill(CLASS_NAME)
    await dialog.getByTestId('schedule-room').fill(ROOM)
    await choose(teacher, 'schedule-rubric', WEIGHTED_RUBRIC_NAME)
    await choose(teacher, 'schedule-observers', '孙伟（实验中学）', '孙伟')
    await choose(teacher, 'schedule-observers', '陈志强（实验中学）', '陈志强')
    await dialog.locator('.ant-modal-title').click()
    await shot(teacher, 'desktop-schedule-zh', false)
    await dialog.getByTestId('schedule-submit').click()
    const observedRow = teacher
      .getByTestId('observations-observed')
      .getByTestId('observation-row')
      .filter({ hasText: PLAN.title })
    await expect.poll(() => observedRow.count(), LONG).toBe(1)
    // The tab's fade-in is over before the screenshot.
    await expect
      .poll(() =>
        observedRow.evaluate(
          (row) => getComputedStyle(row.closest('.ant-tabs-tabpane') ?? row).opacity,
        ),
      )
      .toBe('1')
    await shot(teacher, 'desktop-list-zh', false)

    // 2. 孙伟 (实验中学) opens it on his phone from the list of lessons to observe.
    const phone = await suite.open('demo-teacher-c', PHONE)
    await phone.getByTestId('nav-observations').click()
    const todo = phone.getByTestId('observations-observing').getByTestId('observation-row')
    await expect.poll(() => todo.count(), LONG).toBe(1)
    await shot(phone, 'phone-list-zh', false)
    await todo.getByTestId('observation-open').click()
    await phone.getByTestId('observer-sheet').waitFor()
    await phone.waitForURL(/\/observations\/[^/]+\/sheet$/)
    const observationId = /\/observations\/([^/]+)\/sheet$/.exec(phone.url())?.[1] ?? ''
    const info = (await api.call('demo-teacher-c', 'GET', `/api/observations/${observationId}`))
      .body as ObservationInfo
    expect(info.steps.length).toBeGreaterThanOrEqual(3)
    expect(info.steps.map((step) => step.name)).toEqual(PLAN.steps.map((step) => step.name))
    await expect
      .poll(() => phone.getByTestId('sheet-version').innerText())
      .toContain(info.versionName)

    // The first step starts, a note is taken, then the second step starts.
    const steps = phone.getByTestId('sheet-step')
    await steps.nth(0).getByTestId('start-step').click()
    await expect.poll(() => steps.nth(0).getAttribute('data-running')).toBe('true')
    await phone.getByTestId('note-text').fill(ONLINE_NOTE)
    await phone.getByTestId('note-add').click()
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('saved')
    await steps.nth(1).getByTestId('start-step').click()
    await expect.poll(() => steps.nth(1).getAttribute('data-running')).toBe('true')
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('saved')

    // 3. The phone loses the network: notes stay on the phone, the status line says so.
    await phone.context().setOffline(true)
    for (const text of OFFLINE_NOTES) {
      await phone.getByTestId('note-text').fill(text)
      await phone.getByTestId('note-add').click()
    }
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('offline')
    expect(await outbox(phone).innerText()).toBe('离线，2 条待发送')
    await shot(phone, 'phone-sheet-offline-zh')

    // Back on a flaky network where the sheet's API does not answer: a reload keeps the notes.
    const sheetApi = '**/api/observations/*/sheet**'
    await phone.route(sheetApi, (route) => route.abort('internetdisconnected'))
    await phone.context().setOffline(false)
    await phone.reload()
    await phone.getByTestId('observer-sheet').waitFor()
    await expect.poll(() => phone.getByTestId('sheet-note').count(), LONG).toBe(3)
    expect(await outbox(phone).getAttribute('data-pending')).toBe('2')
    // The API answers again: the outbox empties, and every note is on the server once.
    await phone.unroute(sheetApi)
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('saved')
    expect(await outbox(phone).innerText()).toBe('已保存')
    const stored = (
      await api.call('demo-teacher-c', 'GET', `/api/observations/${observationId}/sheet`)
    ).body as ObserverSheet
    expect(stored.notes.map((note) => note.text).sort()).toEqual(
      [ONLINE_NOTE, ...OFFLINE_NOTES].sort(),
    )
    expect(
      stored.notes
        .filter((note) => OFFLINE_NOTES.includes(note.text))
        .every((note) => note.step === 1),
    ).toBe(true)

    // The rest of the lesson: the remaining steps, then the end.
    for (let index = 2; index < info.steps.length; index++) {
      await steps.nth(index).getByTestId('start-step').click()
      await expect.poll(() => steps.nth(index).getAttribute('data-running')).toBe('true')
    }
    await phone.getByTestId('end-lesson').click()

    // 4. Scores: 良 everywhere, 中 on 教学方法与策略, 优 on 教学目标; bonus 2.
    await phone.getByRole('tab', { name: '评分' }).click()
    const points = phone.getByTestId('score-point')
    const count = await points.count()
    expect(count).toBe(pointsOf(info.rubric).length)
    for (let index = 0; index < count; index++) {
      const point = points.nth(index)
      const key = (await point.getAttribute('data-point')) ?? ''
      const label = key.startsWith('methods.') ? '中' : key.startsWith('goals.') ? '优' : '良'
      await point.getByText(label, { exact: true }).click()
    }
    const bonus = phone.getByTestId('bonus-value').first()
    await bonus.getByText('2', { exact: true }).click()
    await expect.poll(() => bonus.locator('.ant-segmented-item-selected').innerText()).toBe('2')
    // 10 + 15×0.8 + 25×0.8 + 30×0.6 + 20×0.8 = 76, plus 2 = 78 → 合格.
    await expect.poll(() => phone.getByTestId('live-total-value').innerText()).toBe('78 / 100')
    expect(await phone.getByTestId('live-grade').innerText()).toBe('合格')
    await shot(phone, 'phone-sheet-scores-zh')
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width)

    // 5. Comments: a strength and a suggestion about 探究移项 (step 2), then submit.
    await phone.getByRole('tab', { name: '评语' }).click()
    await phone.getByTestId('strengths').fill(STRENGTH)
    await phone.getByTestId('suggestion-add').click()
    await phone.getByTestId('suggestion-text').fill(SUGGESTION)
    await choose(phone, 'suggestion-step', info.steps[1]?.name ?? '')
    await phone.getByTestId('sheet-submit').click()
    await phone.getByTestId('sheet-submitted').waitFor()
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('saved')
    await expect.poll(() => phone.locator('.ant-select-dropdown:visible').count()).toBe(0)
    await shot(phone, 'phone-sheet-comments-zh')

    // 6. The second observer (陈志强, 实验中学) fills his sheet through the API.
    const otherScores = Object.fromEntries(
      pointsOf(info.rubric).map(({ point }) => [
        point.key,
        point.key.startsWith('process.') || point.key.startsWith('methods.') ? 3 : 4,
      ]),
    )
    await putScores(api, 'demo-observer', observationId, otherScores)
    expectStatus(
      await api.call('demo-observer', 'POST', `/api/observations/${observationId}/sheet/submit`),
      200,
    )

    // 7. The teacher closes the observation and reads the report.
    await teacher.goto(`${suite.server().httpUrl}/observations/${observationId}/report`)
    await teacher.getByTestId('close-observation').click()
    await teacher.locator('.ant-popconfirm .ant-btn-primary').click()
    await teacher.getByTestId('observation-report').waitFor(LONG)
    await expect.poll(() => teacher.getByTestId('report-status').innerText(), LONG).toBe('已结束')
    expect(await teacher.getByTestId('report-observers').innerText()).toContain('孙伟')
    expect(await teacher.getByTestId('report-notes').innerText()).toContain(OFFLINE_NOTES[0])
    expect(await teacher.getByTestId('report-step-timing').count()).toBe(info.steps.length)
    expect(await teacher.getByTestId('report-bonus').innerText()).toContain('孙伟：2')
    // He sends the suggestion onto the plan's step as a comment thread.
    await teacher.getByTestId('send-suggestion').click()
    await teacher.getByTestId('suggestion-sent').waitFor(LONG)
    await shot(teacher, 'desktop-report-zh')
    // He downloads the 评课报告 as Word from 导出报告.
    await teacher.getByTestId('export-report-menu').click()
    await teacher.getByTestId('export-docx').waitFor(LONG)
    expect(await teacher.getByTestId('export-print').count()).toBe(0)
    await shot(teacher, 'desktop-report-export-menu', false)
    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      teacher.getByTestId('export-docx').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^评课报告-.+-\d{4}-\d{2}-\d{2}\.docx$/)
    const reportFile = path.join(SHOTS, 'report.docx')
    await download.saveAs(reportFile)
    const { value: reportText } = await mammoth.extractRawText({
      buffer: fs.readFileSync(reportFile),
    })
    expect(reportText).toContain('孙伟')
    expect(reportText).toContain(OFFLINE_NOTES[0])

    // 8. The lead (李红梅) starts the 评课 meeting from the report: the lowest items are its agenda.
    // She finds it among her group's observations.
    const lead = await suite.open('demo-lead')
    await lead.goto(`${suite.server().httpUrl}/observations?tab=group`)
    const groupRow = lead
      .getByTestId('observations-group')
      .getByTestId('observation-row')
      .filter({ hasText: PLAN.title })
    await expect.poll(() => groupRow.count(), LONG).toBe(1)
    await groupRow.getByTestId('observation-open').click()
    await lead.waitForURL(/\/observations\/[^/]+\/report$/, LONG)
    const proposals = lead.getByTestId('agenda-proposal')
    await expect.poll(() => proposals.count(), LONG).toBeGreaterThan(0)
    const agenda = await proposals.allInnerTexts()
    expect(agenda[0]).toContain('教学方法与策略')
    await lead.getByTestId('start-review-meeting').click()
    await lead.waitForURL(/\/sessions\/[^/]+$/, LONG)
    const meetingAgenda = lead.getByTestId('agenda')
    await expect.poll(() => meetingAgenda.locator('li').count(), LONG).toBe(agenda.length)
    expect(await meetingAgenda.locator('li').first().innerText()).toContain('教学方法与策略')
    await expect.poll(() => lead.locator('.ant-spin-fullscreen:visible').count(), LONG).toBe(0)
    await shot(lead, 'desktop-review-meeting-zh', false)

    // 9. The observer reads the report on his phone, in English.
    await phone.goto(`${suite.server().httpUrl}/observations/${observationId}/report`)
    await phone.getByTestId('observation-report').waitFor(LONG)
    await shot(phone, 'phone-report-zh')
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width)
    await phone.getByText('English', { exact: true }).click()
    await expect.poll(() => phone.getByTestId('report-status').innerText(), LONG).toBe('Closed')
    await shot(phone, 'phone-report-en')
  })

  it('LICC: before class an observer picks viewpoints; those another observer took are shown as taken', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const info = await scheduleDemoObservation(server, api, {
      plan: 2,
      rubric: 'licc',
      observers: ['demo-teacher-b', 'demo-teacher-d'],
    })
    // 张晓燕 (实验中学) picked 倾听 and 互动 first; 周敏 (河西乡中心学校) opens the sheet on her phone.
    expectStatus(
      await api.call('demo-teacher-b', 'PUT', `/api/observations/${info.id}/points`, {
        points: ['learning.listening', 'learning.interaction'],
      }),
      200,
    )
    const phone = await suite.open('demo-teacher-d', PHONE)
    await phone.goto(`${server.httpUrl}/observations/${info.id}`)
    await phone.getByTestId('observer-sheet').waitFor(LONG)
    await phone.getByRole('tab', { name: '观察点' }).click()
    const pick = (key: string) => phone.locator(`[data-testid="point-pick"][data-point="${key}"]`)
    await expect
      .poll(() => pick('learning.listening').innerText(), LONG)
      .toContain('已被 张晓燕 认领')
    expect(await pick('learning.listening').locator('input').isDisabled()).toBe(true)
    await pick('learning.preparation').locator('.ant-checkbox-wrapper').click()
    await pick('teaching.dialogue').locator('.ant-checkbox-wrapper').click()
    await phone.getByTestId('points-save').click()
    const scored = phone.getByTestId('score-point')
    await expect.poll(() => scored.count(), LONG).toBe(2)
    await scored.nth(0).getByText('优', { exact: true }).click()
    await scored.nth(1).getByText('良', { exact: true }).click()
    await expect.poll(() => phone.getByTestId('live-grade').count(), LONG).toBe(1)
    await expect.poll(() => outbox(phone).getAttribute('data-state'), LONG).toBe('saved')
    const sheet = expectStatus<ObserverSheet>(
      await api.call('demo-teacher-d', 'GET', `/api/observations/${info.id}/sheet`),
      200,
    )
    expect(sheet.scores).toEqual({ 'learning.preparation': 5, 'teaching.dialogue': 4 })
    await shot(phone, 'phone-licc-zh')

    // The schedule dialog fits the phone too.
    await phone.getByTestId('nav-observations').click()
    await phone.getByTestId('schedule-open').click()
    await phone.getByTestId('schedule-class').waitFor()
    // The dialog's zoom-in is over before the screenshot.
    await expect
      .poll(() =>
        phone.locator('.ant-modal').evaluate((modal) => {
          const style = getComputedStyle(modal)
          return `${style.opacity} ${style.transform}`
        }),
      )
      .toBe('1 none')
    await shot(phone, 'phone-schedule-zh', false)
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width)
  })
})
