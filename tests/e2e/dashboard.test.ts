import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_SCHOOLS, DEMO_TERM } from '../../server/seed/seedDemo.ts'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'

/** The workbook of a download, read back with exceljs: its header row and data rows as text. */
async function readDownload(
  page: Page,
  click: () => Promise<void>,
  file: string,
): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  const saved = path.join(ARTIFACTS, file)
  await download.saveAs(saved)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(saved)
  const sheet = workbook.worksheets[0]
  const rows: string[][] = []
  sheet?.eachRow((row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : []
    rows.push(values.map((value) => String(value ?? '')))
  })
  return { name: download.suggestedFilename(), rows }
}

/** Clicks the heat-map cell (from → to) of the flow matrix, by the chart's fixed grid. */
async function clickFlowCell(page: Page, schools: string[], from: string, to: string) {
  const heatmap = page.getByTestId('flow-heatmap')
  await heatmap.scrollIntoViewIfNeeded()
  const box = await heatmap.boundingBox()
  if (!box) throw new Error('no heat map')
  // The grid of FlowMatrixCard: left 120, right 16, top 16, bottom 80; rows bottom-up.
  const width = (box.width - 120 - 16) / schools.length
  const height = (box.height - 16 - 80) / schools.length
  const column = schools.indexOf(to)
  const row = schools.length - 1 - schools.indexOf(from)
  await page.mouse.click(box.x + 120 + (column + 0.5) * width, box.y + 16 + (row + 0.5) * height)
}

