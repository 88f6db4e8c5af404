import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { planText, sectionText, typeInSection } from '../helpers/planPage.ts'

const PLAN_TITLE = '有理数的概念与分类'

/** Waits until both teachers are connected, saved and see each other in the presence bar. */
async function bothPresent(pages: Page[]): Promise<void> {
  for (const page of pages) {
    await expect
      .poll(() => page.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('saved')
    await expect.poll(() => page.getByTestId('presence-person').count()).toBe(pages.length)
  }
}

describe('two teachers of two schools co-writing one plan in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 720 })
  let planUrl = ''

  it('opens a group plan from the home page at its shareable URL', async () => {
    const page = await suite.open('demo-teacher-a', { width: 1280, height: 900 })
    const context = page.context()
    await page.getByRole('tab', { name: '教研组教案' }).click()
    await page.getByRole('link', { name: PLAN_TITLE }).click()
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]+$/)
    planUrl = page.url()
    await expect
      .poll(() => page.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('saved')
    expect(await page.locator('section[data-section]').count()).toBe(10)
    await context.close()
  })

  it('shows each teacher the other’s typing, name-labelled caret and school, and keeps it after a reload', async () => {
    const pageA = await suite.open('demo-teacher-a', { width: 1280, height: 900 })
    const contextA = pageA.context()
    const pageB = await suite.open('demo-teacher-b', { width: 1280, height: 900 })
    const contextB = pageB.context()
    await Promise.all([pageA.goto(planUrl), pageB.goto(planUrl)])
    await bothPresent([pageA, pageB])

    await Promise.all([
      typeInSection(pageA, 'objectives', '【城关一中补充】'),
      typeInSection(pageB, 'learnerAnalysis', '【实验中学补充】'),
    ])
    // Convergence, not speed: the relay's latency is measured by the benchmarks (bench/), and a
    // 2 s bound here failed under CI load.
    const seenWithin = { timeout: 10_000, interval: 50 }
    await expect
      .poll(() => sectionText(pageB, 'objectives'), seenWithin)
      .toContain('【城关一中补充】')
    await expect
      .poll(() => sectionText(pageA, 'learnerAnalysis'), seenWithin)
      .toContain('【实验中学补充】')
    await expect
      .poll(
        () => pageB.locator('.collaboration-carets__label', { hasText: '王建国' }).count(),
        seenWithin,
      )
      .toBe(1)
    await expect
      .poll(
        () => pageA.locator('.collaboration-carets__label', { hasText: '张晓燕' }).count(),
        seenWithin,
      )
      .toBe(1)
    const schools = await pageA
      .locator('.presence-school')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-school')))
    expect(schools.sort()).toEqual(['城关第一中学', '实验中学'])
    await pageA.screenshot({ path: path.join(ARTIFACTS, 'editor-two-carets.png') })

    await pageB.reload()
    await expect
      .poll(() => pageB.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('saved')
    expect(await sectionText(pageB, 'objectives')).toContain('【城关一中补充】')
    expect(await sectionText(pageB, 'learnerAnalysis')).toContain('【实验中学补充】')
    await contextA.close()
    await contextB.close()
  })

  it('lets a teacher keep typing offline and merges both sides on reconnect', async () => {
    const pageA = await suite.open('demo-teacher-a')
    const contextA = pageA.context()
    const pageB = await suite.open('demo-teacher-b')
    const contextB = pageB.context()
    await Promise.all([pageA.goto(planUrl), pageB.goto(planUrl)])
    await bothPresent([pageA, pageB])
    await contextB.setOffline(true)
    await expect
      .poll(() => pageB.getByTestId('connection-state').getAttribute('data-state'))
      .toBe('offline')
    expect(await pageB.getByTestId('connection-state').innerText()).toContain('离线')
    await typeInSection(pageB, 'difficulties', '（离线时写下的难点）')
    await typeInSection(pageA, 'keyPoints', '（同时在线写下的重点）')
    await contextB.setOffline(false)
    await expect
      .poll(() => sectionText(pageA, 'difficulties'), { timeout: 15_000 })
      .toContain('（离线时写下的难点）')
    await expect
      .poll(() => sectionText(pageB, 'keyPoints'), { timeout: 15_000 })
      .toContain('（同时在线写下的重点）')
    await expect.poll(async () => (await planText(pageA)) === (await planText(pageB))).toBe(true)
    await contextA.close()
    await contextB.close()
  })

  it('undoes only one’s own typing, never a colleague’s', async () => {
    const pageA = await suite.open('demo-teacher-a')
    const contextA = pageA.context()
    const pageB = await suite.open('demo-teacher-b')
    const contextB = pageB.context()
    await Promise.all([pageA.goto(planUrl), pageB.goto(planUrl)])
    await bothPresent([pageA, pageB])
    await typeInSection(pageA, 'preparation', '〔甲的改动〕')
    await typeInSection(pageB, 'reflection', '〔乙的改动〕')
    await expect.poll(() => sectionText(pageA, 'reflection')).toContain('〔乙的改动〕')
    await pageA.locator('section[data-section="preparation"] .section-body p').first().click()
    await pageA.keyboard.press('Control+z')
    await expect.poll(() => sectionText(pageB, 'preparation')).not.toContain('〔甲的改动〕')
    expect(await sectionText(pageA, 'reflection')).toContain('〔乙的改动〕')
    expect(await sectionText(pageB, 'reflection')).toContain('〔乙的改动〕')
    await contextA.close()
    await contextB.close()
  })

  it('shows a teacher outside the group the no-permission page for the plan URL', async () => {
    const page = await suite.open('demo-outsider')
    const context = page.context()
    await page.goto(planUrl)
    await expect.poll(() => page.getByTestId('no-permission').count()).toBe(1)
    await context.close()
  })

  it('shows a view-only observer the plan with editing disabled and the reason', async () => {
    const page = await suite.open('demo-observer')
    const context = page.context()
    await page.goto(planUrl)
    await expect.poll(() => page.getByTestId('read-only-banner').count()).toBe(1)
    expect(await page.getByTestId('plan-editor').getAttribute('contenteditable')).toBe('false')
    await context.close()
  })

  it('switches the interface to English and remembers it for the user', async () => {
    const page = await suite.open('demo-teacher-a')
    const context = page.context()
    await page.getByText('English', { exact: true }).click()
    await expect.poll(() => page.getByTestId('new-plan').innerText()).toContain('New plan')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.goto(planUrl)
    await expect
      .poll(() => page.locator('section[data-section="objectives"] h2').innerText())
      .toBe('Teaching objectives')
    await context.close()
    const again = await suite.open('demo-teacher-a')
    const fresh = again.context()
    await expect.poll(() => again.getByTestId('new-plan').innerText()).toContain('New plan')
    await fresh.close()
  })

  it('makes a plan editable quickly after its URL is opened (median of 5)', async () => {
    const page = await suite.open('demo-teacher-b')
    const context = page.context()
    const times: number[] = []
    for (let run = 0; run < 5; run++) {
      const started = Date.now()
      await page.goto(planUrl)
      await page
        .locator('[data-testid="plan-editor"][contenteditable="true"] section[data-section] p')
        .first()
        .waitFor()
      times.push(Date.now() - started)
    }
    times.sort((a, b) => a - b)
    const median = times[2] ?? 0
    fs.writeFileSync(
      path.join(ARTIFACTS, 'time-to-editable.json'),
      JSON.stringify({ times, median }),
    )
    expect(median).toBeGreaterThan(0)
    await context.close()
  })
})
