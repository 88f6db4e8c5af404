import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

/** What the page's Tiptap editor offers the test (its element carries it as `editor`). */
interface EditorHandle {
  commands: { setTextSelection(position: number): boolean }
  view: { posAtDOM(node: Node, offset: number): number; focus(): void }
}

/** Where the text caret is: the step index and column key, or the focused input's field. */
interface Focus {
  step: number
  column: string | null
  field: string | null
  title: boolean
}

function focusOf(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const steps = [...document.querySelectorAll('[data-process-step]')]
    const active = document.activeElement
    if (active instanceof HTMLInputElement) {
      const step = active.closest('[data-process-step]')
      const field = active.closest('.process-step-name')
        ? 'name'
        : active.closest('.ant-input-number')
          ? 'minutes'
          : null
      return {
        step: step ? steps.indexOf(step) : -1,
        column: null,
        field,
        title: active.closest('.plan-header-title') !== null,
      }
    }
    const anchor = window.getSelection()?.anchorNode
    const element = anchor instanceof Element ? anchor : (anchor?.parentElement ?? null)
    const step = element?.closest('[data-process-step]') ?? null
    return {
      step: step ? steps.indexOf(step) : -1,
      column: element?.closest('[data-column]')?.getAttribute('data-column') ?? null,
      field: null,
      title: false,
    }
  })
}

/** Puts the caret at the end of a paragraph through the editor (a click can miss, End only reaches a line's end). */
async function caretAtEnd(paragraph: Locator): Promise<void> {
  await paragraph.scrollIntoViewIfNeeded()
  await paragraph.evaluate((element) => {
    const root = element.closest('.ProseMirror')
    const editor = root && 'editor' in root ? (root.editor as EditorHandle) : null
    if (!editor) throw new Error('no editor on the page')
    editor.commands.setTextSelection(editor.view.posAtDOM(element, element.childNodes.length))
    editor.view.focus()
  })
}

async function planUrl(suite: ReturnType<typeof browserSuite>, title: string): Promise<string> {
  const row = await suite
    .server()
    .kdb.selectFrom('documents')
    .select('id')
    .where('title', '=', title)
    .executeTakeFirst()
  if (!row) throw new Error(`no demo plan ${title}`)
  return `${suite.server().httpUrl}/plans/${row.id}`
}

async function openPlan(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect
    .poll(() => page.getByTestId('connection-state').getAttribute('data-state'))
    .toBe('saved')
}

