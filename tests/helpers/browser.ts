import fs from 'node:fs'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Launches Debian's Chromium headless with the flags this machine needs (no downloads). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Opens the sign-in page in `context`, signs in with the demo password, waits for the home page. */
export async function signInPage(
  context: BrowserContext,
  baseUrl: string,
  username: string,
): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill('jibei-demo')
  await page.getByTestId('sign-in').click()
  await page.waitForURL(`${baseUrl}/`)
  return page
}

/** Fails with a clear message when the client has not been built. */
export function requireBuiltClient(clientDir: string): void {
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` first (npm run test:e2e does)')
  }
}
