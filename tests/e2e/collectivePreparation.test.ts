import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite, shownSeconds } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { demoPlanId } from '../helpers/signIn.ts'

const PLAN_TITLE = '有理数的概念与分类'
/** The plan section A comments on (学情分析). */
const SECTION = 'learnerAnalysis'
const LONG = { timeout: 20_000 }
const PROPOSAL = '作业按基础、提高两层设计'
const COMMENT = '“具备一定的归纳能力”要写出依据，两校学生的起点不同'
const REPLY = '实验中学的学生归纳能力稍弱，建议先用分组写数活动铺垫'
const DECISION = '学情分析补充两校前测数据，由王建国周五前完成'
const CLASS_NAME = '七年级（2）班'
const PERSONAL_NOTE = '本班学生已预习，课前用两分钟检查预习单。'

/** A textarea by test id (on the element itself or inside it). */
function textBox(page: Page, testId: string) {
  return page.locator(`textarea[data-testid="${testId}"], [data-testid="${testId}"] textarea`)
}

/** Waits until the page's plan editor is connected and saved. */
async function planReady(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('connection-state').first().getAttribute('data-state'), LONG)
    .toBe('saved')
}

/** Selects the first sentence (up to and including the first 。) of a section's first paragraph. */
function selectFirstSentence(page: Page, section: string): Promise<string> {
  return page.evaluate((section) => {
    const paragraph = document.querySelector(`section[data-section="${section}"] .section-body p`)
    if (!paragraph) throw new Error(`no paragraph in section ${section}`)
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    const node = walker.nextNode()
    if (!(node instanceof Text)) throw new Error(`no text in section ${section}`)
    const end = (node.textContent ?? '').indexOf('。') + 1
    const range = document.createRange()
    range.setStart(node, 0)
    range.setEnd(node, end > 0 ? end : (node.textContent ?? '').length)
    const selection = window.getSelection()
    if (!selection) throw new Error('no selection')
    selection.removeAllRanges()
    selection.addRange(range)
    return range.toString()
  }, section)
}

/** Puts the caret at the very end of a section's first paragraph. */
async function caretAtEnd(page: Page, section: string): Promise<void> {
  await page.evaluate((section) => {
    const paragraph = document.querySelector(`section[data-section="${section}"] .section-body p`)
    if (!paragraph) throw new Error(`no paragraph in section ${section}`)
    const range = document.createRange()
    range.selectNodeContents(paragraph)
    range.collapse(false)
    const selection = window.getSelection()
    if (!selection) throw new Error('no selection')
    selection.removeAllRanges()
    selection.addRange(range)
  }, section)
}

