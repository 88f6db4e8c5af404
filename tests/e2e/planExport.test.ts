import fs from 'node:fs'
import path from 'node:path'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

const PLAN_TITLE = '有理数的概念与分类'

describe('exporting and printing a plan in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 900 })

  it('downloads the plan as .docx from the 导出 menu, and prints only the plan sheet', async () => {
    const page = await suite.open('demo-teacher-a')
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await page.getByRole('link', { name: PLAN_TITLE }).click()
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]+$/)
    await page.getByTestId('export-menu').click()
    await page.getByTestId('export-docx').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-export-menu.png') })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-docx').click(),
    ])
    expect(download.suggestedFilename()).toBe(`七年级数学-${PLAN_TITLE}.docx`)
    const file = path.join(ARTIFACTS, 'plan-export.docx')
    await download.saveAs(file)
    const { value: text } = await mammoth.extractRawText({ buffer: fs.readFileSync(file) })
    expect(text).toContain(PLAN_TITLE)
    expect(text).toContain('教学过程')

    await expect.poll(() => page.locator('.app-header').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-print.png'), fullPage: true })
    expect(await page.locator('.app-header').isVisible()).toBe(false)
    expect(await page.getByTestId('export-menu').isVisible()).toBe(false)
    expect(await page.locator('.plan-topbar').isVisible()).toBe(false)
    expect(await page.locator('.comment-sidebar').isVisible()).toBe(false)
    expect(await page.locator('.presence-bar').isVisible()).toBe(false)
    expect(await page.getByTestId('plan-editor').isVisible()).toBe(true)
    const sheet = await page.locator('.plan-sheet').boundingBox()
    expect(sheet?.width ?? 0).toBeGreaterThan(1200)
    await page.emulateMedia({ media: 'screen' })
    expect(await page.locator('.app-header').isVisible()).toBe(true)
  })
})
