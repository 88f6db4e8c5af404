import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { demoPlanId } from '../helpers/signIn.ts'

const SECTION = 'learnerAnalysis'

function textBox(page: Page, testId: string) {
  return page.locator(`textarea[data-testid="${testId}"], [data-testid="${testId}"] textarea`)
}

/** Waits until the page's plan is connected and saved. */
async function ready(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('connection-state').getAttribute('data-state'), {
      timeout: 15_000,
    })
    .toBe('saved')
}

/** Selects characters `from`–`to` of the first paragraph of a section (as a mouse would). */
async function selectInSection(page: Page, section: string, from: number, to: number) {
  return page.evaluate(
    ({ section, from, to }) => {
      const paragraph = document.querySelector(`section[data-section="${section}"] .section-body p`)
      const walker = document.createTreeWalker(paragraph as Node, NodeFilter.SHOW_TEXT)
      const text = walker.nextNode() as Text
      const range = document.createRange()
      range.setStart(text, from)
      range.setEnd(text, to)
      const selection = window.getSelection() as Selection
      selection.removeAllRanges()
      selection.addRange(range)
      return range.toString()
    },
    { section, from, to },
  )
}

/** The text of the highlighted ranges of the page's editor, per thread. */
function highlights(page: Page): Promise<string[]> {
  return page
    .locator('.plan-editor .comment-highlight')
    .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''))
}

