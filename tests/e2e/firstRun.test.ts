import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kyselyOver } from '../../server/db/executor.ts'
import { openSqlite, type SqliteHandle } from '../../server/db/sqlite.ts'
import { SqliteExecutor } from '../../server/db/sqliteExecutor.ts'
import { newId } from '../../server/features/identity/crypto.ts'
import { createOneTimeLink } from '../../server/features/identity/oneTimeLinks.ts'
import { NO_PASSWORD_HASH } from '../../server/features/identity/passwords.ts'
import { oneTimeLinkUrl } from '../../shared/identity/oneTimeLinks.ts'
import { launchBrowser, requireBuiltClient } from '../helpers/browser.ts'
import { ARTIFACTS, CLIENT_DIR } from '../helpers/browserSuite.ts'
import { type ServerProcess, spawnServer } from '../helpers/serverProcess.ts'
import { makeDataDir } from '../helpers/testServer.ts'

/**
 * `npm start` with JIBEI_SEED=none on an empty database: the printed set-up link creates the
 * alliance and its first admin in the browser, and a one-time sign-in link lets a teacher in.
 */
describe('the first run of a real alliance', () => {
  const dataDir = makeDataDir()
  let server: ServerProcess
  let browser: Browser
  let database: SqliteHandle

  beforeAll(async () => {
    requireBuiltClient(CLIENT_DIR)
    server = await spawnServer(dataDir, { JIBEI_SEED: 'none' }, 'built')
    browser = await launchBrowser()
    database = openSqlite(dataDir)
  })

  afterAll(async () => {
    await browser?.close()
    server?.child.kill('SIGTERM')
    await server?.exited
    database?.connection.close()
  })

  it('sets up the alliance from the printed link and lands in the admin console', async () => {
    const line = await vi.waitFor(() => {
      const found = server.plainLines.find((text) => text.includes('/setup#'))
      if (!found) throw new Error('no set-up line yet')
      return found
    })
    expect(line).toMatch(/^Jibei is ready at http:\/\/127\.0\.0\.1:\d+ — open /)
    const url = line.match(/(http:\/\/\S+\/setup#\S+)/)?.[1] ?? ''
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
    const page = await context.newPage()
    await page.goto(url)
    await expect.poll(() => page.getByRole('heading', { name: '创建教联体' }).count()).toBe(1)
    await page.getByTestId('setup-submit').click()
    await expect.poll(() => page.getByText('请填写联盟/教联体名称。').count()).toBe(1)
    await page.getByTestId('setup-alliance').fill('城关教育联盟')
    await page.getByTestId('setup-school').fill('城关第一中学')
    await page.getByTestId('setup-username').fill('Wang Admin')
    await page.getByTestId('setup-display-name').fill('王主任')
    await page.getByTestId('setup-password').fill('a-long-password')
    await page.getByTestId('setup-confirm').fill('a-different-one')
    await page.getByTestId('setup-submit').click()
    await expect.poll(() => page.getByText('两次输入的密码不一致。').count()).toBe(1)
    await expect.poll(() => page.getByText(/用户名只能包含小写字母/).count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup-page.png') })
    await page.getByTestId('setup-username').fill('wang.admin')
    await page.getByTestId('setup-confirm').fill('a-long-password')
    await page.getByTestId('setup-confirm').press('Enter')
    await page.waitForURL(/\/admin/)
    await expect.poll(() => page.getByTestId('alliance-name').textContent()).toBe('城关教育联盟')
    await page.screenshot({ path: path.join(ARTIFACTS, 'setup-admin.png') })

    // The same link a second time explains what to do instead.
    const again = await (await browser.newContext()).newPage()
    await again.goto(url)
    await again.getByTestId('setup-alliance').fill('别的联盟')
    await again.getByTestId('setup-school').fill('别的学校')
    await again.getByTestId('setup-username').fill('someone')
    await again.getByTestId('setup-display-name').fill('某人')
    await again.getByTestId('setup-password').fill('a-long-password')
    await again.getByTestId('setup-confirm').fill('a-long-password')
    await again.getByTestId('setup-submit').click()
    await expect.poll(() => again.getByTestId('setup-link-invalid').count()).toBe(1)
    await context.close()
  })

  it('lets a teacher in with a one-time sign-in link and a new password', async () => {
    const kdb = kyselyOver(new SqliteExecutor(database.connection))
    const school = await kdb.selectFrom('schools').select('id').executeTakeFirstOrThrow()
    const id = newId()
    const now = Date.now()
    await kdb
      .insertInto('users')
      .values({
        id,
        username: 'zhang.teacher',
        displayName: '张老师',
        schoolId: school.id,
        role: 'teacher',
        language: 'zh-CN',
        passwordHash: NO_PASSWORD_HASH,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    const { secret } = await createOneTimeLink(kdb, {
      purpose: 'sign_in',
      userId: id,
      createdBy: null,
    })
    const origin = `http://127.0.0.1:${server.port}`
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(oneTimeLinkUrl(origin, 'sign_in', secret))
    await expect
      .poll(() => page.getByTestId('welcome-greeting').textContent())
      .toBe('张老师，欢迎使用集备')
    await page.getByTestId('welcome-password').fill('short')
    await page.getByTestId('welcome-confirm').fill('short')
    await page.getByTestId('welcome-submit').click()
    await expect.poll(() => page.getByText('密码至少需要 8 个字符。').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'welcome-page.png') })
    await page.getByTestId('welcome-password').fill('zhang-password')
    await page.getByTestId('welcome-confirm').fill('zhang-password')
    await page.getByTestId('welcome-confirm').press('Enter')
    await page.waitForURL(`${origin}/`)
    await expect.poll(() => page.getByTestId('alliance-name').textContent()).toBe('城关教育联盟')

    const used = await (await browser.newContext()).newPage()
    await used.goto(oneTimeLinkUrl(origin, 'sign_in', secret))
    await expect.poll(() => used.getByTestId('welcome-link-invalid').count()).toBe(1)
    await used.screenshot({ path: path.join(ARTIFACTS, 'welcome-used.png') })
    await context.close()
  })
})
