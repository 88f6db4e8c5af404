import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite.ts'
import { DemoCaller } from '../helpers/prepApi.ts'
import { demoPlanId } from '../helpers/signIn.ts'

const RETURN_COMMENT = '请在作业设计中补充分层要求'

describe('review before publication in the browser', () => {
  const suite = browserSuite({ width: 1280, height: 900 })
  const open = suite.open

  it('lets the alliance admin require review, return a plan with a comment and approve it', async () => {
    const server = suite.server()
    const api = new DemoCaller(server)
    const planId = await demoPlanId(server.kdb, 0)
    // The group's plan is signed off as the common plan (共案).
    const planState = await api.call('demo-lead', 'GET', `/api/documents/${planId}`)
    if ((planState.body as { document: { status: string } }).document.status === 'draft') {
      await api.call('demo-lead', 'POST', `/api/documents/${planId}/transition`, {
        to: 'discussion',
      })
    }
    const signed = await api.call('demo-lead', 'POST', `/api/documents/${planId}/transition`, {
      to: 'final',
    })
    expect(signed.status).toBe(200)

    // The alliance admin turns review on in the review page.
    const admin = await open('demo-admin')
    await admin.getByTestId('nav-review').click()
    await admin.getByTestId('require-review').click()
    await admin.getByTestId('save-review-settings').click()
    await expect
      .poll(async () => (await api.call('demo-lead', 'GET', '/api/library/settings')).body)
      .toMatchObject({ requireReview: true })

    // The lead's publish button now submits for review.
    const lead = await open('demo-lead')
    await lead.goto(`${server.httpUrl}/plans/${planId}`)
    await expect.poll(() => lead.getByTestId('publish').innerText()).toContain('提交审核')
    await lead.getByTestId('publish').click()
    await lead.getByRole('button', { name: '提交审核' }).last().click()
    await expect.poll(() => lead.getByTestId('publication-state').innerText()).toContain('审核中')

    // The admin sees it waiting, reads it and returns it with a comment.
    await admin.reload()
    await admin.getByTestId('submission').first().waitFor()
    await admin.screenshot({ path: path.join(ARTIFACTS, 'review-queue.png') })
    await admin.getByTestId('open-submission').first().click()
    await admin.getByTestId('submission-plan').waitFor()
    await admin.getByTestId('review-comment').fill(RETURN_COMMENT)
    await admin.screenshot({ path: path.join(ARTIFACTS, 'review-drawer.png') })
    await admin.getByTestId('return').click()
    await expect.poll(() => admin.getByTestId('submission').count()).toBe(0)

    // The author sees why and submits again; the admin approves.
    await lead.reload()
    await expect
      .poll(() => lead.getByTestId('publication-state').innerText())
      .toContain(RETURN_COMMENT)
    await lead.screenshot({ path: path.join(ARTIFACTS, 'review-returned.png') })
    await lead.getByTestId('publish').click()
    await lead.getByRole('button', { name: '提交审核' }).last().click()
    await expect.poll(() => lead.getByTestId('publication-state').innerText()).toContain('审核中')
    await admin.reload()
    await admin.getByTestId('open-submission').first().click()
    await admin.getByTestId('approve').click()
    await expect.poll(() => admin.getByTestId('submission').count()).toBe(0)

    // Teachers of other schools now find it in the library.
    const outsider = await open('demo-outsider')
    await outsider.goto(`${server.httpUrl}/library`)
    await outsider.getByTestId('library-search').locator('input').fill('有理数')
    await outsider.keyboard.press('Enter')
    await expect
      .poll(() => outsider.getByTestId('library-item').first().innerText())
      .toContain('有理数的概念与分类')
  })
})
