import fs from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { planText } from '../../../shared/editor/planText.ts'
import { documentXml, firstMissingInOrder, getBinary } from '../../helpers/docxExport.ts'
import { endMeeting, runVote, startMeeting } from '../../helpers/meetingRun.ts'
import { livePlan, sectionText } from '../../helpers/planEditing.ts'
import { DemoCaller } from '../../helpers/prepApi.ts'
import { startTestServer, type TestServer } from '../../helpers/testServer.ts'

interface JobStatus {
  status: 'running' | 'done' | 'failed'
  done: number
  total: number
  fileName: string
  error?: string
}

const LESSONS = ['备课册甲：数轴', '备课册乙：相反数', '备课册丙：绝对值']
const AFTER_SIGN_OFF = '签发之后才加的一句'

describe('the term binder (POST /api/groups/:id/binder, GET /api/binder-jobs/:id)', () => {
  let server: TestServer
  let api: DemoCaller
  let groupId = ''
  let dataDir = ''

  const jobOf = async (username: string, jobId: string) =>
    api.call(username, 'GET', `/api/binder-jobs/${jobId}`)

  /** Polls a job until it is no longer running; returns every status seen. */
  const pollToEnd = async (username: string, jobId: string): Promise<JobStatus[]> => {
    const seen: JobStatus[] = []
    await vi.waitFor(
      async () => {
        const answer = await jobOf(username, jobId)
        expect(answer.status).toBe(200)
        const status = answer.body as JobStatus
        seen.push(status)
        expect(status.status).not.toBe('running')
      },
      { timeout: 60_000, interval: 20 },
    )
    return seen
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true })
    dataDir = server.dataDir
    api = new DemoCaller(server)
    groupId = await api.demoGroupId()
    for (const [index, lesson] of LESSONS.entries()) {
      const { taskId, planId } = await api.taskWithPlan(lesson)
      // Two meetings on the first plan, one on the last, none on the middle one.
      const meetings = index === 0 ? 2 : index === 2 ? 1 : 0
      for (let n = 0; n < meetings; n += 1) {
        const { sessionId } = await startMeeting(api, planId, taskId)
        await runVote(api, sessionId, `${lesson} 第 ${n + 1} 次表决`, { 'demo-teacher-a': 'agree' })
        await endMeeting(api, sessionId)
      }
      if (index === 1) {
        // Signed, then changed behind the sign-off: the binder shows the signed version.
        expect(await api.transition('demo-teacher-a', planId, 'discussion')).toBe(200)
        expect(await api.transition('demo-lead', planId, 'final')).toBe(200)
        await server.registry.change(planId, (doc) => {
          sectionText(doc, 'homework').insert(0, AFTER_SIGN_OFF)
        })
        expect(planText(await livePlan(server, planId))).toContain(AFTER_SIGN_OFF)
      }
    }
  }, 60_000)
  afterAll(async () => {
    await server?.close()
  })

  it('builds every plan of the term with its records, in schedule order, behind a table of contents', async () => {
    const tasks = (await api.call('demo-lead', 'GET', `/api/groups/${groupId}/tasks`)).body as {
      items: Array<{ lesson: string; documentId: string | null }>
    }
    const planned = tasks.items.filter((task) => task.documentId !== null)
    expect(planned.map((task) => task.lesson)).toEqual(expect.arrayContaining(LESSONS))
    const started = await api.call('demo-teacher-b', 'POST', `/api/groups/${groupId}/binder`, {})
    expect(started.status).toBe(202)
    const { jobId } = started.body as { jobId: string }
    const seen = await pollToEnd('demo-teacher-b', jobId)
    const last = seen.at(-1)
    expect(last).toMatchObject({ status: 'done', done: planned.length, total: planned.length })
    expect(last?.fileName).toBe('学期备课册-七年级数学联合教研组-2026-2027-1.docx')

    const file = await getBinary(
      server,
      `/api/binder-jobs/${jobId}/file`,
      (await api.session('demo-teacher-b')).cookie,
    )
    expect(file.status).toBe(200)
    const disposition = decodeURIComponent(
      /filename\*=UTF-8''(.+)$/.exec(file.headers.get('content-disposition') ?? '')?.[1] ?? '',
    )
    expect(disposition).toBe(last?.fileName)
    const xml = await documentXml(file.bytes)
    expect(xml).toMatch(/TOC \\h \\o &quot;1-2&quot;/)
    const { value: text } = await mammoth.extractRawText({ buffer: file.bytes })
    expect(
      firstMissingInOrder(text, ['七年级数学联合教研组', '学期备课册', '2026-2027-1', '目录']),
    ).toBeNull()
    // The first plan's header table (学科 …) ends the table of contents.
    const contentsEnd = text.indexOf('学科')
    // The table of contents lists every plan title before the plans themselves.
    expect(firstMissingInOrder(text.slice(0, contentsEnd), LESSONS)).toBeNull()
    expect(contentsEnd).toBeGreaterThan(0)
    const body = text.slice(contentsEnd)
    expect(
      firstMissingInOrder(body, [
        LESSONS[0] ?? '',
        '集体备课记录',
        `${LESSONS[0]} 第 1 次表决`,
        '集体备课记录',
        `${LESSONS[0]} 第 2 次表决`,
        LESSONS[1] ?? '',
        LESSONS[2] ?? '',
        '集体备课记录',
        `${LESSONS[2]} 第 1 次表决`,
      ]),
    ).toBeNull()
    const betweenSecondAndThird = body.slice(
      body.indexOf(LESSONS[1] ?? ''),
      body.indexOf(LESSONS[2] ?? ''),
    )
    expect(betweenSecondAndThird).not.toContain('表决事项')
    expect(text).not.toContain(AFTER_SIGN_OFF)
    const zip = await JSZip.loadAsync(file.bytes)
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => /^word\/footer\d*\.xml$/.test(name))
        .map((name) => zip.file(name)?.async('string') ?? ''),
    )
    expect(footers.join('')).toContain('共案 v1 · 签发 李红梅')
    // Each plan starts on a page of its own (a section each, or a page break).
    expect((xml.match(/<w:sectPr/g) ?? []).length).toBeGreaterThanOrEqual(planned.length + 2)
  }, 90_000)

  it('refuses outsiders and other people’s jobs, and lets the alliance admin see them', async () => {
    const outsider = await api.call('demo-outsider', 'POST', `/api/groups/${groupId}/binder`, {})
    expect(outsider.status).toBe(403)
    expect((await api.call('demo-lead', 'POST', '/api/groups/nope/binder', {})).status).toBe(404)
    const wrongTerm = await api.call('demo-lead', 'POST', `/api/groups/${groupId}/binder`, {
      termId: '2019-2020-2',
    })
    expect(wrongTerm.status).toBe(400)
    const started = await api.call('demo-lead', 'POST', `/api/groups/${groupId}/binder`, {
      termId: '2026-2027-1',
    })
    expect(started.status).toBe(202)
    const { jobId } = started.body as { jobId: string }
    expect((await jobOf('demo-teacher-a', jobId)).status).toBe(403)
    expect((await jobOf('demo-outsider', jobId)).status).toBe(403)
    const stranger = await getBinary(
      server,
      `/api/binder-jobs/${jobId}/file`,
      (await api.session('demo-teacher-a')).cookie,
    )
    expect(stranger.status).toBe(403)
    expect((await jobOf('demo-admin', jobId)).status).toBe(200)
    expect((await jobOf('demo-lead', 'no-such-job')).status).toBe(404)
    await pollToEnd('demo-lead', jobId)
  }, 90_000)

  it('removes a person’s earlier binder (row and file) when they start a new one', async () => {
    const first = await api.call('demo-teacher-a', 'POST', `/api/groups/${groupId}/binder`, {})
    const firstId = (first.body as { jobId: string }).jobId
    await pollToEnd('demo-teacher-a', firstId)
    const firstFile = path.join(dataDir, 'binders', `${firstId}.docx`)
    expect(fs.existsSync(firstFile)).toBe(true)
    const second = await api.call('demo-teacher-a', 'POST', `/api/groups/${groupId}/binder`, {})
    const secondId = (second.body as { jobId: string }).jobId
    expect((await jobOf('demo-teacher-a', firstId)).status).toBe(404)
    expect(fs.existsSync(firstFile)).toBe(false)
    await pollToEnd('demo-teacher-a', secondId)
    expect(fs.existsSync(path.join(dataDir, 'binders', `${secondId}.docx`))).toBe(true)
  }, 90_000)

  it('sweeps away binders requested more than a day ago, and stray old files', async () => {
    const started = await api.call('demo-observer', 'POST', `/api/groups/${groupId}/binder`, {})
    const jobId = (started.body as { jobId: string }).jobId
    await pollToEnd('demo-observer', jobId)
    const dir = path.join(dataDir, 'binders')
    const file = path.join(dir, `${jobId}.docx`)
    const stray = path.join(dir, 'cut-short.docx.part')
    fs.writeFileSync(stray, 'x')
    const dayAgo = Date.now() - 25 * 60 * 60 * 1000
    fs.utimesSync(stray, dayAgo / 1000, dayAgo / 1000)
    await server.binders.sweep()
    expect(fs.existsSync(file)).toBe(true) // still fresh
    await server.kdb
      .updateTable('binderJobs')
      .set({ createdAt: dayAgo })
      .where('id', '=', jobId)
      .execute()
    await server.binders.sweep()
    expect((await jobOf('demo-observer', jobId)).status).toBe(404)
    expect(fs.existsSync(file)).toBe(false)
    expect(fs.existsSync(stray)).toBe(false)
  }, 90_000)
})
