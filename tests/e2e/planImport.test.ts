import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { docxFromHtml, planHtml, processImageHtml, smallPng } from '../helpers/wordPlans.ts'

describe('a teacher imports a Word plan', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('uploads a .docx, sees the parts found and the unsorted content, creates and lands in the plan', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-e2e-import-'))
    const docx = docxFromHtml(planHtml(smallPng()), dir)
    fs.rmSync(dir, { recursive: true, force: true })

    const page = await suite.open('demo-teacher-a')
    await page.goto(suite.server().httpUrl)
    await expect.poll(() => page.getByTestId('new-plan').isVisible()).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-home.png') })
    await page.getByTestId('import-plan').click()
    await page.locator('input[type="file"]').setInputFiles({
      name: '一元一次方程.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    })
    await expect
      .poll(() =>
        page
          .getByTestId('import-title')
          .innerText()
          .catch(() => ''),
      )
      .toBe('一元一次方程')
    const found = page.locator('[data-testid="import-section"][data-section="objectives"]')
    await expect.poll(() => found.innerText()).toContain('理解方程的概念')
    await expect.poll(() => page.getByTestId('import-steps').locator('tbody tr').count()).toBe(3)
    await expect
      .poll(() => page.getByTestId('import-unplaced').innerText())
      .toContain('这是一段无法归类的前言。')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-preview.png'), fullPage: true })

    await page.getByTestId('import-create').click()
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]+$/)
    const body = (key: string) =>
      page
        .locator(`section[data-section="${key}"] .section-body`)
        .innerText()
        .catch(() => '')
    await expect.poll(() => body('objectives')).toContain('理解方程的概念')
    await expect.poll(() => body('homework')).toContain('课本第 83 页习题')
    await expect.poll(() => body('process')).toContain('提出天平问题')
    await expect.poll(() => body('reflection')).toContain('【未归类内容】')
    await expect.poll(() => page.locator('section[data-section="boardDesign"] img').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-created.png'), fullPage: true })
  }, 120_000)
})

describe('an editor imports a Word file into an existing plan', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('previews, replaces the plan live for everyone and says the old content is in 导入前', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-e2e-import-into-'))
    const docx = docxFromHtml(processImageHtml(smallPng()), dir)
    fs.rmSync(dir, { recursive: true, force: true })
    const server = suite.server()
    const { planId } = await new DemoCaller(server).taskWithPlan('导入到已有教案')
    const url = `${server.httpUrl}/plans/${planId}`

    // The lead follows the draft (read-only while the main preparer writes it): no import offered.
    const lead = await suite.open('demo-lead')
    await lead.goto(url)
    await lead.getByTestId('export-menu').click()
    await lead.getByTestId('export-docx').waitFor()
    expect(await lead.getByTestId('import-into-plan').count()).toBe(0)
    await lead.keyboard.press('Escape')

    const page = await suite.open('demo-teacher-a')
    await page.goto(url)
    await page.getByTestId('plan-editor').waitFor()
    await page.getByTestId('export-menu').click()
    await page.getByTestId('import-into-plan').click()
    await page.locator('.ant-modal input[type="file"]').setInputFiles({
      name: '天平.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    })
    await page.getByTestId('import-replaces').waitFor()
    await expect.poll(() => page.getByTestId('import-steps').locator('tbody tr').count()).toBe(2)
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-into-preview.png') })
    await page.getByTestId('import-create').click()
    await expect
      .poll(() =>
        page
          .locator('.ant-message')
          .innerText()
          .catch(() => ''),
      )
      .toContain('导入前')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-into-done.png') })

    const body = (on: Page, key: string) =>
      on
        .locator(`section[data-section="${key}"] .section-body`)
        .innerText()
        .catch(() => '')
    for (const viewer of [page, lead]) {
      await expect.poll(() => body(viewer, 'objectives')).toContain('会用天平模型解释等式的性质')
      await expect.poll(() => body(viewer, 'process')).toContain('出示天平图片')
      await expect.poll(() => viewer.locator('section[data-section="process"] img').count()).toBe(1)
    }
    const versions = await server.store.listVersions(planId)
    expect(versions.some((version) => version.name === '导入前')).toBe(true)

    await page.locator('.app-header .ant-segmented').getByText('English').click()
    await page.getByTestId('export-menu').click()
    await page.getByTestId('import-into-plan').click()
    await page.locator('.ant-modal input[type="file"]').setInputFiles({
      name: 'balance.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    })
    await expect
      .poll(() => page.getByTestId('import-replaces').innerText())
      .toContain('replaces all of this plan’s content')
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-import-into-preview-en.png') })
    await page.keyboard.press('Escape')
    await page.locator('.app-header .ant-segmented').getByText('中文').click()
  }, 120_000)
})
