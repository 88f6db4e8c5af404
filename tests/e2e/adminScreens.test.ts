import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

/** Each admin page with its heading in English and in Chinese. */
const PAGES = [
  { key: 'schools', en: 'Schools', zh: '学校管理' },
  { key: 'users', en: 'Users', zh: '用户管理' },
  { key: 'groups', en: 'Groups', zh: '教研组管理' },
  { key: 'audit', en: 'Audit log', zh: '审计日志' },
  { key: 'import', en: 'Import teachers', zh: '批量导入教师' },
  { key: 'exchanges', en: 'Exchange teachers', zh: '交流轮岗' },
  { key: 'terms', en: 'New term', zh: '学期切换' },
] as const

/** Chinese characters (CJK unified ideographs). */
const HAN = /\p{Script=Han}/u

/**
 * The interface's own labels on the page (headings, menu, table headers, buttons, placeholders,
 * segmented choices, form labels): data such as school and teacher names is left out.
 */
function labels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('.admin-layout')
    if (!root) return []
    const texts: string[] = []
    const selectors = [
      'h1, h2, h3, h4, h5',
      '.ant-menu-item',
      '.ant-table-thead th',
      'button',
      '.ant-segmented-item-label',
      '.ant-form-item-label label',
      '.ant-select-placeholder, .ant-select-selection-placeholder',
      '.ant-steps-item-title',
    ]
    for (const element of root.querySelectorAll<HTMLElement>(selectors.join(', '))) {
      const text = element.innerText.trim()
      if (text !== '') texts.push(text)
    }
    for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
      if (input.placeholder !== '') texts.push(input.placeholder)
    }
    return texts
  })
}

/** How far the page is wider than the window (0 or less: no horizontal overflow). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/**
 * How far the page without the app's header (AppLayout, outside the admin console) is wider
 * than the window: the header is hidden for the measurement, then shown again.
 */
async function consoleOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const header = document.querySelector<HTMLElement>('.app-header')
    const display = header?.style.display ?? ''
    if (header) header.style.display = 'none'
    const width = document.documentElement.scrollWidth - window.innerWidth
    if (header) header.style.display = display
    return width
  })
}

/** The elements that reach past the right edge of the window, for a failure message. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .filter(
        (element) => element.closest('.ant-table-content, .ant-table-body, .app-header') === null,
      )
      .slice(0, 8)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  )
}

describe('the admin console in English and at phone width', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('shows every admin page with English labels at 1440 wide', async () => {
    const server = suite.server()
    const page = await suite.open('demo-admin')
    await page.goto(`${server.httpUrl}/admin/schools`)
    // The header's language switch applies at once (and is kept on the account).
    await page.locator('.app-header .ant-segmented').getByText('English').click()
    await expect.poll(() => page.getByRole('heading', { name: 'Schools' }).count()).toBe(1)
    for (const { key, en } of PAGES) {
      await page.getByTestId(`admin-menu-${key}`).click()
      await page.waitForURL(`${server.httpUrl}/admin/${key}`)
      await expect.poll(() => page.getByRole('heading', { name: en, exact: true }).count()).toBe(1)
      await page.waitForTimeout(300)
      const chinese = (await labels(page)).filter((text) => HAN.test(text))
      expect(chinese, `untranslated labels on /admin/${key}`).toEqual([])
      expect(await overflow(page)).toBeLessThanOrEqual(1)
      await page.screenshot({ path: path.join(ARTIFACTS, `admin-en-${key}.png`), fullPage: true })
    }
    await page.close()
  })

  it('fits every admin page into a 390×844 phone in Chinese', async () => {
    const server = suite.server()
    await server.kdb
      .updateTable('users')
      .set({ language: 'zh-CN' })
      .where('username', '=', 'demo-admin')
      .execute()
    const page = await suite.open('demo-admin', { width: 390, height: 844 })
    for (const { key, zh } of PAGES) {
      await page.goto(`${server.httpUrl}/admin/${key}`)
      await expect.poll(() => page.getByRole('heading', { name: zh, exact: true }).count()).toBe(1)
      await page.waitForTimeout(300)
      await page.screenshot({
        path: path.join(ARTIFACTS, `admin-phone-${key}.png`),
        fullPage: true,
      })
      const wider = await consoleOverflow(page)
      expect(wider, `/admin/${key}: ${(await overflowing(page)).join(' ')}`).toBeLessThanOrEqual(1)
    }
    // The members drawer of a group fills the phone's width, no more.
    await page.goto(`${server.httpUrl}/admin/groups`)
    await page.getByTestId('group-members-七年级数学联合教研组').click()
    await expect.poll(() => page.getByTestId('member-role-李红梅').count()).toBe(1)
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-phone-group-members.png') })
    const drawer = await page.locator('.ant-drawer-content-wrapper').boundingBox()
    expect(drawer?.width).toBeLessThanOrEqual(390)
    expect(await consoleOverflow(page)).toBeLessThanOrEqual(1)
    await page.close()
  })

  // The app header (brand, links, bell, language switch, user menu) wraps on a phone instead of
  // pushing every page sideways.
  it('has no horizontal page overflow at 390 px, header included', async () => {
    const server = suite.server()
    const page = await suite.open('demo-admin', { width: 390, height: 844 })
    await page.goto(`${server.httpUrl}/admin/users`)
    await expect.poll(() => page.getByRole('heading', { name: '用户管理' }).count()).toBe(1)
    expect(await overflow(page)).toBeLessThanOrEqual(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'app-header-phone.png') })
    await page.close()
  })
})
