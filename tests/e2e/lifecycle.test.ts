import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

const LESSON = '去括号与添括号'

describe('the preparation life cycle in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 900 })
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `lifecycle-${name}.png`), fullPage: true })
  const as = async (username: string): Promise<Page> => {
    return suite.open(username)
  }

  it('takes a lesson from the schedule through 初备, 研讨 and 共案 to a teacher’s 个案', async () => {
    // The lead schedules the lesson with 王建国 as main preparer.
    const lead = await as('demo-lead')
    await lead.getByTestId('nav-tasks').click()
    await expect.poll(() => lead.getByTestId('task-stage').count()).toBeGreaterThanOrEqual(4)
    await shot(lead, 'schedule')
    await lead.getByTestId('new-task').click()
    await lead.getByTestId('task-unit').fill('第二章 整式的加减')
    await lead.getByTestId('task-lesson').fill(LESSON)
    await lead.getByTestId('task-preparer').click()
    await lead.locator('.ant-select-item-option', { hasText: '王建国' }).click()
    await lead.getByTestId('task-due').click()
    await lead.keyboard.type('2030-11-05')
    await lead.keyboard.press('Enter')
    await shot(lead, 'new-task')
    await lead.getByRole('button', { name: /^创\s*建$/ }).click()
    await lead.getByRole('cell', { name: LESSON }).waitFor()

    // The main preparer is told, starts drafting and submits the draft for discussion.
    const preparer = await as('demo-teacher-a')
    await expect
      .poll(async () => preparer.getByTestId('notification-bell').textContent())
      .toMatch(/\d/)
    await preparer.getByTestId('notification-bell').click()
    await preparer.getByTestId('notification-list').getByText(LESSON).first().waitFor()
    await shot(preparer, 'notifications')
    await preparer.keyboard.press('Escape')
    await preparer.getByTestId('nav-tasks').click()
    await preparer
      .getByRole('row', { name: new RegExp(LESSON) })
      .getByTestId('start-drafting')
      .click()
    await preparer.waitForURL(/\/plans\//)
    const planUrl = preparer.url()
    await preparer.getByTestId('lifecycle-bar').waitFor()
    await shot(preparer, 'draft')
    await preparer.getByTestId('submit-discussion').click()
    await expect
      .poll(() => preparer.getByTestId('lifecycle-bar').getAttribute('data-stage'))
      .toBe('discussion')

    // The lead signs it off (with a confirmation); it becomes read-only.
    await lead.goto(planUrl)
    await lead.getByTestId('sign-off').click()
    await lead.getByRole('button', { name: /^确\s*定$/ }).click()
    await expect
      .poll(() => lead.getByTestId('lifecycle-bar').getAttribute('data-stage'))
      .toBe('final')
    await lead.getByTestId('stage-why').waitFor()
    await shot(lead, 'signed')

    // A participant creates their 个案 for a class, compares it and records a reflection.
    const teacher = await as('demo-teacher-b')
    await teacher.goto(planUrl)
    await teacher.getByTestId('create-personal').click()
    await teacher.getByTestId('class-name').fill('七年级（3）班')
    await teacher.getByRole('button', { name: /^确\s*定$/ }).click()
    await teacher.waitForURL((url) => url.toString() !== planUrl)
    await teacher.getByTestId('comparison-panel').waitFor()
    await teacher.getByTestId('toggle-comparison').click()
    await teacher.getByTestId('add-reflection').click()
    await teacher
      .getByTestId('reflection-text')
      .fill('学生对去括号的符号变化掌握较好，添括号需要再练习。')
    await teacher.getByTestId('save-reflection').click()
    await teacher.getByTestId('reflection').first().waitFor()
    await shot(teacher, 'personal')
    expect(await teacher.getByTestId('lifecycle-bar').textContent()).toContain('七年级（3）班')
  })
})