describe('what a teacher hit in a first classroom trial', () => {
  const suite = browserSuite()

  it('moves Tab and Shift+Tab between the cells of the 教学过程 steps like a Word table', async () => {
    const page = await suite.open('demo-teacher-a')
    await openPlan(page, await planUrl(suite, '有理数的加法法则'))
    const title = await page.getByTestId('header-lessonTitle').inputValue()
    const stepCount = await page.locator('[data-process-step]').count()
    expect(stepCount).toBeGreaterThan(1)

    await caretAtEnd(
      page.locator('[data-process-step]').first().locator('[data-column="teacher"] p').first(),
    )
    expect(await focusOf(page)).toMatchObject({ step: 0, column: 'teacher' })
    const expected: Array<Partial<Focus>> = [
      { step: 0, column: 'student' },
      { step: 0, column: 'intent' },
      { step: 1, field: 'name' },
      { step: 1, field: 'minutes' },
      { step: 1, column: 'teacher' },
    ]
    for (const where of expected) {
      await page.keyboard.press('Tab')
      expect(await focusOf(page)).toMatchObject({ ...where, title: false })
    }
    for (const where of [
      { step: 1, field: 'minutes' },
      { step: 1, field: 'name' },
      { step: 0, column: 'intent' },
    ]) {
      await page.keyboard.press('Shift+Tab')
      expect(await focusOf(page)).toMatchObject({ ...where, title: false })
    }

    // Tab in the last cell of the last step adds a step, as Word adds a row.
    await caretAtEnd(
      page.locator('[data-process-step]').last().locator('[data-column="intent"] p').last(),
    )
    expect(await focusOf(page)).toMatchObject({ step: stepCount - 1, column: 'intent' })
    await page.keyboard.press('Tab')
    await expect.poll(() => page.locator('[data-process-step]').count()).toBe(stepCount + 1)
    await expect.poll(() => focusOf(page)).toMatchObject({ step: stepCount, field: 'name' })
    await page.keyboard.type('小结')
    expect(await page.getByTestId('header-lessonTitle').inputValue()).toBe(title)
    expect(await page.getByTestId('step-name').last().inputValue()).toBe('小结')
  })

  it('keeps Tab in the plan text, and Ctrl+Z in the title brings the title back', async () => {
    const page = await suite.open('demo-teacher-a')
    await openPlan(page, await planUrl(suite, '有理数的加法法则'))
    const titleInput = page.getByTestId('header-lessonTitle')
    const title = await titleInput.inputValue()
    await caretAtEnd(
      page.locator('section[data-section="objectives"] .section-body p:not(li p)').first(),
    )
    await page.keyboard.press('Tab')
    expect(await focusOf(page)).toMatchObject({ title: false, field: null })
    await page.keyboard.press('Shift+Tab')
    expect(await focusOf(page)).toMatchObject({ title: false, field: null })

    // A slip in the title is undone with Ctrl+Z typed in the title itself.
    await titleInput.click()
    await page.keyboard.press('End')
    await page.keyboard.type('X')
    await expect.poll(() => titleInput.inputValue()).toBe(`${title}X`)
    await page.waitForTimeout(600)
    await page.keyboard.press('Control+z')
    await expect.poll(() => titleInput.inputValue()).toBe(title)
  })

  it('shows a read-only plan’s header and step names as text, not as disabled inputs', async () => {
    const page = await suite.open('demo-observer')
    await openPlan(page, await planUrl(suite, '有理数的加法法则'))
    await page.getByTestId('read-only-banner').waitFor()
    const editor = page.getByTestId('plan-editor')
    expect(await editor.locator('[data-plan-header] input').count()).toBe(0)
    expect(await editor.locator('[data-process-step] input').count()).toBe(0)
    expect(await editor.getByTestId('header-lessonTitle').innerText()).toContain('有理数的加法')
    expect((await editor.getByTestId('step-name').first().innerText()).trim()).not.toBe('')
    await page.screenshot({ path: path.join(ARTIFACTS, 'trial-read-only-plan.png') })
    await editor
      .locator('[data-process-step]')
      .first()
      .screenshot({ path: path.join(ARTIFACTS, 'trial-read-only-step.png') })
  })

  it('refuses a library rating without stars, in the page and on the server', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    await server.kdb
      .updateTable('documents')
      .set({ status: 'final' })
      .where('title', '=', '有理数的概念与分类')
      .execute()
    const planId = (
      await server.kdb
        .selectFrom('documents')
        .select('id')
        .where('title', '=', '有理数的概念与分类')
        .executeTakeFirst()
    )?.id
    const published = await api.call('demo-lead', 'POST', '/api/library', { documentId: planId })
    expect(published.status).toBe(201)
    const entryId = (published.body as { entryId: string }).entryId

    const refused = await api.call('demo-outsider', 'PUT', `/api/library/${entryId}/review`, {
      comment: '没有打分',
    })
    expect(refused.status).toBe(400)

    const page = await suite.open('demo-outsider')
    await page.goto(`${server.httpUrl}/library/${entryId}`)
    await page.getByTestId('library-plan').waitFor()
    expect(await page.getByTestId('library-plan').locator('input').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'trial-library-entry.png'), fullPage: true })
    expect(await page.getByTestId('submit-review').isDisabled()).toBe(true)
    await page.getByTestId('submit-review').click({ force: true })
    await page.getByTestId('review-stars').locator('li').nth(2).click()
    expect(await page.getByTestId('submit-review').isDisabled()).toBe(false)
    await page.getByTestId('submit-review').click()
    const outsider = await api.userId('demo-outsider')
    const stars = async () =>
      (
        await server.kdb
          .selectFrom('libraryReviews')
          .innerJoin('libraryEntries', 'libraryEntries.id', 'libraryReviews.entryId')
          .select('libraryReviews.stars')
          .where('libraryReviews.entryId', '=', entryId)
          .where('libraryReviews.userId', '=', outsider)
          .executeTakeFirst()
      )?.stars ?? null
    await expect.poll(stars).toBe(3)
  })

  it('gives each school of the alliance its own colour and tells viewers from editors', async () => {
    const server = suite.server()
    const url = await planUrl(suite, '第一章 有理数 单元复习')
    await server.kdb
      .updateTable('documents')
      .set({ visibility: 'alliance' })
      .where('title', '=', '第一章 有理数 单元复习')
      .execute()
    const lead = await suite.open('demo-lead')
    const teacherB = await suite.open('demo-teacher-b')
    const outsider = await suite.open('demo-outsider')
    const observer = await suite.open('demo-observer')
    for (const page of [lead, teacherB, outsider, observer]) await openPlan(page, url)
    const people = lead.getByTestId('presence-person')
    await expect.poll(() => people.count()).toBe(4)
    const shown = await people.evaluateAll((nodes) =>
      nodes.map((node) => ({
        name: node.getAttribute('data-name'),
        mode: node.getAttribute('data-mode'),
        school: node.closest('[data-school]')?.getAttribute('data-school'),
        color: getComputedStyle(node).backgroundColor,
      })),
    )
    const colourBySchool = new Map(shown.map((person) => [person.school, person.color]))
    expect(colourBySchool.size).toBe(3)
    expect(new Set(colourBySchool.values()).size).toBe(3)
    const observerName = (
      await server.kdb
        .selectFrom('users')
        .select('displayName as name')
        .where('username', '=', 'demo-observer')
        .executeTakeFirst()
    )?.name
    const modes = Object.fromEntries(shown.map((person) => [person.name, person.mode]))
    expect(modes[observerName ?? '']).toBe('viewing')
    expect(modes.李红梅).toBe('editing')
    await lead
      .getByTestId('presence-person')
      .and(lead.locator(`[data-name="${observerName}"]`))
      .hover()
    await expect.poll(() => lead.getByRole('tooltip').innerText()).toContain('正在查看')
    await lead.screenshot({ path: path.join(ARTIFACTS, 'trial-presence.png') })
  })

  it('describes each notification by the event, not by the plan’s current state', async () => {
    const api = new DemoCaller(suite.server())
    const { planId } = await api.taskWithPlan('有理数的乘法')
    expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
    expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
    const page = await suite.open('demo-teacher-b')
    await page.getByTestId('notification-bell').click()
    const texts = await page.getByTestId('notification-item').allInnerTexts()
    const about = texts.filter((text) => text.includes('有理数的乘法'))
    expect(about.some((text) => text.includes('进入研讨'))).toBe(true)
    expect(about.some((text) => text.includes('已定稿'))).toBe(true)
  })

  it('says that a home search found nothing, and keeps tab, filters and searches in the URL', async () => {
    const page = await suite.open('demo-teacher-a')
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await page.getByTestId('plan-search').locator('input').fill('不存在的课题')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('.ant-empty-description').innerText())
      .toContain('没有找到与“不存在的课题”相关的教案')
    await page.getByTestId('plan-search').locator('input').fill('有理数')
    await page.keyboard.press('Enter')
    await page.getByRole('link', { name: '有理数的加法法则' }).click()
    await page.waitForURL(/\/plans\//)
    await page.goBack()
    await expect
      .poll(() => page.getByRole('tab', { selected: true }).innerText())
      .toBe('教研组教案')
    expect(await page.getByTestId('plan-search').locator('input').inputValue()).toBe('有理数')

    await page.getByTestId('nav-library').click()
    await page.getByTestId('library-search').locator('input').fill('分类')
    await page.keyboard.press('Enter')
    const result = page.getByTestId('library-item').first()
    await result.getByRole('link').first().click()
    await page.waitForURL(/\/library\/[A-Za-z0-9_-]+$/)
    await page.goBack()
    expect(await page.getByTestId('library-search').locator('input').inputValue()).toBe('分类')
    await expect.poll(() => page.getByTestId('library-item').count()).toBeGreaterThan(0)
  })

  it('marks Chinese plan text as Chinese when the interface is in English', async () => {
    const api = new DemoCaller(suite.server())
    expect((await api.call('demo-teacher-b', 'PATCH', '/api/me', { language: 'en' })).status).toBe(
      200,
    )
    try {
      const page = await suite.open('demo-teacher-b')
      await openPlan(page, await planUrl(suite, '解一元一次方程——移项'))
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en')
      const langOf = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((node) => node.closest('[lang]')?.getAttribute('lang'))
      expect(await langOf('[data-testid="plan-editor"] .section-body p')).toBe('zh-CN')
      expect(await langOf('[data-testid="plan-editor"] .section-title')).toBe('en')
      expect(await langOf('.plan-title')).toBe('zh-CN')
    } finally {
      await api.call('demo-teacher-b', 'PATCH', '/api/me', { language: 'zh-CN' })
    }
  })

  it('numbers a list item once when the teacher types its number', async () => {
    const page = await suite.open('demo-teacher-a')
    await openPlan(page, await planUrl(suite, '解一元一次方程——移项'))
    const paragraph = page
      .locator('section[data-section="objectives"] .section-body p:not(li p)')
      .last()
    await caretAtEnd(paragraph)
    await page.keyboard.press('Enter')
    await page.keyboard.type('1. 第一条', { delay: 10 })
    await page.keyboard.press('Enter')
    await page.keyboard.type('2. 第二条', { delay: 10 })
    const items = page
      .locator('section[data-section="objectives"] .section-body ol:not(li ol)')
      .last()
      .locator(':scope > li')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.nth(1).innerText()).toBe('第二条')
    expect(await page.locator('section[data-section="objectives"] ol ol').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'trial-numbered-list.png') })
  })

  it('shows date pickers entirely in the interface language', async () => {
    const page = await suite.open('demo-lead')
    await page.goto(`${suite.server().httpUrl}/tasks`)
    await page.getByTestId('new-task').click()
    await page.getByTestId('task-due').click()
    const panel = page.locator('.ant-picker-dropdown').first()
    await panel.waitFor()
    const text = await panel.innerText()
    expect(text).toMatch(/[一二三四五六日]/)
    expect(text).not.toMatch(
      /\b(Su|Mo|Tu|We|Th|Fr|Sa|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/,
    )
  })
})
