import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../helpers/browser.ts'
import { startTestServer, type TestServer } from '../helpers/testServer.ts'

const CLIENT_DIR = path.resolve(import.meta.dirname, '../../dist/client')
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results')

describe('the built app served by the server', () => {
  let server: TestServer
  let browser: Browser
  beforeAll(async () => {
    if (!fs.existsSync(path.join(CLIENT_DIR, 'index.html'))) {
      throw new Error('dist/client is missing: run `npm run build` first (npm run test:e2e does)')
    }
    server = await startTestServer({ clientDir: CLIENT_DIR })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows the start page in Chinese with the server reported healthy', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.httpUrl}/`)
    await expect.poll(() => page.getByTestId('server-status').getAttribute('data-state')).toBe('ok')
    expect(await page.getByTestId('server-status').textContent()).toBe('服务器运行正常')
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    fs.mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: path.join(SCREENSHOTS, 'start-page.png') })
    await page.close()
  })

  it('serves the app for deep links so they can be shared', async () => {
    const response = await fetch(`${server.httpUrl}/plans/some-plan-id`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<div id="root"></div>')
  })
})
