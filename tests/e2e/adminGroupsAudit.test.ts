import fs from 'node:fs'
import path from 'node:path'
import Papa from 'papaparse'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { recordAudit } from '../../server/audit.ts'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

const GROUP = '八年级英语联合教研组'

/** Picks `name` (searched by `typed`) in the member picker with `role` and adds them. */
async function addMember(page: Page, typed: string, name: string, role: string) {
  await page.getByTestId('member-picker').click()
  await page.keyboard.type(typed)
  const option = page.locator('.ant-select-item-option:visible').filter({ hasText: name })
  await expect.poll(() => option.count()).toBe(1)
  await option.click()
  await page.getByTestId('member-picker-role').click()
  await page.locator('.ant-select-item-option:visible').filter({ hasText: role }).click()
  await page.getByTestId('member-add').click()
  await expect.poll(() => page.getByTestId(`member-${name}`).count()).toBe(1)
}

/** The visible rows of an antd table (its placeholder row excluded). */
function tableRows(page: Page, testId: string) {
  return page.getByTestId(testId).locator('tbody tr.ant-table-row')
}

/** Chooses `label` in the dropdown of the select `testId`. */
async function choose(page: Page, testId: string, label: string) {
  // An earlier select's list may still be fading out: its options must not be picked.
  await expect.poll(() => page.locator('.ant-select-item-option:visible').count()).toBe(0)
  await page.getByTestId(testId).click()
  await page.locator('.ant-select-item-option:visible').filter({ hasText: label }).first().click()
}

