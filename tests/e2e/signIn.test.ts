import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, requireBuiltClient } from '../helpers/browser.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

const CLIENT_DIR = path.resolve(import.meta.dirname, '../../dist/client')
const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts')

describe('signing in to the built app', () => {
  let server: TestServer
  let browser: Browser
  beforeAll(async () => {
    requireBuiltClient(CLIENT_DIR)
    server = await startTestServer({ clientDir: CLIENT_DIR, seedDemo: true })
    browser = await launchBrowser()
    fs.mkdirSync(ARTIFACTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('sends a signed-out visitor to the Chinese sign-in page and back to the deep link after', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.httpUrl}/plans/unknown-plan`)
    await page.waitForURL(/\/sign-in\?next=/)
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    await expect.poll(() => page.getByRole('heading', { name: '登录集备' }).count()).toBe(1)
    await page.getByTestId('username').fill('demo-teacher-a')
    await page.getByTestId('password').fill('wrong password')
    await page.getByTestId('sign-in').click()
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBe(1)
    await page.getByTestId('password').fill('jibei-demo')
    await page.getByTestId('sign-in').click()
    await page.waitForURL(/\/plans\/unknown-plan$/)
    await expect.poll(() => page.getByTestId('not-found').count()).toBe(1)
    await page.close()
  })

  it('shows the signed-in teacher their group plans on the home page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${server.httpUrl}/sign-in`)
    await page.getByTestId('username').fill('demo-teacher-b')
    await page.getByTestId('password').fill('jibei-demo')
    await page.getByTestId('sign-in').click()
    await page.waitForURL(`${server.httpUrl}/`)
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await expect.poll(() => page.getByTestId('plan-item').count()).toBe(4)
    await page.screenshot({ path: path.join(ARTIFACTS, 'home.png') })
    await context.close()
  })
})
