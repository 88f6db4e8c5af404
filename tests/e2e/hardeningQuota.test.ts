import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCUMENTS_PER_HOUR } from '../../shared/limits.ts'
import { insertDocument } from '../helpers/alliance.ts'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

describe('issue 17 item 6g in the browser: the document quota', () => {
  const suite = browserSuite()

  it('says in Chinese that too many plans were created, instead of an English server text', async () => {
    const server = suite.server()
    const teacher = await server.kdb
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'demo-teacher-b')
      .executeTakeFirst()
    if (!teacher) throw new Error('demo-teacher-b is not seeded')
    for (let index = 0; index < DOCUMENTS_PER_HOUR; index++) {
      await insertDocument(server.kdb, {
        ownerId: teacher.id,
        schoolId: teacher.schoolId,
        groupId: null,
        visibility: 'private',
        title: `批量 ${index}`,
      })
    }
    const page = await suite.open('demo-teacher-b')
    await page.getByTestId('new-plan').click()
    await page.getByTestId('new-plan-title').fill('又一份教案')
    await page.getByTestId('new-plan-subject').fill('数学')
    await page.getByTestId('new-plan-grade').fill('七年级')
    await page.getByRole('button', { name: /创\s*建/ }).click()
    const notice = page.locator('.ant-message-notice')
    await expect.poll(() => notice.innerText()).toContain('你新建的教案太多了')
    expect(page.url()).toBe(`${server.httpUrl}/`)

    // The same in English (the machine's Chromium has no CJK font: this screenshot is readable).
    await server.kdb
      .updateTable('users')
      .set({ language: 'en' })
      .where('id', '=', teacher.id)
      .execute()
    const english = await suite.open('demo-teacher-b')
    await english.getByTestId('new-plan').click()
    await english.getByTestId('new-plan-title').fill('One more plan')
    await english.getByTestId('new-plan-subject').fill('Maths')
    await english.getByTestId('new-plan-grade').fill('Grade 7')
    await english.getByRole('button', { name: 'Create' }).click()
    await expect
      .poll(() => english.locator('.ant-message-notice').innerText())
      .toContain('You have created too many plans for now')
    await english.waitForTimeout(400)
    await english.screenshot({ path: path.join(ARTIFACTS, 'quota-exceeded-en.png') })
  })
})
