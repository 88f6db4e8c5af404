import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { planText, sectionText, typeInSection } from '../helpers/planPage.ts'

const PLAN_TITLE = '有理数的概念与分类'

async function saved(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('connection-state').getAttribute('data-state'), {
      timeout: 15_000,
    })
    .toBe('saved')
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage })
}

/** Saves the live plan as a named version through the history page's dialog. */
async function saveVersion(page: Page, name: string): Promise<void> {
  await page.getByTestId('save-version').click()
  await page.getByTestId('version-name-input').fill(name)
  await page.locator('.save-version-ok').click()
  await page.getByTestId('version-name-input').waitFor({ state: 'detached' })
}

/** The timeline entry of the named version. */
function timelineEntry(page: Page, name: string) {
  return page.getByTestId('timeline-version').filter({ hasText: name })
}

describe('the history of a plan in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 900 })
  let planUrl = ''

  it('saves a named version, shows it in the timeline, previews it and marks the insertion since', async () => {
    const page = await suite.open('demo-teacher-a')
    const context = page.context()
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await page.getByRole('link', { name: PLAN_TITLE }).click()
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]+$/)
    planUrl = page.url()
    await saved(page)
    await page.getByTestId('open-history').waitFor()
    await shot(page, 'history-plan-entry', false)
    await typeInSection(page, 'objectives', '【命名版本前的补充】')
    await saved(page)

    await page.getByTestId('open-history').click()
    await page.waitForURL(`${planUrl}/history`)
    await page.getByTestId('history-timeline').waitFor()
    // With nothing chosen the page shows who wrote the live plan, by school and person.
    const names = (testId: string) =>
      page.getByTestId(testId).locator('.history-share-name').allInnerTexts()
    await expect.poll(() => names('contributor')).toContain('王建国')
    expect(await names('contributor-school')).toContain('城关第一中学')
    // An editor fills the header's 参与教师 from them in one click.
    await page.getByTestId('contributors-fill-header').click()
    await expect.poll(() => page.getByText(/参与教师已(填为|清空)/).count()).toBe(1)

    // The dialog refuses an empty and a too long name.
    await page.getByTestId('save-version').click()
    await page.getByTestId('version-name-input').fill('   ')
    await page.locator('.save-version-ok').click()
    await expect.poll(() => page.getByText('请填写版本名称').count()).toBe(1)
    await page.getByTestId('version-name-input').fill('长'.repeat(81))
    await page.locator('.save-version-ok').click()
    await expect.poll(() => page.getByText('版本名称最多 80 个字').count()).toBe(1)
    await page.getByRole('button', { name: '取 消' }).click()
    await saveVersion(page, '研讨前稿')

    const entry = timelineEntry(page, '研讨前稿')
    await expect.poll(() => entry.count()).toBe(1)
    expect(await entry.innerText()).toContain('命名版本')
    expect(await entry.innerText()).toContain('王建国')
    expect(await page.getByTestId('history-day').first().innerText()).toBe('今天')
    await shot(page, 'history-timeline-zh')

    // Keyboard: from the live entry, ↓ moves to the newest version and Enter opens it.
    await page.getByTestId('history-timeline').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.getByTestId('history-preview').waitFor()
    expect(await page.getByTestId('preview-title').innerText()).toContain('研讨前稿')
    await expect
      .poll(() =>
        page.locator('[data-testid="version-plan"] section[data-section="objectives"]').innerText(),
      )
      .toContain('【命名版本前的补充】')
    expect(await page.getByTestId('version-plan').getAttribute('contenteditable')).toBe('false')
    expect(await page.getByTestId('plan-editor').count()).toBe(0)
    await shot(page, 'history-preview-zh')

    // Type more on the plan, then compare the named version with the live plan.
    await page.getByTestId('history-back').click()
    await saved(page)
    await typeInSection(page, 'objectives', '【版本之后的新内容】')
    await saved(page)
    await page.goto(`${planUrl}/history`)
    await timelineEntry(page, '研讨前稿').click()
    await page.getByTestId('compare-live').click()
    await page.getByTestId('history-compare').waitFor()
    const objectives = page.locator('[data-testid="compare-part"][data-part="objectives"]')
    await expect.poll(() => objectives.count()).toBe(1)
    const inserted = objectives.getByTestId('run-insert')
    await expect.poll(() => inserted.allInnerTexts()).toContain('【版本之后的新内容】')
    // The insertion is A's, marked in the colour of A's school, as the legend shows it.
    const mark = inserted.filter({ hasText: '【版本之后的新内容】' })
    const markSchool = await mark.getAttribute('data-school')
    expect(markSchool).toBeTruthy()
    const legendDot = page.locator(
      `.history-legend-school[data-school="${markSchool}"] .history-dot`,
    )
    const legendColor = await legendDot.evaluate((dot) => getComputedStyle(dot).backgroundColor)
    expect(await mark.evaluate((node) => getComputedStyle(node).color)).toBe(legendColor)
    expect(await mark.evaluate((node) => getComputedStyle(node).textDecorationLine)).toContain(
      'underline',
    )
    expect(await page.getByTestId('compare-legend').innerText()).toContain('王建国')
    // Parts without changes are folded away.
    expect(await page.getByTestId('compare-unchanged').innerText()).toContain('个部分没有改动')
    await shot(page, 'history-compare-zh')

    // At a phone's width the timeline stacks above the pane.
    await page.setViewportSize({ width: 390, height: 844 })
    await shot(page, 'history-compare-390')
    await timelineEntry(page, '研讨前稿').click()
    await page.getByTestId('history-preview').waitFor()
    await shot(page, 'history-preview-390', false)
    // Nothing of the history page reaches past the phone's width.
    const widest = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll('[data-testid="history-page"] *')].map(
          (element) => element.getBoundingClientRect().right,
        ),
      ),
    )
    expect(widest).toBeLessThanOrEqual(390)
    await context.close()
  })

  it('shows the history, preview and comparison in English', async () => {
    const page = await suite.open('demo-lead')
    const context = page.context()
    await page.evaluate(() =>
      fetch('/api/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: 'en' }),
      }),
    )
    await page.goto(`${planUrl}/history`)
    await expect
      .poll(() => page.getByTestId('history-back').innerText())
      .toContain('Back to the plan')
    await expect.poll(() => page.getByTestId('history-day').first().innerText()).toBe('Today')
    expect(await timelineEntry(page, '研讨前稿').innerText()).toContain('Named')
    await shot(page, 'history-timeline-en')
    await timelineEntry(page, '研讨前稿').click()
    await page.getByTestId('history-preview').waitFor()
    await shot(page, 'history-preview-en')
    await page.getByTestId('compare-live').click()
    await page.getByTestId('history-compare').waitFor()
    await expect.poll(() => page.getByTestId('run-insert').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('compare-unchanged').innerText()).toContain('unchanged parts')
    await shot(page, 'history-compare-en')

    // A plan without versions shows the empty state under the live entry.
    const other = await page.evaluate(async (title) => {
      const plans = (await (await fetch('/api/documents?kind=lesson_plan')).json()) as {
        items: { id: string; title: string }[]
      }
      for (const plan of plans.items) {
        if (plan.title === title) continue
        const answer = await fetch(`/api/documents/${plan.id}/versions`)
        if (!answer.ok) continue
        if (((await answer.json()) as { versions: unknown[] }).versions.length === 0) return plan.id
      }
      return null
    }, PLAN_TITLE)
    expect(other).not.toBeNull()
    await page.goto(`${suite.server().httpUrl}/plans/${other}/history`)
    await page.getByTestId('history-empty').waitFor()
    expect(await page.getByTestId('history-empty').innerText()).toContain('No versions yet')
    expect(await page.getByTestId('timeline-live').count()).toBe(1)
    await shot(page, 'history-empty-en')
    await context.close()
  })

  it('restores a section B deleted while B keeps typing elsewhere: both editors end equal, the section is back, B’s typing survives', async () => {
    const pageA = await suite.open('demo-teacher-a')
    const pageB = await suite.open('demo-teacher-b')
    const history = await suite.open('demo-teacher-a')
    await Promise.all([pageA.goto(planUrl), pageB.goto(planUrl)])
    await Promise.all([saved(pageA), saved(pageB)])

    // The paragraph B will delete is in a version.
    const paragraph = pageB.locator('section[data-section="difficulties"] .section-body p').first()
    const deletedText = (await paragraph.innerText()).trim()
    expect(deletedText.length).toBeGreaterThan(4)
    await history.goto(`${planUrl}/history`)
    await saveVersion(history, '删除之前')

    // B deletes the paragraph.
    await paragraph.click()
    await pageB.keyboard.press('End')
    await pageB.keyboard.press('Shift+Home')
    await pageB.keyboard.press('Backspace')
    await saved(pageB)
    await expect.poll(() => sectionText(pageA, 'difficulties')).not.toContain(deletedText)

    // A finds it in the history: comparing that version with the live plan shows it struck out.
    await history.reload()
    await timelineEntry(history, '删除之前').click()
    await history.getByTestId('compare-live').click()
    const part = history.locator('[data-testid="compare-part"][data-part="difficulties"]')
    await expect.poll(() => part.getByTestId('run-delete').allInnerTexts()).toContain(deletedText)
    await shot(history, 'history-restore-section')

    // B keeps typing in another section while A restores the deleted section.
    const typedByB = '【张晓燕在恢复期间的输入】'
    const typing = typeInSection(pageB, 'homework', typedByB, 60)
    await part.getByTestId('restore-part').click()
    expect(await history.getByTestId('restore-confirm').innerText()).toContain('恢复前')
    await history.locator('.restore-ok').click()
    await history.getByTestId('restore-done').waitFor()
    await typing
    await Promise.all([saved(pageA), saved(pageB)])

    const within = { timeout: 15_000, interval: 100 }
    await expect.poll(() => sectionText(pageA, 'difficulties'), within).toContain(deletedText)
    await expect.poll(() => sectionText(pageB, 'difficulties'), within).toContain(deletedText)
    await expect.poll(() => sectionText(pageA, 'homework'), within).toContain(typedByB)
    expect(await sectionText(pageB, 'homework')).toContain(typedByB)
    await expect
      .poll(async () => (await planText(pageA)) === (await planText(pageB)), within)
      .toBe(true)

    // The restore kept a safety version first, and shows both in the timeline.
    await history.reload()
    await expect.poll(() => timelineEntry(history, '恢复前').count()).toBeGreaterThan(0)
    await shot(history, 'history-after-restore')
    for (const page of [pageA, pageB, history]) await page.context().close()
  })

  it('restores one part of a version from its preview, and 撤销 brings the live content back', async () => {
    const editor = await suite.open('demo-teacher-a')
    await editor.goto(planUrl)
    await saved(editor)
    expect(await sectionText(editor, 'objectives')).toContain('【版本之后的新内容】')
    const page = await suite.open('demo-teacher-a')
    await page.goto(`${planUrl}/history`)
    await timelineEntry(page, '研讨前稿').click()
    await page.getByTestId('history-preview').waitFor()
    expect(await page.getByTestId('restore-section').isDisabled()).toBe(true)
    await page.getByTestId('restore-section-select').click()
    await page.locator('.ant-select-item-option', { hasText: '教学目标' }).click()
    await page.getByTestId('restore-section').click()
    expect(await page.getByTestId('restore-confirm').innerText()).toContain('“教学目标”')
    await page.locator('.restore-ok').click()
    await page.getByTestId('restore-done').waitFor()
    await expect
      .poll(() => sectionText(editor, 'objectives'), { timeout: 15_000 })
      .not.toContain('【版本之后的新内容】')
    expect(await sectionText(editor, 'objectives')).toContain('【命名版本前的补充】')
    await shot(page, 'history-restored-message')

    await page.getByTestId('restore-undo').click()
    await expect
      .poll(() => sectionText(editor, 'objectives'), { timeout: 15_000 })
      .toContain('【版本之后的新内容】')
    await expect.poll(() => page.getByText('已撤销恢复').count()).toBe(1)
    for (const opened of [editor, page]) await opened.context().close()
  })

  it('compares "since the last 集体研讨" in one click: from the 研讨结束 milestone to the live plan', async () => {
    const lead = await suite.open('demo-lead')
    const documentId = planUrl.split('/').pop() ?? ''
    const statuses = await lead.evaluate(async (id) => {
      const post = (url: string, body?: unknown) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      const started = await post('/api/sessions', { documentId: id })
      const { id: meetingId } = (await started.json()) as { id: string }
      const ended = await post(`/api/sessions/${meetingId}/end`)
      return [started.status, ended.status]
    }, documentId)
    expect(statuses).toEqual([201, 200])
    await lead.context().close()

    const page = await suite.open('demo-teacher-a')
    await page.goto(planUrl)
    await saved(page)
    await typeInSection(page, 'keyPoints', '【研讨之后的修改】')
    await saved(page)
    await page.goto(`${planUrl}/history`)
    await expect.poll(() => timelineEntry(page, '研讨结束').count()).toBe(1)
    await page.getByTestId('since-discussion').click()
    await page.getByTestId('history-compare').waitFor()
    expect(await page.getByTestId('compare-from').innerText()).toContain('研讨结束')
    const keyPoints = page.locator('[data-testid="compare-part"][data-part="keyPoints"]')
    await expect
      .poll(() => keyPoints.getByTestId('run-insert').allInnerTexts())
      .toContain('【研讨之后的修改】')
    await shot(page, 'history-since-discussion')
    await page.context().close()
  })

  it('shows an observer the history read-only, and disables restore on a signed 共案', async () => {
    const observer = await suite.open('demo-observer')
    await observer.goto(`${planUrl}/history`)
    await timelineEntry(observer, '研讨前稿').click()
    await observer.getByTestId('history-preview').waitFor()
    expect(await observer.getByTestId('restore-actions').count()).toBe(0)
    expect(await observer.getByTestId('save-version').count()).toBe(0)
    await observer.context().close()

    await suite
      .server()
      .kdb.updateTable('documents')
      .set({ status: 'final' })
      .where('title', '=', PLAN_TITLE)
      .execute()
    const page = await suite.open('demo-teacher-a')
    await page.goto(`${planUrl}/history`)
    await timelineEntry(page, '研讨前稿').click()
    await page.getByTestId('restore-why').waitFor()
    expect(await page.getByTestId('restore-why').innerText()).toContain('重新打开')
    expect(await page.getByTestId('restore-whole').isDisabled()).toBe(true)
    await page.context().close()
  })
})
