import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

describe('signing in to the built app', () => {
  const suite = browserSuite({ width: 1280, height: 900 })

  it('sends a signed-out visitor to the Chinese sign-in page and back to the deep link after', async () => {
    const page = await suite.visitor({ width: 1280, height: 720 })
    await page.goto(`${suite.server().httpUrl}/plans/unknown-plan`)
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
    const page = await suite.open('demo-teacher-b')
    const context = page.context()
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await expect.poll(() => page.getByTestId('plan-item').count()).toBe(4)
    await page.screenshot({ path: path.join(ARTIFACTS, 'home.png') })
    await context.close()
  })
})