describe('the alliance dashboard in the browser', () => {
  const suite = browserSuite({ width: 1440, height: 960 })

  it('lets the alliance admin filter a term, drill the flow matrix down to adapted plans and export it', async () => {
    const { kdb } = suite.server()
    const [publisher, adapter] = [DEMO_SCHOOLS[0], DEMO_SCHOOLS[2]]
    const entry = await kdb
      .selectFrom('libraryEntries')
      .innerJoin('schools', 'schools.id', 'libraryEntries.schoolId')
      .select(['libraryEntries.id', 'libraryEntries.title'])
      .where('schools.name', '=', publisher)
      .orderBy('libraryEntries.createdAt')
      .executeTakeFirstOrThrow()
    const outsider = await suite.open('demo-outsider')
    outsider.setDefaultTimeout(9000)
    const adapted = await outsider.evaluate(async (entryId) => {
      const response = await fetch(`/api/library/${entryId}/adapt`, { method: 'POST' })
      return (await response.json()) as { id: string }
    }, entry.id)
    expect(adapted.id).toBeTruthy()
    expect(await outsider.getByTestId('nav-dashboard').count()).toBe(0)
    await outsider.goto(`${suite.server().httpUrl}/dashboard`)
    await outsider.getByTestId('dashboard-no-access').waitFor()

    const admin = await suite.open('demo-admin')
    admin.setDefaultTimeout(9000)
    await admin.getByTestId('nav-dashboard').click()
    await admin.waitForURL(/\/dashboard$/)
    await admin.getByTestId('figure-tasks').waitFor()
    await expect.poll(() => admin.getByTestId('dashboard-scope').innerText()).toBe('全部学校')
    await admin.getByTestId('flow-heatmap').locator('svg').waitFor()
    await admin.screenshot({ path: path.join(ARTIFACTS, 'dashboard-zh.png'), fullPage: true })

    // A term filter: kept in the URL, and the figures follow it.
    // From the keyboard: the filter's label leads to its select; type, then Enter.
    await admin.getByLabel('学期').focus()
    await admin.keyboard.type(DEMO_TERM)
    await admin.keyboard.press('Enter')
    await admin.waitForURL(new RegExp(`term=${DEMO_TERM}`))
    await admin.getByTestId('figure-tasks').waitFor()
    const tasksInTerm = await admin.getByTestId('figure-tasks').innerText()
    await admin.reload()
    await expect.poll(() => admin.getByTestId('figure-tasks').innerText()).toBe(tasksInTerm)
    await admin.getByTestId('filter-clear').click()
    await expect.poll(() => admin.url().includes('term=')).toBe(false)

    // The flow matrix: the heat-map cell (publisher → adapter) opens the adapted plans.
    const schools = await admin.evaluate(async () => {
      const flows = (await (await fetch('/api/dashboard/flows')).json()) as {
        schools: Array<{ name: string }>
      }
      return flows.schools.map((school) => school.name)
    })
    await expect.poll(() => admin.getByTestId(`flow-${publisher}-${adapter}`).innerText()).toBe('1')
    await clickFlowCell(admin, schools, publisher, adapter)
    const drawer = admin.getByTestId('drill-drawer')
    await expect
      .poll(() => drawer.getByTestId('drill-caption').innerText())
      .toBe(`${publisher} → ${adapter}：1 篇`)
    const planLink = drawer.locator(`a[href="/plans/${adapted.id}"]`)
    await planLink.waitFor()
    expect(await drawer.locator(`a[href="/library/${entry.id}"]`).innerText()).toBe(entry.title)
    await expect.poll(() => admin.evaluate(() => document.getAnimations().length)).toBe(0)
    await admin.screenshot({ path: path.join(ARTIFACTS, 'dashboard-flow-drill.png') })

    const workbook = await readDownload(
      admin,
      () => drawer.getByTestId('drill-table-export').click(),
      'dashboard-adapted.xlsx',
    )
    expect(workbook.name).toMatch(/^质量监测-资源改编-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(workbook.rows[0]).toEqual(['教案', '改编学校', '资源', '发布学校', '时间'])
    expect(workbook.rows).toHaveLength(2)
    expect(workbook.rows[1]?.slice(1, 4)).toEqual([adapter, entry.title, publisher])

    await planLink.click()
    await admin.waitForURL(new RegExp(`/plans/${adapted.id}$`))
  })

  it('fits a 390 px screen, and reads in English with English sheet headers', async () => {
    const phone = await suite.open('demo-admin', { width: 390, height: 844 })
    await phone.goto(`${suite.server().httpUrl}/dashboard`)
    await phone.getByTestId('figure-tasks').waitFor()
    await phone.getByTestId('card-flows').waitFor()
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390.png'), fullPage: true })
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390-top.png') })
    for (const card of ['card-preparation', 'card-flows', 'card-balance']) {
      await phone
        .getByTestId(card)
        .screenshot({ path: path.join(ARTIFACTS, `dashboard-390-${card}.png`) })
    }
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await phone.getByTestId('figure-tasks').click()
    await phone.getByTestId('drill-table').locator('tbody tr.ant-table-row').first().waitFor()
    await expect.poll(() => phone.evaluate(() => document.getAnimations().length)).toBe(0)
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390-drill.png') })
    // Filters that match nothing read as an empty dashboard, not as broken charts.
    await phone.goto(`${suite.server().httpUrl}/dashboard?subject=天文`)
    await phone.getByTestId('dashboard-empty').waitFor()
    await phone.screenshot({ path: path.join(ARTIFACTS, 'dashboard-390-empty.png') })

    const admin = await suite.open('demo-admin')
    await admin.goto(`${suite.server().httpUrl}/dashboard`)
    await admin.locator('.app-tools').getByText('English').click()
    await expect.poll(() => admin.getByTestId('dashboard-scope').innerText()).toBe('All schools')
    await admin.getByTestId('figure-tasks').waitFor()
    await admin.screenshot({ path: path.join(ARTIFACTS, 'dashboard-en.png'), fullPage: true })
    const workbook = await readDownload(
      admin,
      () => admin.getByTestId('table-balance-export').click(),
      'dashboard-balance.xlsx',
    )
    expect(workbook.name).toMatch(/^质量监测-校际均衡-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect(workbook.rows[0]?.slice(0, 3)).toEqual(['School', 'Teachers', 'Plans written in'])
    expect(workbook.rows.slice(1).map((row) => row[0])).toEqual(
      expect.arrayContaining([...DEMO_SCHOOLS]),
    )
    await admin.locator('.app-tools').getByText('中文').click()
  })

  it('shows a school admin their school beside the aggregates, with drill-downs into it only', async () => {
    const own = DEMO_SCHOOLS[0]
    const other = DEMO_SCHOOLS[1]
    const schoolAdmin = await suite.open('demo-school-admin')
    await schoolAdmin.getByTestId('nav-dashboard').click()
    await schoolAdmin.getByTestId('figure-published').waitFor()
    expect(await schoolAdmin.getByTestId('dashboard-scope').innerText()).toContain(own)
    const library = schoolAdmin.getByTestId('table-library')
    await library.getByText(other).waitFor()
    expect(await library.getByText('本校').count()).toBe(1)
    // Their own school's figure opens; another school's is a plain number.
    expect(
      await schoolAdmin.getByTestId(`library-school-${own}`).evaluate((node) => node.tagName),
    ).toBe('BUTTON')
    expect(
      await schoolAdmin.getByTestId(`library-school-${other}`).evaluate((node) => node.tagName),
    ).toBe('SPAN')
    await schoolAdmin.screenshot({
      path: path.join(ARTIFACTS, 'dashboard-school-admin.png'),
      fullPage: true,
    })
    await schoolAdmin.getByTestId(`library-school-${own}`).click()
    const drawer = schoolAdmin.getByTestId('drill-drawer')
    await drawer.getByTestId('drill-table').locator('tbody tr a').first().waitFor()
    const schoolsShown = await drawer
      .locator('tbody tr.ant-table-row td:nth-child(2)')
      .allInnerTexts()
    expect(new Set(schoolsShown)).toEqual(new Set([own]))
    // And the server refuses another school's drill-down outright.
    const status = await schoolAdmin.evaluate(async (name) => {
      const scope = (await (await fetch('/api/dashboard/scope')).json()) as {
        schools: Array<{ id: string; name: string }>
      }
      const id = scope.schools.find((school) => school.name === name)?.id ?? ''
      return (await fetch(`/api/dashboard/balance/plans?school=${id}`)).status
    }, other)
    expect(status).toBe(403)

    const lead = await suite.open('demo-lead')
    await lead.getByTestId('nav-dashboard').click()
    await expect.poll(() => lead.getByTestId('dashboard-scope').innerText()).toBe('我负责的教研组')
    await lead.getByTestId('figure-tasks').waitFor()
    await lead.screenshot({ path: path.join(ARTIFACTS, 'dashboard-lead.png'), fullPage: true })
  })
})
