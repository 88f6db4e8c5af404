import fs from 'node:fs'
import path from 'node:path'
import mammoth from 'mammoth'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { sectionText } from '../helpers/planEditing.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

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

describe('the 导出 menu of a library entry, a signed 共案 and a 个案', () => {
  const suite = browserSuite({ width: 1280, height: 900 })

  const download = async (page: Page, testId: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(testId).click(),
    ])
    const target = path.join(ARTIFACTS, file.suggestedFilename())
    await file.saveAs(target)
    const { value: text } = await mammoth.extractRawText({ buffer: fs.readFileSync(target) })
    return { name: file.suggestedFilename(), text }
  }

  it('downloads a library entry with its Chinese file name, in Chinese and in English', async () => {
    const api = new DemoCaller(suite.server())
    const listed = await api.call('demo-teacher-b', 'GET', '/api/library')
    const [entry] = (listed.body as { items: Array<{ id: string; title: string }> }).items
    if (!entry) throw new Error('the demo library is empty')
    const page = await suite.open('demo-teacher-b')
    await page.goto(`${suite.server().httpUrl}/library/${entry.id}`)
    await page.getByTestId('export-menu').click()
    await page.getByTestId('export-docx').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'library-export-menu.png') })
    const file = await download(page, 'export-docx')
    expect(file.name).toMatch(/-资源库v\d+\.docx$/)
    expect(file.text).toContain(entry.title)

    await page.locator('.app-header .ant-segmented').getByText('English').click()
    await expect.poll(() => page.getByTestId('export-menu').innerText()).toContain('Export')
    await page.getByTestId('export-menu').click()
    await page.getByTestId('export-docx').waitFor({ state: 'visible' })
    expect(await page.getByTestId('export-docx').innerText()).toBe('Word (.docx)')
    await page.screenshot({ path: path.join(ARTIFACTS, 'library-export-menu-en.png') })
    await page.keyboard.press('Escape')
    await page.locator('.app-header .ant-segmented').getByText('中文').click()
  })

  it('offers 导出签发版 on a signed 共案, and 「与共案的差异」 (on by default) on a 个案', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const commonId = await api.signedCommonPlan('浏览器导出签发', (doc) => {
      sectionText(doc, 'keyPoints').insert(0, '共案重点')
    })
    const personalId = await api.personalPlan(commonId, 'demo-teacher-b', '七年级（5）班')
    await server.registry.change(personalId, (doc) => {
      sectionText(doc, 'keyPoints').insert(0, '个案补充 ')
    })

    const lead = await suite.open('demo-lead')
    await lead.goto(`${server.httpUrl}/plans/${commonId}`)
    await lead.getByTestId('export-menu').click()
    await lead.getByTestId('export-signed-docx').waitFor()
    await lead.screenshot({ path: path.join(ARTIFACTS, 'plan-export-signed-menu.png') })
    const signed = await download(lead, 'export-signed-docx')
    expect(signed.name).toMatch(/浏览器导出签发-共案v1\.docx$/)
    expect(signed.text).toContain('共案重点')

    const teacher = await suite.open('demo-teacher-b')
    await teacher.goto(`${server.httpUrl}/plans/${personalId}`)
    // The comparison panel above the plan moves the menu down once it has loaded.
    await teacher.getByTestId('comparison-panel').waitFor()
    await teacher.getByTestId('export-menu').click()
    const appendix = teacher.getByTestId('export-appendix')
    await appendix.waitFor({ state: 'visible' })
    expect(await appendix.getAttribute('data-checked')).toBe('true')
    await teacher.screenshot({ path: path.join(ARTIFACTS, 'plan-export-personal-menu.png') })
    const withAppendix = await download(teacher, 'export-docx')
    expect(withAppendix.text).toContain('与共案的差异')
    expect(withAppendix.text).toContain('个案补充 共案重点')

    await teacher.getByTestId('export-menu').click()
    await teacher.getByTestId('export-appendix').click()
    await teacher.getByTestId('export-menu').click()
    await expect.poll(() => appendix.getAttribute('data-checked')).toBe('false')
    const without = await download(teacher, 'export-docx')
    expect(without.text).not.toContain('与共案的差异')

    await teacher.locator('.app-header .ant-segmented').getByText('English').click()
    await expect.poll(() => teacher.getByTestId('export-menu').innerText()).toContain('Export')
    await teacher.getByTestId('export-menu').click()
    await appendix.waitFor({ state: 'visible' })
    expect(await appendix.innerText()).toBe('Append “Differences from the common plan”')
    await teacher.screenshot({ path: path.join(ARTIFACTS, 'plan-export-personal-menu-en.png') })
    await teacher.keyboard.press('Escape')
    await teacher.locator('.app-header .ant-segmented').getByText('中文').click()
  }, 60_000)
})
