/**
 * Version history benchmark (issue 20): the server runs in this process (SQLite in a temp
 * folder, demo data), requests go over HTTP as a teacher's browser sends them.
 *
 * - listing the versions of a plan that has 500 of them (GET …/versions), p50/p95;
 * - the automerge-paper trace (259,778 edits) typed into one section of a plan: a named version
 *   at half the trace and one at its end; preview (GET …/versions/:id) and compare (GET
 *   …/compare, version ↔ version and version ↔ live) p50/p95; bytes per version;
 * - restore time of that document: the whole plan, and one section.
 * Appends a section to bench/RESULTS.md.
 *
 *   nice npx tsx bench/versionHistory.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_PASSWORD } from '../server/seed/seedDemo.ts'
import type { VersionSummary } from '../shared/history/versionApi.ts'
import { sectionText } from '../tests/helpers/planEditing.ts'
import { loadTrace } from '../tests/helpers/traces.ts'
import { signInCookie, startBenchServer } from './inProcessServer.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const RESULTS = path.join(ROOT, 'bench/RESULTS.md')
const LISTED_VERSIONS = 500
const LIST_ROUNDS = 100
const PREVIEW_ROUNDS = 20
const COMPARE_ROUNDS = 10
const RESTORE_ROUNDS = 3

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function figures(values: number[]): string {
  return `${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${values.length}`
}

async function main(): Promise<void> {
  const { server, base, close } = await startBenchServer('history', true)
  const cookie = await signInCookie(base, 'demo-teacher-a', DEMO_PASSWORD)
  const call = async (method: string, url: string, json?: unknown) => {
    const send = () =>
      fetch(`${base}${url}`, {
        method,
        headers: { cookie, origin: base, 'content-type': 'application/json' },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      })
    const started = performance.now()
    // A kept-alive socket the server closed while the bench typed for seconds: send again.
    const response = await send().catch(send)
    const body = (await response.json()) as Record<string, unknown>
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(body)}`)
    return { ms: performance.now() - started, body }
  }
  const timed = async (rounds: number, method: string, url: string, json?: unknown) => {
    const times: number[] = []
    for (let round = 0; round < rounds; round += 1) times.push((await call(method, url, json)).ms)
    return times
  }
  const newPlan = async (title: string): Promise<string> =>
    (await call('POST', '/api/documents', { title })).body.id as string

  // 1. A plan with 500 versions (written straight to the store, as 500 bursts would leave them).
  const listed = await newPlan('五百个版本的教案')
  const state = await server.registry.encodeState(listed)
  for (let index = 0; index < LISTED_VERSIONS; index += 1) {
    await server.store.saveVersion(listed, `版本 ${index + 1}`, 'named', state, {
      createdBy: null,
      editors: [],
      changedParts: ['keyPoints'],
    })
  }
  await timed(5, 'GET', `/api/documents/${listed}/versions`)
  const listing = await timed(LIST_ROUNDS, 'GET', `/api/documents/${listed}/versions`)

  // 2. The automerge-paper trace typed into 板书设计 of a plan, versions at half and at the end.
  const trace = loadTrace('automerge-paper')
  const paper = await newPlan('automerge-paper')
  const half = Math.floor(trace.txns.length / 2)
  const typeInto = async (from: number, to: number) => {
    const started = performance.now()
    await server.registry.change(paper, (doc) => {
      const text = sectionText(doc, 'boardDesign')
      if (from === 0 && text.length > 0) text.delete(0, text.length)
      for (const txn of trace.txns.slice(from, to)) {
        for (const [position, deleted, inserted] of txn.patches) {
          if (deleted > 0) text.delete(position, deleted)
          if (inserted !== '') text.insert(position, inserted)
        }
      }
    })
    return performance.now() - started
  }
  const named = async (name: string): Promise<VersionSummary> =>
    (await call('POST', `/api/documents/${paper}/versions`, { name })).body
      .version as VersionSummary
  const typedHalf = await typeInto(0, half)
  const first = await named('一半')
  const typedRest = await typeInto(half, trace.txns.length)
  const second = await named('全部')
  const stored = await server.store.listVersions(paper)
  const bytesOf = (id: number) => stored.find((version) => version.id === id)?.byteLength ?? 0
  const fullState = (await server.registry.encodeState(paper)).byteLength

  const preview = await timed(
    PREVIEW_ROUNDS,
    'GET',
    `/api/documents/${paper}/versions/${second.id}`,
  )
  const compareVersions = await timed(
    COMPARE_ROUNDS,
    'GET',
    `/api/documents/${paper}/compare?from=${first.id}&to=${second.id}`,
  )
  const compareLive = await timed(
    COMPARE_ROUNDS,
    'GET',
    `/api/documents/${paper}/compare?from=${first.id}&to=live`,
  )

  // 3. Restores of that document, alternating between the two versions.
  const wholeRestores: number[] = []
  const sectionRestores: number[] = []
  for (let round = 0; round < RESTORE_ROUNDS; round += 1) {
    for (const version of [first, second]) {
      wholeRestores.push(
        (await call('POST', `/api/documents/${paper}/versions/${version.id}/restore`, {})).ms,
      )
    }
  }
  for (let round = 0; round < RESTORE_ROUNDS; round += 1) {
    for (const version of [first, second]) {
      sectionRestores.push(
        (
          await call('POST', `/api/documents/${paper}/versions/${version.id}/restore`, {
            section: 'boardDesign',
          })
        ).ms,
      )
    }
  }
  await close()

  const kib = (bytes: number) => (bytes / 1024).toFixed(1)
  const section = [
    '',
    `### Version history (issue 20), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `\`nice npx tsx bench/versionHistory.ts\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, SQLite; the server runs in the bench process, requests over HTTP with a teacher's session; 1-minute load average ${os.loadavg()[0]?.toFixed(1)} at the end.`,
    '',
    '| request | p50 ms | p95 ms | requests |',
    '| --- | --- | --- | --- |',
    `| list the versions of a plan with ${LISTED_VERSIONS} versions | ${figures(listing)} |`,
    `| preview a version of automerge-paper (plan JSON + text) | ${figures(preview)} |`,
    `| compare two versions of automerge-paper | ${figures(compareVersions)} |`,
    `| compare a version of automerge-paper with the live plan | ${figures(compareLive)} |`,
    `| restore the whole plan (automerge-paper) | ${figures(wholeRestores)} |`,
    `| restore one section (板书设计, holding the paper) | ${figures(sectionRestores)} |`,
    '',
    `automerge-paper in 板书设计: typing the first ${half} edits took ${(typedHalf / 1000).toFixed(1)} s, the other ${trace.txns.length - half} ${(typedRest / 1000).toFixed(1)} s (one server-side transaction each). Bytes per version as stored (yjs+deflate): ${kib(bytesOf(first.id))} KiB at half, ${kib(bytesOf(second.id))} KiB at the end (the live document's full Yjs state: ${kib(fullState)} KiB).`,
    '',
  ].join('\n')
  fs.appendFileSync(RESULTS, section)
  console.log(section)
}

await main()
