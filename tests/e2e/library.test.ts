import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

const PLAN_TITLE = '有理数的概念与分类'

describe('the shared library in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 900 })

  it('carries a final group plan from its lead to a teacher of another school, who rates and adapts it', async () => {
    // The group signed the plan off as final (共案); the sign-off flow itself comes with issue 6.
    await suite
      .server()
      .kdb.updateTable('documents')
      .set({ status: 'final' })
      .where('title', '=', PLAN_TITLE)
      .execute()

    const lead = await suite.open('demo-lead')
    const leadContext = lead.context()
    await lead.getByRole('tab', { name: '教研组教案' }).click()
    await lead.getByRole('link', { name: PLAN_TITLE }).click()
    await lead.getByTestId('publish').click()
    await lead.getByRole('button', { name: '发布到资源共享库' }).last().click()
    await lead.waitForURL(/\/library\/[A-Za-z0-9_-]+$/)
    const entryUrl = lead.url()
    await leadContext.close()

    const outsider = await suite.open('demo-outsider')
    const context = outsider.context()
    await outsider.getByTestId('nav-library').click()
    await outsider.getByTestId('library-search').locator('input').fill('分类')
    await outsider.keyboard.press('Enter')
    const result = outsider.getByTestId('library-item').filter({ hasText: PLAN_TITLE })
    await expect.poll(() => result.count()).toBe(1)
    expect(await result.locator('mark').first().innerText()).toBe('分类')
    await outsider.screenshot({ path: path.join(ARTIFACTS, 'library-search.png') })
    await result.getByRole('link').first().click()
    await outsider.waitForURL(entryUrl)
    await outsider.getByTestId('library-plan').waitFor()
    await outsider.getByTestId('review-stars').locator('li').nth(3).click()
    await outsider.getByTestId('submit-review').click()
    await expect.poll(() => outsider.getByText('赵丽').count()).toBeGreaterThan(0)

    await outsider.getByTestId('adapt').click()
    await outsider.waitForURL(/\/plans\/[A-Za-z0-9_-]+$/)
    const paragraph = outsider.locator('section[data-section="reflection"] .section-body p').first()
    await paragraph.click()
    await outsider.keyboard.press('End')
    await outsider.keyboard.type('（本班：农村学生，增加实物操作）', { delay: 10 })
    await expect
      .poll(() => outsider.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('saved')

    await outsider.goto(entryUrl)
    await expect.poll(() => outsider.getByTestId('library-stats').innerText()).toContain('改编 1')
    expect(await outsider.getByTestId('library-stats').innerText()).toContain('评价 1')
    await outsider.screenshot({ path: path.join(ARTIFACTS, 'library-entry.png') })
    await context.close()
  })
})
