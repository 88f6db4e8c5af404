import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

describe('exchange teachers and a new term in the admin console', () => {
  const suite = browserSuite({ width: 1440, height: 900 })

  it('lets the alliance admin send a demo teacher on an exchange', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const teacherId = await api.userId('demo-teacher-c')
    const admin = await suite.open('demo-admin')
    await admin.goto(`${server.httpUrl}/admin/exchanges`)
    await admin.getByTestId('exchanges-page').waitFor()
    await admin.getByTestId('exchange-add').click()

    await admin.getByTestId('exchange-teacher').click()
    await admin.keyboard.type('demo-teacher-c')
    await admin.keyboard.press('Enter')
    await admin.getByTestId('exchange-host').click()
    // The first host school offered is active in the opened list: Enter picks it.
    await admin.keyboard.press('Enter')
    const dates = admin.locator('.ant-picker-range input')
    await dates.first().click()
    await dates.first().fill('2026-09-01')
    await admin.keyboard.press('Enter')
    await dates.last().fill('2027-07-15')
    await admin.screenshot({ path: '/tmp/exchange-new.png' })
    // Enter on the last field takes the range and submits the form.
    await admin.keyboard.press('Enter')

    await expect
      .poll(() => admin.getByTestId('exchanges-table').innerText())
      .toContain('demo-teacher-c')
    await expect
      .poll(() => admin.getByTestId('exchanges-table').innerText())
      .toContain('2027-07-15')
    await admin.screenshot({ path: path.join(ARTIFACTS, 'exchanges.png') })
    await admin.screenshot({ path: '/tmp/exchange-exchanges.png' })
    const stored = await server.kdb
      .selectFrom('schoolAffiliations')
      .select(['startsOn', 'endsOn'])
      .where('userId', '=', teacherId)
      .execute()
    expect(stored).toEqual([{ startsOn: '2026-09-01', endsOn: '2027-07-15' }])
  })

  it('lets the alliance admin roll the demo group over to the next term', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const groupId = await api.demoGroupId()
    await server.kdb
      .updateTable('groups')
      .set({ term: '2026-2027-1' })
      .where('id', '=', groupId)
      .execute()
    const admin = await suite.open('demo-admin')
    await admin.goto(`${server.httpUrl}/admin/terms`)
    await admin.getByTestId('terms-page').waitFor()
    await admin.getByTestId('rollover-from').click()
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click()
    await expect.poll(() => admin.getByTestId('rollover-to').inputValue()).toBe('2026-2027-2')
    await admin.getByTestId('rollover-summary').waitFor()
    await admin.screenshot({ path: '/tmp/exchange-terms.png' })
    await admin.getByTestId('rollover-submit').click()
    await admin.getByTestId('rollover-confirm').click()
    await admin.getByTestId('rollover-done').waitFor()
    await admin.screenshot({ path: path.join(ARTIFACTS, 'terms-rolled-over.png') })
    await admin.screenshot({ path: '/tmp/exchange-terms-done.png' })

    const groups = await server.kdb
      .selectFrom('groups')
      .select(['term', 'archivedAt'])
      .where('name', '=', '七年级数学联合教研组')
      .orderBy('term', 'asc')
      .execute()
    expect(groups.map((group) => [group.term, group.archivedAt === null])).toEqual([
      ['2026-2027-1', false],
      ['2026-2027-2', true],
    ])
  })
})
