import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.ts'

const LONG = { timeout: 20_000 }
const NEW_NAME = '王建国（数学组）'
const NEW_PASSWORD = 'a-new-password-2026'

describe('my account (/account)', () => {
  const suite = browserSuite({ width: 1440, height: 1100 })
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `/tmp/account-${name}.png`, fullPage: true })

  it('renames the teacher, shows a new token once, revokes it, and changes the password', async () => {
    const page = await suite.open('demo-teacher-a')
    const url = suite.server().httpUrl
    await page.goto(`${url}/account`)
    await expect
      .poll(() => page.getByTestId('account-username').innerText(), LONG)
      .toBe('demo-teacher-a')
    await expect.poll(() => page.getByText('还没有 API 令牌').count()).toBe(1)
    await shot(page, 'zh-CN')

    // 个人资料: the header shows the new name at once.
    await page.getByTestId('account-display-name').fill(NEW_NAME)
    await page.getByTestId('account-display-name').press('Enter')
    await expect.poll(() => page.getByTestId('user-menu').innerText(), LONG).toContain(NEW_NAME)

    // API 令牌: the secret is shown once, in a modal with a copy button.
    await page.getByTestId('token-name').fill('同步脚本')
    await page.getByTestId('token-create').click()
    const secretBox = page.getByTestId('token-secret')
    await expect.poll(() => secretBox.count(), LONG).toBe(1)
    const secret = (await secretBox.innerText()).trim()
    expect(secret.length).toBeGreaterThan(20)
    expect(await page.getByRole('dialog').getByLabel('复制').count()).toBeGreaterThan(0)
    await shot(page, 'token-secret')
    await page.getByRole('button', { name: '我已保存' }).click()
    await expect.poll(() => secretBox.count()).toBe(0)
    await expect.poll(() => page.getByRole('cell', { name: '同步脚本' }).count()).toBe(1)
    expect(await page.locator('body').innerText()).not.toContain(secret)
    await expect.poll(() => page.getByText('从未使用').count()).toBe(1)
    const tokenWorks = () =>
      fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${secret}` } }).then(
        (reply) => reply.status,
      )
    expect(await tokenWorks()).toBe(200)

    // Revoke it (Popconfirm).
    await page.getByTestId('token-revoke').click()
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: '吊 销' })
      .or(page.getByRole('tooltip').getByRole('button', { name: '吊销' }))
      .click()
    await expect.poll(() => page.getByText('还没有 API 令牌').count(), LONG).toBe(1)
    expect(await tokenWorks()).toBe(401)

    // 修改密码: per-field rules first.
    await page.getByTestId('password-current').fill('jibei-demo')
    await page.getByTestId('password-new').fill('short')
    await page.getByTestId('password-confirm').fill('shorter')
    await page.getByTestId('password-submit').click()
    await expect.poll(() => page.getByText('密码至少需要 8 个字符。').count()).toBe(1)
    await expect.poll(() => page.getByText('两次输入的密码不一致。').count()).toBe(1)
    await page.getByTestId('password-new').fill(NEW_PASSWORD)
    await page.getByTestId('password-confirm').fill(NEW_PASSWORD)
    await page.getByTestId('password-submit').click()
    await expect.poll(() => page.getByText('其他设备已退出登录').count(), LONG).toBe(1)
    // This page stays signed in.
    await page.reload()
    await expect.poll(() => page.getByTestId('account-username').count(), LONG).toBe(1)

    // A fresh browser: the old password fails, the new one works.
    const fresh = await suite.visitor()
    await fresh.goto(`${url}/sign-in`)
    await fresh.getByTestId('username').fill('demo-teacher-a')
    await fresh.getByTestId('password').fill('jibei-demo')
    await fresh.getByTestId('sign-in').click()
    await expect.poll(() => fresh.getByText('用户名或密码错误').count(), LONG).toBe(1)
    await fresh.getByTestId('password').fill(NEW_PASSWORD)
    await fresh.getByTestId('sign-in').click()
    await expect.poll(() => fresh.getByTestId('user-menu').innerText(), LONG).toContain(NEW_NAME)

    // English: switching the language on the page applies at once.
    await page.getByTestId('account-language').getByText('English').click()
    await expect.poll(() => page.getByText('API tokens').count(), LONG).toBeGreaterThan(0)
    await expect.poll(() => page.getByText('No API tokens yet').count()).toBe(1)
    await shot(page, 'en')
    await page.getByTestId('account-language').getByText('中文').click()
    await expect.poll(() => page.getByText('修改密码').count(), LONG).toBeGreaterThan(0)
  })
})