describe('collective preparation across two schools (issue 6)', () => {
  const suite = browserSuite({ width: 1600, height: 1000 })
  const open = suite.open
  const shot = (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: path.join(ARTIFACTS, `collective-${name}.png`), fullPage })

  it('discusses, decides, records minutes, signs off the 共案 and derives a 个案', async () => {
    const server = suite.server()
    const planId = await demoPlanId(server.kdb, 0)
    const planUrl = `${server.httpUrl}/plans/${planId}`

    // 1. The lead opens the plan (in 研讨) and starts the discussion from the plan page.
    const lead = await open('demo-lead')
    await lead.goto(planUrl)
    const stage = () => lead.getByTestId('lifecycle-bar').getAttribute('data-stage')
    await lead.getByTestId('lifecycle-bar').waitFor(LONG)
    if ((await stage()) !== 'discussion') {
      const caller = new DemoCaller(server)
      expect(await caller.transition('demo-lead', planId, 'discussion')).toBe(200)
      await lead.reload()
    }
    await expect.poll(stage, LONG).toBe('discussion')
    await expect.poll(() => lead.locator('body').innerText(), LONG).toContain(PLAN_TITLE)
    await lead.getByTestId('start-session').click()
    await lead.waitForURL(/\/sessions\/[A-Za-z0-9_-]+$/, LONG)
    const roomUrl = lead.url()

    // 2. Teachers of two schools join from the plan page banner; both schools are listed.
    const teacherA = await open('demo-teacher-a')
    const teacherB = await open('demo-teacher-b')
    for (const page of [teacherA, teacherB]) {
      await page.goto(planUrl)
      await page.getByTestId('session-running-banner').getByRole('button').click(LONG)
      await page.waitForURL(roomUrl, LONG)
    }
    const pages = [lead, teacherA, teacherB]
    for (const page of pages) {
      await expect
        .poll(() => page.locator('[data-testid="participant"][data-online="true"]').count(), LONG)
        .toBe(3)
    }
    for (const page of pages) {
      const schools = (
        await page.getByTestId('participants').locator('section').allInnerTexts()
      ).join('\n')
      expect(schools).toContain('城关第一中学')
      expect(schools).toContain('实验中学')
    }

    // 3. B raises a hand; the lead gives B the floor; all three see B speaking.
    const bRow = (page: Page) =>
      page.locator('[data-testid="participant"]').filter({ hasText: '张晓燕' })
    await teacherB.getByTestId('hand').click()
    for (const page of pages) {
      await expect.poll(() => bRow(page).getAttribute('data-hand'), LONG).toBe('1')
    }
    await lead.getByTestId('give-floor').click()
    for (const page of pages) {
      await expect.poll(() => bRow(page).getAttribute('data-speaking'), LONG).toBe('true')
      await expect.poll(() => page.getByTestId('floor').innerText(), LONG).toContain('张晓燕')
    }

    // 4. A comments on a sentence of the plan in the room's plan tab; B replies live; A resolves
    //    the thread with a 结论.
    await Promise.all(pages.map(planReady))
    const paragraph = teacherA.locator(`section[data-section="${SECTION}"] .section-body p`).first()
    await paragraph.scrollIntoViewIfNeeded()
    await paragraph.click()
    const quote = await selectFirstSentence(teacherA, SECTION)
    expect(quote).toContain('具备一定的归纳能力。')
    await teacherA.keyboard.press('Control+Alt+m')
    await teacherA.getByTestId('comment-draft').waitFor(LONG)
    const draft = textBox(teacherA, 'comment-draft-input')
    await draft.click()
    await draft.pressSequentially(COMMENT, { delay: 10 })
    await teacherA.getByTestId('comment-draft-submit').click()
    await expect.poll(() => teacherA.getByTestId('comment-thread').count(), LONG).toBe(1)
    expect(await teacherA.getByTestId('comment-quote').innerText()).toBe(quote)

    await expect.poll(() => teacherB.getByTestId('comment-thread').count(), LONG).toBe(1)
    expect(await teacherB.getByTestId('comment-body').first().innerText()).toContain(COMMENT)
    await teacherB.getByTestId('comment-thread').first().click()
    const replyBox = textBox(teacherB, 'comment-reply-input')
    await replyBox.click()
    await replyBox.pressSequentially(REPLY, { delay: 10 })
    await teacherB.getByTestId('comment-reply-send').click()
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('comment-item').count(), LONG).toBe(2)
    }
    expect(await teacherA.getByTestId('comment-item').nth(1).innerText()).toContain(REPLY)

    await teacherA.getByTestId('comment-thread').first().click()
    await teacherA.getByTestId('comment-resolve').click()
    await textBox(teacherA, 'comment-decision-input').fill(DECISION)
    await teacherA.getByTestId('comment-resolve-confirm').click()
    await expect.poll(() => teacherA.getByTestId('comment-thread').count(), LONG).toBe(0)
    await teacherB.getByTestId('comment-filter').getByText('全部').click()
    await expect
      .poll(
        () => teacherB.getByTestId('comment-thread').first().getAttribute('data-resolved'),
        LONG,
      )
      .toBe('true')
    expect(await teacherB.getByTestId('comment-decision').innerText()).toContain(DECISION)

    // 5. A vote: A agrees, B abstains, the counts update live in all three; the lead closes it.
    await lead.getByTestId('vote-proposal').fill(PROPOSAL)
    await lead.getByTestId('open-vote-button').click()
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('open-vote').count(), LONG).toBe(1)
    }
    await teacherA.getByTestId('vote-agree').click()
    await teacherB.getByTestId('vote-abstain').click()
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('count-agree').innerText(), LONG).toBe('1')
      await expect.poll(() => page.getByTestId('count-abstain').innerText(), LONG).toBe('1')
      await expect.poll(() => page.getByTestId('count-disagree').innerText(), LONG).toBe('0')
    }
    await lead.getByTestId('close-vote').click()
    for (const page of pages) {
      await expect
        .poll(() => page.getByTestId('vote-result').first().innerText(), LONG)
        .toContain(PROPOSAL)
      await expect.poll(() => page.getByTestId('open-vote').count(), LONG).toBe(0)
    }

    // 6. The agenda timer: the remaining time agrees within 1 s in all three browsers.
    await lead.getByTestId('timer-start').click()
    for (const page of pages) {
      await expect
        .poll(() => page.getByTestId('agenda-remaining').getAttribute('data-running'), LONG)
        .toBe('true')
    }
    // Wait until the countdown has visibly moved in every page, then read all three at once.
    const started = await shownSeconds(lead)
    for (const page of pages) {
      await expect.poll(() => shownSeconds(page), LONG).toBeLessThan(started)
    }
    const shown = await Promise.all(pages.map(shownSeconds))
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(1)
    expect(shown[0]).toBeGreaterThan(0)

    await lead.getByTestId('comment-filter').getByText('全部').click()
    await expect.poll(() => lead.getByTestId('comment-decision').count(), LONG).toBe(1)
    await lead.evaluate(() => window.scrollTo(0, 0))
    await teacherB.evaluate(() => window.scrollTo(0, 0))
    await shot(lead, '1-room-lead')
    await shot(teacherB, '2-room-teacher-b')

    // 7. The lead ends the session; the minutes list both schools, the vote and the decision.
    await lead.getByTestId('end-session').click()
    await lead.locator('.ant-popconfirm').getByRole('button', { name: '结束研讨' }).click()
    for (const page of pages) {
      await page.getByTestId('session-ended').waitFor(LONG)
    }
    const minutes = lead.getByTestId('minutes-editor')
    await minutes.waitFor(LONG)
    await expect.poll(() => minutes.innerText(), LONG).toContain('实验中学：张晓燕')
    const text = await minutes.innerText()
    expect(text).toContain('集体备课记录')
    expect(text).toContain('城关第一中学：李红梅、王建国')
    expect(text).toContain(`表决：${PROPOSAL} — 同意 1 · 反对 0 · 弃权 1（通过）`)
    expect(text).toContain(`决议：${DECISION}`)
    // The pointer ended on the user menu once the end button was gone: move it away.
    await lead.mouse.move(600, 700)
    await expect
      .poll(() => lead.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count(), LONG)
      .toBe(0)
    await lead.evaluate(() => window.scrollTo(0, 0))
    await shot(lead, '3-minutes', true)

    // 8. The lead signs the common plan off from the plan page's life-cycle bar.
    await lead.goto(planUrl)
    await lead.getByTestId('sign-off').click(LONG)
    await lead
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^确\s*定$/ })
      .click()
    await expect.poll(stage, LONG).toBe('final')
    await lead.getByTestId('stage-why').waitFor(LONG)
    expect(await lead.getByTestId('lifecycle-bar').innerText()).toContain('李红梅')
    await shot(lead, '4-signed')

    // A creates a 个案 for a class, adapts it and compares it with the common plan.
    await teacherA.goto(planUrl)
    await teacherA.getByTestId('create-personal').click(LONG)
    await teacherA.getByTestId('class-name').fill(CLASS_NAME)
    await teacherA
      .locator('.ant-modal')
      .getByRole('button', { name: /^确\s*定$/ })
      .click()
    await teacherA.waitForURL((url) => url.toString() !== planUrl, LONG)
    const personalUrl = teacherA.url()
    expect(personalUrl).toMatch(/\/plans\/[A-Za-z0-9_-]+$/)
    await expect
      .poll(() => teacherA.getByTestId('lifecycle-bar').innerText(), LONG)
      .toContain(`个案 · ${CLASS_NAME} · 源自共案`)
    await teacherA.getByTestId('comparison-panel').waitFor(LONG)
    expect(await teacherA.getByTestId('comparison-panel').innerText()).toContain('与共案一致')

    await planReady(teacherA)
    const personalParagraph = teacherA
      .locator(`section[data-section="${SECTION}"] .section-body p`)
      .first()
    await personalParagraph.click()
    await caretAtEnd(teacherA, SECTION)
    await teacherA.keyboard.type(PERSONAL_NOTE, { delay: 10 })
    await planReady(teacherA)
    await teacherA.reload()
    await teacherA.getByTestId('comparison-panel').waitFor(LONG)
    await expect
      .poll(() => teacherA.getByTestId('comparison-panel').innerText(), LONG)
      .toContain('学情分析')
    await teacherA.getByTestId('toggle-comparison').click()
    const panel = teacherA.getByTestId('comparison-panel')
    await expect.poll(() => panel.innerText(), LONG).toContain(PERSONAL_NOTE)
    const comparison = await panel.innerText()
    expect(comparison).toContain(`容易出现重复或遗漏。${PERSONAL_NOTE}`)
    expect(comparison).toContain('共案')
    expect(comparison).toContain('我的个案')
    expect(comparison).toContain('有修改')
    await panel.scrollIntoViewIfNeeded()
    await shot(teacherA, '5-personal-comparison')
  }, 240_000)
})
