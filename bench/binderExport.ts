/**
 * Term binder benchmark (issue 21): the server runs in this process (SQLite in a temp folder,
 * demo data). The demo group's term gets BINDER_PLANS copies of the demo plans (default 60),
 * each with one meeting (a vote, then ended); the lead builds the binder as a job over HTTP,
 * polling its progress, BINDER_ROUNDS times (default 5). Reports the job's time (POST → done)
 * and the download, p50/p95, the file size, and the page count LibreOffice gives the binder.
 * Keeps the last .docx and PDF in BENCH_EXPORT_DIR when set; appends to bench/RESULTS.md.
 *
 *   nice npx tsx bench/binderExport.ts
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { docxToPdf } from '../server/features/export/pdf/sofficePdf.ts'
import { DEMO_PLANS } from '../server/seed/demoPlans.ts'
import { DEMO_PASSWORD } from '../server/seed/seedDemo.ts'
import { jsonToYDoc, yDocToJSON } from '../shared/editor/derive.ts'
import { PLAN_FRAGMENT } from '../shared/editor/planSchema.ts'
import { signInCookie, startBenchServer } from './inProcessServer.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const PLANS = Number(process.env.BINDER_PLANS ?? 60)
const ROUNDS = Number(process.env.BINDER_ROUNDS ?? 5)

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

async function main(): Promise<void> {
  const { server, base, close } = await startBenchServer('binder', true)
  const cookies = new Map<string, string>()
  const as = async (username: string) => {
    let cookie = cookies.get(username)
    if (!cookie) {
      cookie = await signInCookie(base, username, DEMO_PASSWORD)
      cookies.set(username, cookie)
    }
    return cookie
  }
  const api = async (username: string, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: await as(username),
        origin: base,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json()) as Record<string, unknown>
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  const userId = async (username: string) =>
    (
      await server.kdb
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id
  const groups = (await api('demo-lead', 'GET', '/api/groups')).items as Array<{ id: string }>
  const groupId = groups[0]?.id ?? ''
  const demoIds = await server.kdb
    .selectFrom('documents')
    .select(['id', 'title'])
    .where('kind', '=', 'lesson_plan')
    .where(
      'title',
      'in',
      DEMO_PLANS.map((plan) => plan.title),
    )
    .execute()
  const preparer = await userId('demo-teacher-a')
  const participant = await userId('demo-teacher-b')
  const seeding = performance.now()
  for (let n = 0; n < PLANS; n += 1) {
    const source = demoIds[n % demoIds.length]
    if (!source) throw new Error('no demo plans')
    const task = await api('demo-lead', 'POST', `/api/groups/${groupId}/tasks`, {
      unit: `第 ${Math.floor(n / 4) + 1} 单元`,
      lesson: `${source.title}（${n + 1}）`,
      mainPreparerId: preparer,
      participantIds: [participant],
      dueDate: `2027-01-${String((n % 28) + 1).padStart(2, '0')}`,
      discussionAt: null,
    })
    const plan = await api('demo-teacher-a', 'POST', `/api/tasks/${String(task.id)}/plan`)
    const planId = String(plan.id)
    const state = await server.registry.encodeState(source.id)
    const from = new Y.Doc()
    Y.applyUpdate(from, state)
    const copy = jsonToYDoc(yDocToJSON(from))
    from.destroy()
    await server.registry.change(planId, (doc) => {
      const fragment = doc.getXmlFragment(PLAN_FRAGMENT)
      fragment.delete(0, fragment.length)
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy))
    })
    copy.destroy()
    const meeting = await api('demo-lead', 'POST', '/api/sessions', {
      documentId: planId,
      taskId: task.id,
    })
    const sessionId = String(meeting.id)
    const vote = await api('demo-lead', 'POST', `/api/sessions/${sessionId}/votes`, {
      proposal: `第 ${n + 1} 课的作业采用分层设计`,
    })
    await api('demo-teacher-a', 'POST', `/api/sessions/${sessionId}/votes/${vote.voteId}/ballot`, {
      choice: 'agree',
    })
    await api('demo-lead', 'POST', `/api/sessions/${sessionId}/votes/${vote.voteId}/close`)
    await api('demo-lead', 'POST', `/api/sessions/${sessionId}/end`)
  }
  const seedSeconds = (performance.now() - seeding) / 1000

  const jobTimes: number[] = []
  const downloadTimes: number[] = []
  let bytes = Buffer.alloc(0)
  let total = 0
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now()
    const { jobId } = await api('demo-lead', 'POST', `/api/groups/${groupId}/binder`, {})
    for (;;) {
      const job = await api('demo-lead', 'GET', `/api/binder-jobs/${String(jobId)}`)
      if (job.status === 'failed') throw new Error(`binder failed: ${String(job.error)}`)
      if (job.status === 'done') {
        total = Number(job.total)
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    jobTimes.push(performance.now() - started)
    const fetching = performance.now()
    const response = await fetch(`${base}/api/binder-jobs/${String(jobId)}/file`, {
      headers: { cookie: await as('demo-lead') },
    })
    bytes = Buffer.from(await response.arrayBuffer())
    downloadTimes.push(performance.now() - fetching)
  }
  await close()

  const pdfStarted = performance.now()
  const pdf = await docxToPdf(bytes)
  const pdfSeconds = (performance.now() - pdfStarted) / 1000
  const dir =
    process.env.BENCH_EXPORT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jibei-binder-'))
  fs.writeFileSync(path.join(dir, 'binder.docx'), bytes)
  fs.writeFileSync(path.join(dir, 'binder.pdf'), pdf)
  const info = execFileSync('pdfinfo', [path.join(dir, 'binder.pdf')]).toString('utf8')
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN)

  const ms = (values: number[]) =>
    `${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)}`
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const section = [
    '',
    `### Term binder export (issue 21), ${now} UTC`,
    '',
    `\`nice npx tsx bench/binderExport.ts\` on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ')[0] ?? '?'}, Node ${process.version}, SQLite; the demo group's term with ${total} plans (${PLANS} copies of the demo plans plus the seeded tasks' plans; each copy with one ended meeting and its vote); seeding took ${seedSeconds.toFixed(0)} s. The lead builds the binder as a job over HTTP (polling every 50 ms), ${ROUNDS} rounds; 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end.`,
    '',
    '| step | p50 ms | p95 ms |',
    '| --- | --- | --- |',
    `| binder job (POST → status done: read ${total} plans and their records, build and write the .docx) | ${ms(jobTimes)} |`,
    `| download of the finished file | ${ms(downloadTimes)} |`,
    '',
    `File: ${(bytes.length / 1024).toFixed(0)} KiB .docx; LibreOffice makes it a ${pages}-page PDF (${(pdf.length / 1024).toFixed(0)} KiB) in ${pdfSeconds.toFixed(1)} s.`,
    '',
  ].join('\n')
  fs.appendFileSync(RESULTS, section)
  console.log(section)
  console.log(`files in ${dir}`)
}

await main()
