import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { docxFromHtml, planHtml, smallPng } from '../helpers/wordPlans.ts'

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
