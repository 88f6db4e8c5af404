import { describe, expect, it } from 'vitest'
import { browserSuite } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

const LONG = { timeout: 20_000 }
const LESSON = '数轴上的点与有理数'

describe('editing a preparation task in the dialog', () => {
  const suite = browserSuite({ width: 1600, height: 1000 })

  it('the lead changes the due date and the main preparer; the table shows them', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const groupId = await api.demoGroupId()
    const created = await api.call('demo-lead', 'POST', `/api/groups/${groupId}/tasks`, {
      unit: '第一章 有理数',
      lesson: LESSON,
      mainPreparerId: await api.userId('demo-teacher-a'),
      participantIds: [await api.userId('demo-teacher-b')],
      dueDate: '2030-09-20',
      discussionAt: null,
    })
    expect(created.status).toBe(201)

    const page = await suite.open('demo-lead')
    await page.goto(`${server.httpUrl}/groups/${groupId}/tasks`)
    const row = page.locator('tr', { hasText: LESSON })
    await expect.poll(() => row.count(), LONG).toBe(1)
    await row.getByTestId('task-edit').click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getByTestId('task-lesson').inputValue(), LONG).toBe(LESSON)

    // The due date: type a new one into the date picker.
    const due = dialog.getByTestId('task-due')
    expect(await due.inputValue()).toBe('2030-09-20')
    await due.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('2030-09-27')
    await page.keyboard.press('Enter')
    // The main preparer: 张晓燕 (demo-teacher-b) instead of 王建国.
    await dialog.getByTestId('task-preparer').click()
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '张晓燕' })
      .click()
    // The new main preparer left the participants by themself.
    await expect
      .poll(() => dialog.getByTestId('task-participants').innerText())
      .not.toContain('张晓燕')
    await page.screenshot({ path: '/tmp/account-task-edit-dialog.png' })
    await dialog.getByRole('button', { name: /保\s*存/ }).click()
    await expect.poll(() => dialog.count(), LONG).toBe(0)

    await expect.poll(() => row.innerText(), LONG).toContain('2030-09-27')
    const text = await row.innerText()
    expect(text).toContain('张晓燕')
    expect(text).not.toContain('王建国')
    await page.screenshot({ path: '/tmp/account-task-edit-table.png' })

    const task = (
      (await api.call('demo-lead', 'GET', `/api/groups/${groupId}/tasks`)).body as {
        items: Array<{
          lesson: string
          dueDate: string
          mainPreparer: { displayName: string }
          participants: unknown[]
        }>
      }
    ).items.find((item) => item.lesson === LESSON)
    expect(task).toMatchObject({ dueDate: '2030-09-27', mainPreparer: { displayName: '张晓燕' } })
    expect(task?.participants).toEqual([])
  })
})
