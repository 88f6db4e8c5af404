import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ObservationInfo } from '../../shared/observations/observationApi.ts'
import type { RubricDefinition } from '../../shared/observations/rubric.ts'
import {
  LICC_RUBRIC_NAME,
  WEIGHTED_RUBRIC,
  WEIGHTED_RUBRIC_NAME,
} from '../../shared/observations/seededRubrics.ts'
import { browserSuite } from '../helpers/browserSuite.ts'
import { expectStatus, scheduleDemoObservation, seededRubric } from '../helpers/observations.ts'
import { DemoCaller } from '../helpers/prepApi.ts'

/** Where the screenshots go (looked at after the run). */
const SHOTS = '/tmp/shots-rubricadmin'

/** The spin button of an item's weight in the editor, by the item's name. */
function weightInput(page: Page, item: string, label = '权重') {
  return page.getByRole('spinbutton', { name: `${item} ${label}`, exact: true })
}

describe('the 评课表 page of the admin console', () => {
  const suite = browserSuite({ width: 1440, height: 900 })

  it('lets the alliance admin save a new version of the weighted form; the old one stays', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const weighted = await seededRubric(api, 'weighted')
    // An observation scheduled before the edit keeps version 1.
    const scheduled = await scheduleDemoObservation(server, api)
    const admin = await suite.open('demo-admin')
    await admin.goto(`${server.httpUrl}/admin`)
    await admin.getByTestId('admin-menu-rubrics').click()
    await admin.getByTestId('rubrics-page').waitFor()
    const table = admin.getByTestId('rubrics-table')
    await expect.poll(() => table.innerText()).toContain(WEIGHTED_RUBRIC_NAME)
    expect(await table.innerText()).toContain(LICC_RUBRIC_NAME)
    expect(await table.innerText()).toContain('加权评分')
    expect(await table.innerText()).toContain('LICC 观察点')
    await expect
      .poll(() => admin.getByTestId(`rubric-version-${weighted.id}`).innerText())
      .toBe('v1')

    // Keyboard: the name is a link reached with Tab and opened with Enter.
    await admin.getByTestId(`rubric-open-${weighted.id}`).focus()
    await admin.keyboard.press('Enter')
    await admin.waitForURL(`${server.httpUrl}/admin/rubrics/${weighted.id}`)
    const detail = admin.getByTestId('rubric-detail')
    await detail.waitFor()
    await expect.poll(() => admin.getByTestId('rubric-weight-goals').innerText()).toContain('10 分')
    expect(await admin.getByTestId('rubric-scale').innerText()).toBe(
      '优 = 5 / 良 = 4 / 中 = 3 / 差 = 2',
    )
    expect(await admin.getByTestId('rubric-grades').innerText()).toContain('优：总分 ≥ 90%')
    expect(await admin.getByTestId('rubric-bonus').innerText()).toContain('个性特色')
    expect(await detail.innerText()).toContain('目标明确、具体，符合课程标准和学生实际')
    await admin.screenshot({ path: path.join(SHOTS, 'zh-detail.png'), fullPage: true })

    await admin.getByTestId('rubric-edit').click()
    const editor = admin.getByTestId('rubric-editor')
    await editor.waitFor()
    expect(await editor.innerText()).toContain('已安排的听课仍使用安排时的版本')
    const sum = admin.getByTestId('rubric-weight-sum')
    expect(await sum.innerText()).toBe('权重合计：100')
    await weightInput(admin, '教学目标').fill('15')
    await expect.poll(() => sum.innerText()).toBe('权重合计：105')
    await admin.getByTestId('rubric-weight-sum-warning').waitFor()
    // A weight of 0 is refused before the server sees it.
    await weightInput(admin, '教师素质').fill('0')
    await expect
      .poll(() => admin.getByTestId('rubric-editor-problems').innerText())
      .toContain('教师素质')
    expect(await admin.getByTestId('rubric-editor-save').isDisabled()).toBe(true)
    await weightInput(admin, '教师素质').fill('15')
    await expect.poll(() => sum.innerText()).toBe('权重合计：100')
    expect(await admin.getByTestId('rubric-editor-problems').count()).toBe(0)
    expect(await admin.getByTestId('rubric-weight-sum-warning').count()).toBe(0)
    await admin.waitForTimeout(400)
    await admin.screenshot({ path: path.join(SHOTS, 'zh-editor.png') })
    await admin.getByTestId('rubric-editor-save').click()

    await admin.getByTestId('rubrics-notice').waitFor()
    expect(await admin.getByTestId('rubrics-notice').innerText()).toContain('v2')
    await expect
      .poll(() => admin.getByTestId(`rubric-version-${weighted.id}`).innerText())
      .toBe('v2')
    await expect.poll(() => admin.getByTestId('rubric-weight-goals').innerText()).toContain('15 分')
    expect(await admin.getByTestId('rubric-weight-teacher').innerText()).toContain('15 分')
    const versions = admin.getByTestId('rubric-versions')
    await expect.poll(() => versions.locator('tbody tr.ant-table-row').count()).toBe(2)
    expect(await versions.innerText()).toContain('教联体管理员')
    await admin.screenshot({ path: path.join(SHOTS, 'zh-saved.png'), fullPage: true })

    // The old version is still there to read.
    await admin.getByTestId('rubric-view-v1').click()
    await admin.getByTestId('rubric-old-version').waitFor()
    await expect.poll(() => admin.getByTestId('rubric-weight-goals').innerText()).toContain('10 分')
    expect(await admin.getByTestId('rubric-weight-teacher').innerText()).toContain('20 分')
    await admin.screenshot({ path: path.join(SHOTS, 'zh-old-version.png'), fullPage: true })

    const stored = await server.kdb
      .selectFrom('rubricVersions')
      .select(['number', 'definition'])
      .where('rubricId', '=', weighted.id)
      .orderBy('number')
      .execute()
    const weights = stored.map((row) => {
      const definition = JSON.parse(row.definition) as RubricDefinition
      return definition.items.map((item) => item.weight)
    })
    expect(weights).toEqual([
      [10, 15, 25, 30, 20],
      [15, 15, 25, 30, 15],
    ])
    const observation = expectStatus<ObservationInfo>(
      await api.call('demo-admin', 'GET', `/api/observations/${scheduled.id}`),
      200,
    )
    expect(observation.rubricVersion).toBe(1)

    // The same page in English.
    await admin.locator('.app-header .ant-segmented').getByText('English').click()
    await expect.poll(() => admin.getByRole('heading', { name: 'Rubrics' }).count()).toBe(1)
    await expect.poll(() => detail.innerText()).toContain('Showing v1')
    await admin.getByRole('button', { name: 'Back to the current version' }).click()
    await expect
      .poll(() => admin.getByTestId('rubric-weight-goals').innerText())
      .toContain('15 points')
    await admin.screenshot({ path: path.join(SHOTS, 'en-detail.png'), fullPage: true })
    await admin.getByTestId('rubric-edit').click()
    await admin.getByTestId('rubric-editor').waitFor()
    expect(await admin.getByTestId('rubric-weight-sum').innerText()).toBe('Weights add up to 100')
    await admin.waitForTimeout(400)
    await admin.screenshot({ path: path.join(SHOTS, 'en-editor.png') })
    await admin.getByRole('button', { name: 'Cancel' }).click()
    // Back to Chinese for the other tests of the suite.
    await admin.locator('.app-header .ant-segmented').getByText('中文').click()
  })

  it('creates a rubric as a copy of the LICC frame', async () => {
    const server = suite.server()
    const admin = await suite.open('demo-admin')
    await admin.goto(`${server.httpUrl}/admin/rubrics`)
    await admin.getByTestId('rubric-create').click()
    await admin.getByTestId('rubric-editor').waitFor()
    // The dialog zooms in; pick the source once it stands still.
    await admin.waitForTimeout(400)
    // By keyboard: open the list, move from the weighted form (chosen) to the LICC frame, Enter.
    const options = admin.locator('.ant-select-dropdown:visible .ant-select-item-option')
    await admin.getByTestId('rubric-copy-from').click()
    await expect.poll(() => options.count()).toBe(2)
    await admin.keyboard.press('ArrowDown')
    await admin.keyboard.press('Enter')
    await expect
      .poll(() => admin.getByTestId('rubric-copy-from').innerText())
      .toContain(LICC_RUBRIC_NAME)
    await expect
      .poll(() => admin.getByTestId('rubric-editor-name').inputValue())
      .toBe(`${LICC_RUBRIC_NAME}（副本）`)
    await admin.getByTestId('rubric-editor-name').fill('初中数学 LICC 观察表')
    await admin.getByTestId('rubric-editor-save').click()
    await admin.getByTestId('rubrics-notice').waitFor()
    await expect
      .poll(() => admin.getByTestId('rubrics-table').innerText())
      .toContain('初中数学 LICC 观察表')
    await expect
      .poll(() => admin.getByTestId('rubric-detail').innerText())
      .toContain('初中数学 LICC 观察表')
    expect(await admin.getByTestId('rubric-detail').innerText()).toContain('观察点')
    await admin.screenshot({ path: path.join(SHOTS, 'zh-created.png'), fullPage: true })
  })

  it('lets a school admin read the rubrics but not edit them', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const weighted = await seededRubric(api, 'weighted')
    const schoolAdmin = await suite.open('demo-school-admin')
    await schoolAdmin.goto(`${server.httpUrl}/admin/rubrics/${weighted.id}`)
    await schoolAdmin.getByTestId('rubrics-read-only').waitFor()
    await schoolAdmin.getByTestId('rubric-detail').waitFor()
    await expect.poll(() => schoolAdmin.getByTestId('rubric-definition').count()).toBe(1)
    expect(await schoolAdmin.getByTestId('rubric-edit').count()).toBe(0)
    expect(await schoolAdmin.getByTestId('rubric-create').count()).toBe(0)
    expect(await schoolAdmin.getByTestId('rubric-copy').count()).toBe(0)
    await schoolAdmin.screenshot({ path: path.join(SHOTS, 'zh-school-admin.png'), fullPage: true })
    const refused = await api.call(
      'demo-school-admin',
      'POST',
      `/api/rubrics/${weighted.id}/versions`,
      { definition: WEIGHTED_RUBRIC },
    )
    expect(refused.status).toBe(403)
  })

  it('fits a phone: the rubric and its editor without a sideways scroll', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const weighted = await seededRubric(api, 'weighted')
    const phone = await suite.open('demo-admin', { width: 390, height: 844 })
    await phone.goto(`${server.httpUrl}/admin/rubrics/${weighted.id}`)
    await phone.getByTestId('rubric-definition').waitFor()
    const width = () => phone.evaluate(() => document.documentElement.scrollWidth)
    expect(await width()).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: path.join(SHOTS, 'zh-phone.png'), fullPage: true })
    await phone.getByTestId('rubric-edit').click()
    await phone.getByTestId('rubric-editor').waitFor()
    await phone.waitForTimeout(400)
    expect(await width()).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: path.join(SHOTS, 'zh-phone-editor.png') })
  })
})
