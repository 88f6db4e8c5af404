import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLiveOneTimeLink } from '../../server/features/identity/oneTimeLinks.ts'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { login } from '../helpers/signIn.ts'

describe('the admin console: users and schools', () => {
  const suite = browserSuite({ width: 1440, height: 900 })

  it('lets the alliance admin search, create a teacher without a password, and reset a password', async () => {
    const page = await suite.open('demo-admin')
    const server = suite.server()
    await page.goto(`${server.httpUrl}/admin/users`)
    await expect.poll(() => page.getByTestId('user-status-demo-teacher-a').count()).toBe(1)

    // Search: debounced into the URL.
    await page.getByTestId('user-search').locator('input').fill('孙伟')
    await page.waitForURL(/\/admin\/users\?q=/)
    await expect.poll(() => page.getByTestId('user-status-demo-teacher-c').count()).toBe(1)
    await expect.poll(() => page.getByTestId('user-status-demo-teacher-a').count()).toBe(0)
    await page.getByTestId('user-search').locator('input').fill('')
    await expect.poll(() => page.getByTestId('user-status-demo-teacher-a').count()).toBe(1)

    // A new teacher without a password gets a one-time link, shown once.
    await page.getByTestId('user-create').click()
    await page.getByTestId('user-form-displayName').fill('新来的老师')
    await page.getByTestId('user-form-username').fill('e2e-new-teacher')
    await page.getByTestId('user-form-phone').fill('bad phone')
    await page.getByTestId('user-form-submit').click()
    await expect.poll(() => page.getByText('请输入 11 位手机号或 7–15 位数字').count()).toBe(1)
    await page.getByTestId('user-form-phone').fill('139 1234 5678')
    await page.getByTestId('user-form-subject').fill('数学')
    await page.getByTestId('user-form-grade').press('Enter')
    const linkText = page.getByTestId('sign-in-link-url')
    await expect.poll(() => linkText.count()).toBe(1)
    const url = (await linkText.textContent()) ?? ''
    expect(url).toMatch(/\/welcome#.+/)
    const created = await findLiveOneTimeLink(server.kdb, url.split('#')[1] ?? '')
    expect(created?.purpose).toBe('sign_in')
    await page.screenshot({ path: '/tmp/users-admin-link.png' })
    await page.getByTestId('sign-in-link-close').click()
    await expect
      .poll(() => page.getByTestId('user-status-e2e-new-teacher').textContent())
      .toBe('待激活')

    // Reset a password: confirm, then the link; the old password no longer signs in.
    await page.getByTestId('user-more-demo-teacher-d').click()
    await page.getByTestId('user-reset-demo-teacher-d').click()
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click()
    await expect.poll(() => linkText.count()).toBe(1)
    const resetUrl = (await linkText.textContent()) ?? ''
    const reset = await findLiveOneTimeLink(server.kdb, resetUrl.split('#')[1] ?? '')
    expect(reset?.purpose).toBe('sign_in')
    expect((await login(server, 'demo-teacher-d')).status).toBe(401)
    await page.getByTestId('sign-in-link-close').click()
    await expect
      .poll(() => page.getByTestId('user-status-demo-teacher-d').textContent())
      .toBe('待激活')
    await page.getByTestId('user-more-demo-teacher-a').click()
    await expect.poll(() => page.getByTestId('user-unlock-demo-teacher-a').count()).toBe(1)
    await page.screenshot({ path: '/tmp/users-admin-users.png' })
    await page.screenshot({ path: path.join(ARTIFACTS, 'users-admin-users.png') })
    await page.close()
  })

  it('lets the alliance admin create and archive a school', async () => {
    const page = await suite.open('demo-admin')
    await page.goto(`${suite.server().httpUrl}/admin/schools`)
    await expect.poll(() => page.getByText('城关第一中学').count()).toBe(1)
    await page.getByTestId('school-create').click()
    await page.getByTestId('school-form-name').fill('东山小学')
    await page.getByTestId('school-form-name').press('Enter')
    await expect.poll(() => page.getByTestId('school-archive-东山小学').count()).toBe(1)
    await page.getByTestId('school-archive-东山小学').click()
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click()
    // Archived schools are hidden until the filter shows them, greyed.
    await expect.poll(() => page.getByText('东山小学').count()).toBe(0)
    await page.getByTestId('school-show-archived').click()
    await expect.poll(() => page.getByTestId('school-archived-东山小学').count()).toBe(1)
    await expect
      .poll(() => page.getByTestId('school-show-archived').getAttribute('aria-checked'))
      .toBe('true')
    const row = await suite
      .server()
      .kdb.selectFrom('schools')
      .select('archivedAt')
      .where('name', '=', '东山小学')
      .executeTakeFirstOrThrow()
    expect(row.archivedAt).not.toBeNull()
    await page.screenshot({ path: '/tmp/users-admin-schools.png' })
    await page.close()
  })
})