describe('comments on a plan in two browsers', () => {
  const suite = browserSuite({ width: 1440, height: 900 })
  let planUrl = ''

  beforeAll(async () => {
    planUrl = `${suite.server().httpUrl}/plans/${await demoPlanId(suite.server().kdb, 0)}`
  })

  it('A comments with an @mention, B sees it live and replies, A resolves with a decision', async () => {
    const a = await suite.open('demo-teacher-a')
    const contextA = a.context()
    const b = await suite.open('demo-teacher-b')
    const contextB = b.context()
    await Promise.all([a.goto(planUrl), b.goto(planUrl)])
    await Promise.all([ready(a), ready(b)])
    await expect.poll(() => a.getByTestId('comment-empty').count()).toBe(1)

    // A selects a sentence and presses Ctrl+Alt+M.
    await a.locator(`section[data-section="${SECTION}"] .section-body p`).first().click()
    const quote = await selectInSection(a, SECTION, 2, 14)
    expect(quote.length).toBe(12)
    await a.keyboard.press('Control+Alt+m')
    await expect.poll(() => a.getByTestId('comment-draft').count()).toBe(1)
    const draft = textBox(a, 'comment-draft-input')
    await draft.click()
    await draft.pressSequentially('这里的学情分析要结合两校的实际 @张', { delay: 20 })
    await a.getByTestId('mention-option').filter({ hasText: '张晓燕' }).click()
    await draft.pressSequentially('请补充', { delay: 20 })
    await a.getByTestId('comment-draft-submit').click()
    await expect.poll(() => a.getByTestId('comment-thread').count()).toBe(1)
    expect(await a.getByTestId('comment-quote').innerText()).toBe(quote)
    expect(await a.getByTestId('comment-body').first().innerText()).toContain('@张晓燕')
    await expect.poll(() => highlights(a)).toEqual([quote])
    await a.screenshot({ path: path.join(ARTIFACTS, 'comments-1-created.png') })

    // B sees the thread and its highlight live, and was notified of the mention.
    await expect.poll(() => b.getByTestId('comment-thread').count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => highlights(b)).toEqual([quote])
    const teacherB = await suite
      .server()
      .kdb.selectFrom('users')
      .select('id')
      .where('username', '=', 'demo-teacher-b')
      .executeTakeFirst()
    await expect
      .poll(
        async () =>
          (
            await suite
              .server()
              .kdb.selectFrom('notifications')
              .selectAll()
              .where('userId', '=', teacherB?.id ?? '')
              .where('kind', '=', 'mention')
              .execute()
          ).length,
      )
      .toBe(1)

    // B opens the thread from its highlight in the plan and replies.
    await b.locator('.plan-editor .comment-highlight').first().click()
    await expect
      .poll(() => b.locator('[data-testid="comment-thread"].comment-thread-active').count())
      .toBe(1)
    const replyBox = textBox(b, 'comment-reply-input')
    await replyBox.click()
    await replyBox.pressSequentially('好的，我补充实验中学的学情数据', { delay: 20 })
    await b.getByTestId('comment-reply-send').click()
    await expect.poll(() => a.getByTestId('comment-item').count(), { timeout: 10_000 }).toBe(2)
    expect(await a.getByTestId('comment-item').nth(1).innerText()).toContain('实验中学')
    await b.screenshot({ path: path.join(ARTIFACTS, 'comments-2-reply.png') })

    // Concurrent typing right before the highlighted text, in both browsers.
    const typeBefore = async (page: Page, text: string) => {
      await page.evaluate((section) => {
        const paragraph = document.querySelector(
          `section[data-section="${section}"] .section-body p`,
        )
        const walker = document.createTreeWalker(paragraph as Node, NodeFilter.SHOW_TEXT)
        const node = walker.nextNode() as Text
        const range = document.createRange()
        range.setStart(node, 1)
        range.collapse(true)
        const selection = window.getSelection() as Selection
        selection.removeAllRanges()
        selection.addRange(range)
      }, SECTION)
      await page.keyboard.type(text, { delay: 25 })
    }
    await a.locator(`section[data-section="${SECTION}"] .section-body p`).first().click()
    await b.locator(`section[data-section="${SECTION}"] .section-body p`).first().click()
    await Promise.all([typeBefore(a, '甲乙丙丁'), typeBefore(b, 'abcd')])
    await Promise.all([ready(a), ready(b)])
    // The paragraph's text without the colleague's caret label.
    const paragraphText = (page: Page) =>
      page
        .locator(`section[data-section="${SECTION}"] .section-body p`)
        .first()
        .evaluate((element) => {
          const copy = element.cloneNode(true) as HTMLElement
          for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
          return copy.textContent ?? ''
        })
    await expect.poll(async () => (await paragraphText(a)) === (await paragraphText(b))).toBe(true)
    expect(await paragraphText(a)).toContain('甲乙丙丁')
    expect(await paragraphText(a)).toContain('abcd')
    await expect.poll(() => highlights(a)).toEqual([quote])
    await expect.poll(() => highlights(b)).toEqual([quote])

    // A resolves the thread with a decision; B sees it resolved.
    await a.getByTestId('comment-thread').first().click()
    await a.getByTestId('comment-resolve').click()
    await textBox(a, 'comment-decision-input').fill('补充两校学情对比，周五前完成')
    await a.getByTestId('comment-resolve-confirm').click()
    await expect.poll(() => a.getByTestId('comment-thread').count()).toBe(0)
    await a.getByTestId('comment-filter').getByText('已解决').click()
    await expect.poll(() => a.getByTestId('comment-decision').count()).toBe(1)
    expect(await a.getByTestId('comment-decision').innerText()).toContain('补充两校学情对比')
    await a.screenshot({ path: path.join(ARTIFACTS, 'comments-3-resolved.png') })
    await b.getByTestId('comment-filter').getByText('全部').click()
    await expect
      .poll(() => b.getByTestId('comment-thread').first().getAttribute('data-resolved'))
      .toBe('true')
    await b.screenshot({ path: path.join(ARTIFACTS, 'comments-4-resolved-seen-by-b.png') })

    await contextA.close()
    await contextB.close()
  }, 90_000)

  it('lets an observer read comments, without the add button, in English too', async () => {
    const page = await suite.open('demo-observer', { width: 1280, height: 900 })
    const context = page.context()
    await page.goto(planUrl)
    await expect.poll(() => page.getByTestId('comment-sidebar').count()).toBe(1)
    expect(await page.getByTestId('comment-add').count()).toBe(0)
    await page.getByTestId('comment-filter').getByText('全部').click()
    await expect.poll(() => page.getByTestId('comment-thread').count()).toBe(1)
    expect(await page.getByTestId('comment-decision').innerText()).toContain('补充两校学情对比')
    await page.getByText('English', { exact: true }).click()
    await expect
      .poll(() =>
        page.getByTestId('comment-sidebar').getByText('Comments', { exact: true }).count(),
      )
      .toBe(1)
    expect(await page.getByTestId('comment-decision').innerText()).toContain('Decision')
    await page.screenshot({ path: path.join(ARTIFACTS, 'comments-5-observer-en.png') })
    await context.close()
  }, 60_000)

  it('tells why a comment was not saved, in Chinese and in English, and keeps the draft', async () => {
    const page = await suite.open('demo-teacher-b')
    const context = page.context()
    await page.goto(planUrl)
    await ready(page)
    const paragraph = page.locator(`section[data-section="${SECTION}"] .section-body p`).first()
    const startDraft = async (): Promise<void> => {
      await paragraph.click()
      await selectInSection(page, SECTION, 20, 26)
      await page.keyboard.press('Control+Alt+m')
      await expect.poll(() => page.getByTestId('comment-draft').count()).toBe(1)
    }
    await startDraft()
    const draft = textBox(page, 'comment-draft-input')
    await draft.fill('网络断开时写的批注')
    const threadsBefore = await page.getByTestId('comment-thread').count()

    // The network is gone: the endpoint cannot be reached, the draft stays.
    await context.setOffline(true)
    await page.getByTestId('comment-draft-submit').click()
    await expect
      .poll(() => page.locator('.ant-message').getByText('无法连接服务器，批注没有保存').count())
      .toBe(1)
    expect(await draft.inputValue()).toBe('网络断开时写的批注')
    await page.screenshot({ path: path.join(ARTIFACTS, 'comments-6-error-zh.png') })

    await context.setOffline(false)
    await page.getByText('English', { exact: true }).click()
    await context.setOffline(true)
    await page.getByTestId('comment-draft-submit').click()
    const english = 'The server cannot be reached; the comment was not saved'
    await expect.poll(() => page.locator('.ant-message').getByText(english).count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'comments-7-error-en.png') })

    // Back online, the same draft is sent.
    await context.setOffline(false)
    await page.getByTestId('comment-draft-submit').click()
    await expect.poll(() => page.getByTestId('comment-draft').count()).toBe(0)
    await expect
      .poll(() => page.getByTestId('comment-thread').count(), { timeout: 10_000 })
      .toBe(threadsBefore + 1)
    await context.close()
  }, 60_000)
})
