import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAnchor } from '../../shared/comments/commentApi.ts'
import { ARTIFACTS, browserSuite, shownSeconds } from '../helpers/browserSuite.ts'
import { demoPlanId } from '../helpers/signIn.ts'

describe('the live session room in the browser', () => {
  const suite = browserSuite({ width: 1440, height: 960 })
  const open = suite.open

  it('runs a discussion across two schools: hands, floor, a vote, a synced timer, minutes', async () => {
    const server = suite.server()
    const planId = await demoPlanId(server.kdb, 0)
    const lead = await open('demo-lead')
    await lead.goto(`${server.httpUrl}/plans/${planId}`)
    await lead.getByTestId('start-session').click()
    await lead.waitForURL(/\/sessions\/[A-Za-z0-9_-]+$/)
    const roomUrl = lead.url()

    // Teachers of two schools see the banner on the plan and join.
    const teacherA = await open('demo-teacher-a')
    const teacherB = await open('demo-teacher-b')
    for (const page of [teacherA, teacherB]) {
      await page.goto(`${server.httpUrl}/plans/${planId}`)
      await page.getByTestId('session-running-banner').getByRole('button').click()
      await page.waitForURL(roomUrl)
    }
    const pages = [lead, teacherA, teacherB]
    for (const page of pages) {
      await expect
        .poll(() => page.locator('[data-testid="participant"][data-online="true"]').count())
        .toBe(3)
    }
    const schools = await lead.getByTestId('participants').locator('section').allInnerTexts()
    expect(schools.join('\n')).toContain('城关第一中学')
    expect(schools.join('\n')).toContain('实验中学')

    // B raises a hand; the lead gives B the floor; everyone sees it.
    await teacherB.getByTestId('hand').click()
    const bRow = (page: Page) =>
      page.locator('[data-testid="participant"]').filter({ hasText: '张晓燕' })
    for (const page of pages) {
      await expect.poll(() => bRow(page).getAttribute('data-hand')).toBe('1')
    }
    await lead.getByTestId('give-floor').click()
    for (const page of pages) {
      await expect.poll(() => bRow(page).getAttribute('data-speaking')).toBe('true')
      await expect.poll(() => bRow(page).getAttribute('data-hand')).toBe('0')
    }

    // A vote: A agrees, B abstains, the counts update live in all three browsers.
    await lead.getByTestId('vote-proposal').fill('作业采用分层设计')
    await lead.keyboard.press('Enter')
    await teacherA.getByTestId('vote-agree').click()
    await teacherB.getByTestId('vote-abstain').click()
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('count-agree').innerText()).toBe('1')
      await expect.poll(() => page.getByTestId('count-abstain').innerText()).toBe('1')
      await expect.poll(() => page.getByTestId('count-disagree').innerText()).toBe('0')
    }
    expect(await teacherA.getByTestId('vote-agree').getAttribute('aria-pressed')).toBe('true')
    expect(await teacherB.getByTestId('vote-agree').getAttribute('aria-pressed')).toBe('false')
    await lead.getByTestId('close-vote').click()
    for (const page of pages) {
      await expect
        .poll(() => page.getByTestId('vote-result').first().innerText())
        .toContain('作业采用分层设计')
    }

    // The agenda timer: the same remaining time in all three browsers (within 1 s).
    await lead.getByTestId('timer-start').click()
    for (const page of pages) {
      await expect
        .poll(() => page.getByTestId('agenda-remaining').getAttribute('data-running'))
        .toBe('true')
    }
    await lead.waitForTimeout(2200)
    const shown = await Promise.all(pages.map(shownSeconds))
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(1)
    expect(shown[0]).toBeLessThan(10 * 60)
    expect(shown[0]).toBeGreaterThan(9 * 60)

    await lead.screenshot({ path: path.join(ARTIFACTS, 'session-room-lead.png') })
    await teacherB.screenshot({ path: path.join(ARTIFACTS, 'session-room-teacher.png') })

    // A decision recorded on the plan's comment thread (the comments UI is another feature),
    // through the comment endpoints from the browsers: A comments, the lead resolves.
    const anchorDoc = new Y.Doc()
    const position = Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(anchorDoc.getXmlFragment('default'), 0),
    )
    anchorDoc.destroy()
    const threads = `/api/documents/${planId}/comments/threads`
    const post = (page: Page, url: string, body: unknown) =>
      page.evaluate(
        async ({ url, body }) => {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
          return { status: response.status, body: (await response.json()) as { threadId?: string } }
        },
        { url, body },
      )
    const created = await post(teacherA, threads, {
      anchor: encodeAnchor({ start: position, end: position }),
      quote: '有理数',
      body: '分类的标准要先讲清楚',
      mentions: [],
    })
    expect(created.status).toBe(201)
    const resolved = await post(lead, `${threads}/${created.body.threadId}/resolve`, {
      decision: '先按定义分类，再按符号分类',
    })
    expect(resolved.status).toBe(200)

    // The lead ends the session; the minutes hold both schools, the vote and the decision.
    await lead.getByTestId('end-session').click()
    await lead.locator('.ant-popconfirm').getByRole('button', { name: '结束研讨' }).click()
    for (const page of pages) {
      await page.getByTestId('session-ended').waitFor()
    }
    const minutes = lead.getByTestId('minutes-editor')
    await minutes.waitFor()
    await expect.poll(() => minutes.innerText()).toContain('实验中学：张晓燕')
    const text = await minutes.innerText()
    expect(text).toContain('城关第一中学：李红梅、王建国')
    expect(text).toContain('表决：作业采用分层设计 — 同意 1 · 反对 0 · 弃权 1（通过）')
    expect(text).toContain('决议：先按定义分类，再按符号分类')
    await lead.evaluate(() => window.scrollTo(0, 0))
    await lead.screenshot({ path: path.join(ARTIFACTS, 'session-minutes.png') })

    // A teacher types a note into the minutes; the server-kept lists are untouched.
    await teacherA.getByTestId('minutes-tab').click()
    const note = teacherA.getByTestId('minutes-editor').locator('p').last()
    await note.click()
    await teacherA.keyboard.type('补充：下次研讨议作业', { delay: 10 })
    await expect.poll(() => minutes.innerText()).toContain('补充：下次研讨议作业')

    // The room in English.
    await teacherB.getByText('English', { exact: true }).click()
    await expect
      .poll(() => teacherB.getByTestId('session-ended').innerText())
      .toContain('The discussion has ended')
    await teacherB.screenshot({ path: path.join(ARTIFACTS, 'session-room-en.png') })
  })
})
