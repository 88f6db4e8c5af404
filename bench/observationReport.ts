/**
 * 听评课 report benchmark (issue 22): the server runs in this process (SQLite in a temp folder,
 * demo data). An observation of a demo lesson with 30 observers, each of whom filled a complete
 * sheet through the API (every point of the weighted form, the bonus, the timings of the six
 * steps, 10 notes, strengths and two suggestions). Measured: the report over HTTP as the group
 * lead reads it live (GET …/report: loading every sheet and computing it), p50/p95; and the
 * computation alone (the shared scoring over the 30 loaded sheets), p50/p95.
 * Appends a section to bench/RESULTS.md.
 *
 *   nice npx tsx bench/observationReport.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hashPassword } from '../server/features/identity/index.ts'
import { loadObservation } from '../server/features/observations/queries.ts'
import { buildReport } from '../server/features/observations/report.ts'
import { sheetsForReport } from '../server/features/observations/reportQueries.ts'
import { DEMO_PASSWORD } from '../server/seed/seedDemo.ts'
import type { ObservationInfo, RubricListResponse } from '../shared/observations/observationApi.ts'
import { pointsOf } from '../shared/observations/rubric.ts'
import { insertUser } from '../tests/helpers/alliance.ts'
import { signInCookie, startBenchServer } from './inProcessServer.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const OBSERVERS = 30
const NOTES_PER_OBSERVER = 10
const HTTP_ROUNDS = 200
const COMPUTE_ROUNDS = 2000
const LESSON_AT = Date.UTC(2026, 11, 8, 1, 0)
const MINUTE = 60_000

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function figures(values: number[]): string {
  return `${percentile(values, 50).toFixed(2)} | ${percentile(values, 95).toFixed(2)} | ${values.length}`
}

async function main(): Promise<void> {
  const { server, base, close } = await startBenchServer('observation', true)
  const call = async (cookie: string, method: string, url: string, json?: unknown) => {
    const started = performance.now()
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    })
    const body = (await response.json()) as Record<string, unknown>
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(body)}`)
    return { ms: performance.now() - started, body }
  }

  // 30 observers from the three schools (the demo has 9 accounts).
  const schools = await server.kdb.selectFrom('schools').select('id').execute()
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const observers: { id: string; username: string }[] = []
  for (let index = 0; index < OBSERVERS; index += 1) {
    const username = `bench-observer-${index + 1}`
    const id = await insertUser(server.kdb, {
      username,
      displayName: `观课教师${index + 1}`,
      schoolId: schools[index % schools.length]?.id ?? '',
      role: 'teacher',
      passwordHash,
    })
    observers.push({ id, username })
  }

  const teacher = await signInCookie(base, 'demo-teacher-a', DEMO_PASSWORD)
  const lead = await signInCookie(base, 'demo-lead', DEMO_PASSWORD)
  const plan = await server.kdb
    .selectFrom('documents')
    .select(['id', 'title'])
    .where('title', '=', '有理数的概念与分类')
    .executeTakeFirstOrThrow()
  const rubrics = (await call(teacher, 'GET', '/api/rubrics')).body as unknown as RubricListResponse
  const weighted = rubrics.rubrics.find((rubric) => rubric.mode === 'weighted')
  if (!weighted) throw new Error('no seeded weighted rubric')
  const info = (
    await call(teacher, 'POST', '/api/observations', {
      documentId: plan.id,
      rubricVersionId: weighted.currentVersionId,
      className: '七年级（3）班',
      room: '302',
      startsAt: LESSON_AT,
      observerIds: observers.map((observer) => observer.id),
    })
  ).body as unknown as ObservationInfo
  const sheet = `/api/observations/${info.id}/sheet`
  const points = pointsOf(info.rubric)
  let writes = 0
  for (const [index, observer] of observers.entries()) {
    const cookie = await signInCookie(base, observer.username, DEMO_PASSWORD)
    const levels = info.rubric.scale.map((level) => level.value)
    await call(cookie, 'PUT', `${sheet}/scores`, {
      scores: points.map(({ point }, n) => ({
        point: point.key,
        value: levels[(index + n) % levels.length],
      })),
    })
    await call(cookie, 'PUT', `${sheet}/bonus`, {
      bonus: [{ key: 'bonus.style', value: index % 4 }],
    })
    let minute = 0
    for (const [step, planned] of info.steps.entries()) {
      await call(cookie, 'PUT', `${sheet}/timings`, { step: step, at: LESSON_AT + minute * MINUTE })
      minute += planned.minutes + ((index + step) % 3) - 1
    }
    await call(cookie, 'PUT', `${sheet}/timings`, { step: 'end', at: LESSON_AT + 45 * MINUTE })
    for (let n = 0; n < NOTES_PER_OBSERVER; n += 1) {
      const at = LESSON_AT + (n * 4 + 1) * MINUTE
      await call(cookie, 'PUT', `${sheet}/notes/bench-${index}-${n}-note`, {
        step: n % info.steps.length,
        text: `第${n + 1}条记录：学生在这一环节的参与情况与教师的引导方式。`,
        at,
        editedAt: at,
      })
    }
    await call(cookie, 'PUT', `${sheet}/comments`, {
      strengths: '情境导入贴近生活，学生参与度高。',
      suggestions: [
        { id: `bench-${index}-s1`, text: '归纳概念时多给学生表述的机会', step: 1 },
        { id: `bench-${index}-s2`, text: '分层练习的梯度可以再大一些', step: 4 },
      ],
    })
    writes += 4 + info.steps.length + NOTES_PER_OBSERVER
  }

  const url = `/api/observations/${info.id}/report`
  for (let round = 0; round < 10; round += 1) await call(lead, 'GET', url)
  const http: number[] = []
  let bytes = 0
  for (let round = 0; round < HTTP_ROUNDS; round += 1) {
    const started = performance.now()
    const response = await fetch(`${base}${url}`, { headers: { cookie: lead } })
    const text = await response.text()
    if (!response.ok) throw new Error(`report: ${response.status} ${text}`)
    bytes = Buffer.byteLength(text)
    http.push(performance.now() - started)
  }

  const observation = await loadObservation(server.kdb, info.id)
  if (!observation) throw new Error('the observation vanished')
  const sheets = await sheetsForReport(server.kdb, observation, false)
  const compute: number[] = []
  for (let round = 0; round < COMPUTE_ROUNDS; round += 1) {
    const started = performance.now()
    buildReport(observation.rubric.definition, observation.row.steps, sheets)
    compute.push(performance.now() - started)
  }
  await close()

  const now = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const section = [
    '',
    `### 听评课 report (issue 22), ${now} UTC`,
    '',
    `\`nice npx tsx bench/observationReport.ts\` on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ')[0] ?? '?'}, Node ${process.version}, SQLite; one observation of 「${plan.title}」 (${info.steps.length} steps) with ${OBSERVERS} observers, each with a complete weighted sheet (${points.length} points, bonus, ${info.steps.length} step starts and the end, ${NOTES_PER_OBSERVER} notes, strengths and 2 suggestions; ${writes} sheet writes in all through the API); report ${(bytes / 1024).toFixed(1)} KiB of JSON; 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end.`,
    '',
    '| measured | p50 ms | p95 ms | rounds |',
    '| --- | --- | --- | --- |',
    `| GET /api/observations/:id/report as the lead (load 30 sheets + compute + JSON) | ${figures(http)} |`,
    `| computing the report alone (shared scoring over the 30 loaded sheets) | ${figures(compute)} |`,
    '',
  ].join('\n')
  fs.appendFileSync(RESULTS, section)
  console.log(section)
}

await main()
