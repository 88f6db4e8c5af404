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

/** A seeded server with the built client, one browser, and signed-in pages on demand. */
export interface BrowserSuite {
  server(): TestServer
  /** A new context (its own cookies) signed in as `username`. */
  open(username: string): Promise<Page>
}

/**
 * Registers the suite's set-up and tear-down (call it inside `describe`): a demo-seeded server
 * serving the built client, Debian's Chromium, and every context opened closed at the end.
 */
export function browserSuite(viewport = { width: 1440, height: 960 }): BrowserSuite {
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
  return {
    server: () => started(server),
    async open(username) {
      const context = await started(browser).newContext({ viewport })
      contexts.push(context)
      return signInPage(context, started(server).httpUrl, username)
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
