import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, requireBuiltClient, signInPage } from './browser.ts'
import { startTestServer, type TestServer } from './testServer.ts'

/** Folder of the built client the browser suites serve. */
export const CLIENT_DIR = path.resolve(import.meta.dirname, '../../dist/client')
/** Folder the browser suites write their screenshots to. */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../e2e/artifacts')

/** The size of a browser window (Playwright's default is 1280×720). */
export interface Viewport {
  width: number
  height: number
}

/** A seeded server with the built client, one browser, and signed-in pages on demand. */
export interface BrowserSuite {
  server(): TestServer
  /** A new context (its own cookies) signed in as `username`, the suite's size unless given. */
  open(username: string, viewport?: Viewport): Promise<Page>
  /** A new context's page, signed out (a visitor), the suite's size unless given. */
  visitor(viewport?: Viewport): Promise<Page>
}

/**
 * Registers the suite's set-up and tear-down (call it inside `describe`): a demo-seeded server
 * serving the built client, Debian's Chromium, and every context opened closed at the end.
 */
export function browserSuite(suiteViewport: Viewport = { width: 1440, height: 960 }): BrowserSuite {
  let server: TestServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    requireBuiltClient(CLIENT_DIR)
    server = await startTestServer({ clientDir: CLIENT_DIR, seedDemo: true })
    browser = await launchBrowser()
    fs.mkdirSync(ARTIFACTS, { recursive: true })
  })
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await server?.close()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started')
    return value
  }
  const newContext = async (viewport: Viewport): Promise<BrowserContext> => {
    const context = await started(browser).newContext({ viewport })
    contexts.push(context)
    return context
  }
  return {
    server: () => started(server),
    async open(username, viewport = suiteViewport) {
      return signInPage(await newContext(viewport), started(server).httpUrl, username)
    },
    async visitor(viewport = suiteViewport) {
      return (await newContext(viewport)).newPage()
    },
  }
}

/** Seconds shown by a page's agenda countdown (`mm:ss`, `-mm:ss` when over time). */
export async function shownSeconds(page: Page): Promise<number> {
  const text = await page
    .locator('[data-testid="agenda-remaining"] .session-countdown-value')
    .innerText()
  const match = /^(-?)(\d+):(\d{2})$/.exec(text.trim())
  if (!match) throw new Error(`unexpected countdown "${text}"`)
  const seconds = Number(match[2]) * 60 + Number(match[3])
  return match[1] ? -seconds : seconds
}