describe('the admin console: groups and the audit log', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('creates a cross-school group, edits it, manages members with roles, and archives it', async () => {
    const server = suite.server()
    const page = await suite.open('demo-admin')
    await page.goto(`${server.httpUrl}/admin/groups`)
    await expect.poll(() => page.getByRole('heading', { name: '教研组管理' }).count()).toBe(1)
    await expect.poll(() => tableRows(page, 'group-table').count()).toBe(1)
    const demoRow = tableRows(page, 'group-table').first()
    await expect.poll(() => demoRow.innerText()).toContain('七年级数学联合教研组')
    await expect.poll(() => demoRow.innerText()).toContain('实验中学')

    // Filters: by term and by text.
    await page.getByTestId('group-filter-term').fill('2099-2100-1')
    await expect.poll(() => page.getByText('还没有教研组').count()).toBe(1)
    await page.getByTestId('group-filter-term').fill('2026-2027-1')
    await expect.poll(() => tableRows(page, 'group-table').count()).toBe(1)
    await page.getByTestId('group-search').locator('input').fill('英语')
    await expect.poll(() => tableRows(page, 'group-table').count()).toBe(0)
    await page.getByTestId('group-search').locator('input').fill('')
    await page.getByTestId('group-filter-term').fill('')

    // Bad input: a message under each empty field; nothing is created.
    await page.getByTestId('group-create').click()
    await page.getByTestId('group-form-submit').click()
    await expect.poll(() => page.getByText('请填写名称').count()).toBe(1)
    await expect.poll(() => page.getByText('请填写学科').count()).toBe(1)
    await expect.poll(() => page.getByText('请填写年级').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-groups-bad-input.png') })
    await page.getByTestId('group-form-name').fill(GROUP)
    await page.getByTestId('group-form-subject').fill('英语')
    await page.getByTestId('group-form-grade').fill('八年级')
    await page.getByTestId('group-form-term').fill('2026-2027-1')
    await page.getByTestId('group-form-submit').click()
    await expect.poll(() => page.getByTestId(`group-edit-${GROUP}`).count()).toBe(1)

    // Edit subject, grade and term.
    await page.getByTestId(`group-edit-${GROUP}`).click()
    await expect.poll(() => page.getByTestId('group-form-name').inputValue()).toBe(GROUP)
    await page.getByTestId('group-form-subject').fill('外语')
    await page.getByTestId('group-form-grade').fill('九年级')
    await page.getByTestId('group-form-term').fill('2026-2027-2')
    await page.getByTestId('group-form-submit').click()
    const row = page.locator('tr', { has: page.getByTestId(`group-edit-${GROUP}`) })
    await expect.poll(() => row.innerText()).toContain('外语 / 九年级')
    await expect.poll(() => row.innerText()).toContain('2026-2027-2')
    const group = await server.kdb
      .selectFrom('groups')
      .selectAll()
      .where('name', '=', GROUP)
      .executeTakeFirstOrThrow()
    expect([group.subject, group.grade, group.term]).toEqual(['外语', '九年级', '2026-2027-2'])

    // Members of three schools through the picker; a member is offered as already in.
    await page.getByTestId(`group-members-${GROUP}`).click()
    await addMember(page, '孙', '孙伟', '组长')
    await addMember(page, 'demo-teacher-d', '周敏', '成员')
    await addMember(page, '王建', '王建国', '观摩')
    await page.getByTestId('member-picker').click()
    await page.keyboard.type('周')
    const already = page.locator('.ant-select-item-option:visible').filter({ hasText: '周敏' })
    await expect.poll(() => already.innerText()).toContain('已在组内')
    await expect
      .poll(() => already.getAttribute('class'))
      .toContain('ant-select-item-option-disabled')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-groups-members.png') })
    // Change a role, remove a member.
    await page.getByTestId('member-role-周敏').click()
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '观摩' }).click()
    await page.getByTestId('member-remove-王建国').click()
    await page.locator('.ant-popover:visible .ant-btn-primary').click()
    await expect.poll(() => page.getByTestId('member-王建国').count()).toBe(0)
    const members = async () =>
      Object.fromEntries(
        (
          await server.kdb
            .selectFrom('groupMembers')
            .innerJoin('users', 'users.id', 'groupMembers.userId')
            .select(['users.username', 'groupMembers.role'])
            .where('groupId', '=', group.id)
            .execute()
        ).map((member) => [member.username, member.role]),
      )
    await expect.poll(members).toEqual({ 'demo-teacher-c': 'lead', 'demo-teacher-d': 'observer' })
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.ant-drawer-content-wrapper:visible').count()).toBe(0)
    await expect.poll(() => row.innerText()).toContain('实验中学')
    await expect.poll(() => row.innerText()).toContain('河西乡中心学校')
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-groups-list.png') })

    // Archive: gone from the active list, marked archived, members read-only.
    await page.getByTestId(`group-archive-${GROUP}`).click()
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click()
    await expect.poll(() => page.getByTestId(`group-members-${GROUP}`).count()).toBe(0)
    await page.getByTestId('group-filter-archived').getByText('已归档的').click()
    await expect.poll(() => page.getByTestId(`group-archived-${GROUP}`).count()).toBe(1)
    await expect.poll(() => page.getByTestId(`group-edit-${GROUP}`).count()).toBe(0)
    await expect.poll(() => page.getByTestId(`group-restore-${GROUP}`).count()).toBe(1)
    await page.getByTestId(`group-members-${GROUP}`).click()
    await expect
      .poll(() => page.getByTestId('group-members-read-only').innerText())
      .toContain('已归档')
    await expect.poll(() => page.getByTestId('member-picker').count()).toBe(0)
    await expect.poll(() => page.getByTestId('member-role-孙伟').innerText()).toBe('组长')
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-groups-archived.png') })
    const archived = await server.kdb
      .selectFrom('groups')
      .select('archivedAt')
      .where('id', '=', group.id)
      .executeTakeFirstOrThrow()
    expect(archived.archivedAt).not.toBeNull()
    await page.close()
  })

  it('shows a school admin the groups read-only', async () => {
    const server = suite.server()
    const page = await suite.open('demo-school-admin')
    await page.goto(`${server.httpUrl}/admin/groups`)
    await expect.poll(() => page.getByRole('heading', { name: '教研组管理' }).count()).toBe(1)
    await expect.poll(() => page.getByTestId('group-members-七年级数学联合教研组').count()).toBe(1)
    expect(await page.getByTestId('group-create').count()).toBe(0)
    expect(await page.getByTestId('group-edit-七年级数学联合教研组').count()).toBe(0)
    expect(await page.getByTestId('group-archive-七年级数学联合教研组').count()).toBe(0)
    await page.getByTestId('group-members-七年级数学联合教研组').click()
    await expect.poll(() => page.getByTestId('group-members-read-only').count()).toBe(1)
    await expect.poll(() => page.getByTestId('member-role-李红梅').innerText()).toBe('组长')
    expect(await page.getByTestId('member-picker').count()).toBe(0)
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-groups-school-admin.png') })
    await page.close()
  })

  it('lists those changes in the audit log, filters them, and exports the filtered rows', async () => {
    const server = suite.server()
    const group = await server.kdb
      .selectFrom('groups')
      .select('id')
      .where('name', '=', GROUP)
      .executeTakeFirstOrThrow()
    const logged = await server.kdb
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', group.id)
      .orderBy('id', 'desc')
      .execute()
    expect(logged.map((entry) => entry.action)).toEqual([
      'group_archived',
      'membership_removed',
      'membership_set',
      'membership_set',
      'membership_set',
      'membership_set',
      'group_updated',
      'group_created',
    ])

    const page = await suite.open('demo-admin')
    await page.goto(`${server.httpUrl}/admin/audit`)
    await expect.poll(() => page.getByRole('heading', { name: '审计日志' }).count()).toBe(1)
    const rows = tableRows(page, 'audit-table')
    await expect.poll(() => rows.first().innerText()).toContain('登录')
    await expect.poll(() => page.getByText('归档教研组').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-audit.png') })

    // What: one action.
    await choose(page, 'audit-filter-action', '归档教研组')
    await page.keyboard.press('Escape')
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(() => rows.first().innerText()).toContain(GROUP)
    await expect.poll(() => rows.first().innerText()).toContain('教联体管理员')
    await page.getByTestId('audit-filter-reset').click()

    // Target: the group, by type and name.
    await choose(page, 'audit-filter-target-type', '教研组')
    await page.getByTestId('audit-filter-q').locator('input').fill(GROUP)
    await page.getByTestId('audit-filter-q').locator('input').press('Enter')
    await expect.poll(() => rows.count()).toBe(logged.length)
    // Who: someone else changed nothing of it.
    await choose(page, 'audit-filter-actor', 'demo-lead')
    await expect.poll(() => page.getByText('没有符合条件的记录').count()).toBe(1)
    await choose(page, 'audit-filter-actor', 'demo-admin')
    await expect.poll(() => rows.count()).toBe(logged.length)

    // When: a range long past has none of it; today has all.
    const range = page.getByTestId('audit-filter-when')
    await range.locator('input').nth(0).click()
    await range.locator('input').nth(0).fill('2020-01-01')
    await range.locator('input').nth(0).press('Enter')
    await range.locator('input').nth(1).fill('2020-01-31')
    await range.locator('input').nth(1).press('Enter')
    await expect.poll(() => page.getByText('没有符合条件的记录').count()).toBe(1)
    const today = new Date()
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
    await range.locator('input').nth(0).click()
    await range.locator('input').nth(0).fill(day)
    await range.locator('input').nth(0).press('Enter')
    await range.locator('input').nth(1).fill(day)
    await range.locator('input').nth(1).press('Enter')
    await expect.poll(() => rows.count()).toBe(logged.length)
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-audit-filtered.png') })

    // The export holds exactly the filtered rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-export').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}\.csv$/)
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '')
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true })
    expect(parsed.errors).toEqual([])
    expect(parsed.data.map((entry) => entry['操作 Action'])).toEqual(
      logged.map((entry) => entry.action),
    )
    for (const entry of parsed.data) {
      expect(entry['对象 Target']).toBe(GROUP)
      expect(entry['对象ID Target ID']).toBe(group.id)
      expect(entry['操作人 Actor']).toBe('教联体管理员')
    }

    // Long lists load a page at a time.
    for (let index = 0; index < 55; index++) {
      await recordAudit(server.kdb, {
        actorId: null,
        action: 'term_rolled_over',
        details: { index },
      })
    }
    await page.reload()
    await choose(page, 'audit-filter-action', '学期切换')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('audit-shown').innerText()).toBe('已显示 50 条')
    await page.getByTestId('audit-load-more').click()
    await expect.poll(() => page.getByTestId('audit-shown').innerText()).toBe('已显示 55 条')
    await expect.poll(() => page.getByTestId('audit-load-more').count()).toBe(0)
    await expect.poll(() => rows.last().innerText()).toContain('系统')
    await page.close()
  })
})
