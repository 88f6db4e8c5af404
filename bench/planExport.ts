/**
 * Plan export benchmark (issue 21): the server runs in this process (SQLite in a temp folder,
 * demo data); a teacher exports a demo plan over HTTP to .docx and to PDF (LibreOffice).
 * Reports p50/p95 and file sizes, keeps the last files in BENCH_EXPORT_DIR when set, and
 * appends a section to bench/RESULTS.md.
 *
 *   nice npx tsx bench/planExport.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PLANS } from '../server/seed/demoPlans.ts'
import { DEMO_PASSWORD } from '../server/seed/seedDemo.ts'
import { signInCookie, startBenchServer } from './inProcessServer.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const DOCX_ROUNDS = 30
const PDF_ROUNDS = 6

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

async function main(): Promise<void> {
  const { server, base, close } = await startBenchServer('export', true)
  const cookie = await signInCookie(base, 'demo-lead', DEMO_PASSWORD)
  const plan = DEMO_PLANS[0]
  const row = await server.kdb
    .selectFrom('documents')
    .select('id')
    .where('title', '=', plan?.title ?? '')
    .executeTakeFirstOrThrow()
  const timed = async (rounds: number, format: 'docx' | 'pdf') => {
    const times: number[] = []
    let bytes = Buffer.alloc(0)
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now()
      const response = await fetch(`${base}/api/documents/${row.id}/export.${format}`, {
        headers: { cookie },
      })
      bytes = Buffer.from(await response.arrayBuffer())
      if (!response.ok) throw new Error(`export.${format}: ${response.status} ${bytes}`)
      times.push(performance.now() - started)
    }
    const keep = process.env.BENCH_EXPORT_DIR
    if (keep) fs.writeFileSync(path.join(keep, `plan.${format}`), bytes)
    return { times, size: bytes.length }
  }
  const docx = await timed(DOCX_ROUNDS, 'docx')
  const pdf = await timed(PDF_ROUNDS, 'pdf')
  await close()
  const line = (name: string, result: { times: number[]; size: number }) =>
    `| ${name} | ${percentile(result.times, 50).toFixed(1)} | ${percentile(result.times, 95).toFixed(1)} | ${result.times.length} | ${(result.size / 1024).toFixed(1)} |`
  const now = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const section = [
    '',
    `### Plan export (issue 21), ${now} UTC`,
    '',
    `\`nice npx tsx bench/planExport.ts\` on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ')[0] ?? '?'}, Node ${process.version}, SQLite; demo plan 「${plan?.title}」 (${plan?.steps.length} steps), exported over HTTP as the group lead; 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end.`,
    '',
    '| export | p50 ms | p95 ms | requests | file KiB |',
    '| --- | --- | --- | --- | --- |',
    line('Word (.docx, built with docx)', docx),
    line('PDF (that .docx through LibreOffice headless, a fresh profile each)', pdf),
    '',
  ].join('\n')
  fs.appendFileSync(RESULTS, section)
  console.log(section)
}

await main()
