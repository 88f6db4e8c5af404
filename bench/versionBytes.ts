/**
 * Bytes per stored version (issue 20): for the 24 seeded demo plans (as seeded, and after 400
 * random single-character edits) and for the automerge-paper trace (259,778 edits, 10 versions
 * along the way), the size of a version as the full Yjs state, the same deflated (raw DEFLATE,
 * node:zlib), and as a snapshot (state vector + delete set) plus the update log it needs kept.
 *
 *   nice npx tsx bench/versionBytes.ts
 */
import { deflateRawSync } from 'node:zlib'
import * as Y from 'yjs'
import { DEMO_PLANS } from '../server/seed/demoPlans.ts'
import { buildPlanDoc } from '../server/seed/planContent.ts'
import { PLAN_FRAGMENT } from '../shared/editor/planSchema.ts'
import { loadTrace } from '../tests/helpers/traces.ts'

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function textsOf(node: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child)
    else if (child instanceof Y.XmlElement) textsOf(child, out)
  }
  return out
}

/** 400 single-character edits (60 % insertions), each its own transaction, as typing makes them. */
function revise(doc: Y.Doc, seed: number): void {
  const next = random(seed)
  const texts = textsOf(doc.getXmlFragment(PLAN_FRAGMENT)).filter((text) => text.length > 0)
  for (let i = 0; i < 400; i += 1) {
    const text = texts[Math.floor(next() * texts.length)]
    if (!text) continue
    const at = Math.floor(next() * text.length)
    if (next() < 0.6) text.insert(at, String.fromCharCode(0x4e00 + Math.floor(next() * 2000)))
    else if (text.length > 1) text.delete(at, 1)
  }
}

interface Sizes {
  state: number
  deflated: number
}

function sizesOf(doc: Y.Doc): Sizes {
  const state = Y.encodeStateAsUpdate(doc)
  return { state: state.byteLength, deflated: deflateRawSync(state).byteLength }
}

const lines: string[] = []
const print = (line: string) => {
  lines.push(line)
  console.log(line)
}

// Real plans.
const seeded: Sizes[] = []
const revised: Sizes[] = []
let deflateMs = 0
for (const [index, plan] of DEMO_PLANS.entries()) {
  const doc = buildPlanDoc(plan, '王建国', '张晓燕、李红梅')
  seeded.push(sizesOf(doc))
  revise(doc, index + 1)
  const started = performance.now()
  revised.push(sizesOf(doc))
  deflateMs += performance.now() - started
  doc.destroy()
}
print(`### Bytes per version: the ${DEMO_PLANS.length} seeded demo plans`)
print('')
print(
  '| plans | full Yjs state, median KiB (min–max) | deflated, median KiB (min–max) | deflated ÷ full |',
)
print('| --- | --- | --- | --- |')
for (const [label, rows] of [
  ['as seeded', seeded],
  ['after 400 single-character edits', revised],
] as const) {
  const full = rows.map((row) => row.state)
  const small = rows.map((row) => row.deflated)
  const ratio = median(rows.map((row) => row.deflated / row.state))
  print(
    `| ${label} | ${kib(median(full))} (${kib(Math.min(...full))}–${kib(Math.max(...full))}) | ${kib(median(small))} (${kib(Math.min(...small))}–${kib(Math.max(...small))}) | ${ratio.toFixed(2)} |`,
  )
}
print('')
print(
  `Encoding + deflating one revised plan: ${(deflateMs / DEMO_PLANS.length).toFixed(2)} ms on average.`,
)
print('')

// The automerge-paper trace: 10 versions along its history.
const trace = loadTrace('automerge-paper')
const VERSIONS = 10
const doc = new Y.Doc()
const text = doc.getText('content')
let logBytes = 0
doc.on('update', (update: Uint8Array) => {
  logBytes += update.byteLength
})
const rows: string[] = []
let previousLog = 0
let totalFull = 0
let totalDeflated = 0
let totalSnapshots = 0
const every = Math.ceil(trace.txns.length / VERSIONS)
const replayStarted = performance.now()
for (const [index, txn] of trace.txns.entries()) {
  doc.transact(() => {
    for (const [position, deleted, inserted] of txn.patches) {
      if (deleted > 0) text.delete(position, deleted)
      if (inserted !== '') text.insert(position, inserted)
    }
  })
  const last = index === trace.txns.length - 1
  if ((index + 1) % every === 0 || last) {
    const sizes = sizesOf(doc)
    const snapshot = Y.encodeSnapshot(Y.snapshot(doc)).byteLength
    totalFull += sizes.state
    totalDeflated += sizes.deflated
    totalSnapshots += snapshot
    rows.push(
      `| ${index + 1} | ${text.length} | ${kib(sizes.state)} | ${kib(sizes.deflated)} | ${(snapshot / 1024).toFixed(2)} + ${kib(logBytes - previousLog)} of log |`,
    )
    previousLog = logBytes
  }
}
const replayMs = performance.now() - replayStarted
if (text.toString() !== trace.endContent) throw new Error('the replay did not reach endContent')
// Snapshots only restore a document that never garbage-collects deleted content.
const kept = new Y.Doc({ gc: false })
const keptText = kept.getText('content')
for (const txn of trace.txns) {
  kept.transact(() => {
    for (const [position, deleted, inserted] of txn.patches) {
      if (deleted > 0) keptText.delete(position, deleted)
      if (inserted !== '') keptText.insert(position, inserted)
    }
  })
}
const keptState = Y.encodeStateAsUpdate(kept).byteLength
const gcState = Y.encodeStateAsUpdate(doc).byteLength

print(
  `### Bytes per version: automerge-paper (${trace.txns.length} edits), ${rows.length} versions`,
)
print('')
print(
  '| after edit | characters | full Yjs state KiB | deflated KiB | snapshot KiB + log kept since the previous version |',
)
print('| --- | --- | --- | --- | --- |')
for (const row of rows) print(row)
print('')
print(
  `All ${rows.length} versions: full ${kib(totalFull)} KiB, deflated ${kib(totalDeflated)} KiB (${(totalDeflated / totalFull).toFixed(2)}×), snapshots ${kib(totalSnapshots)} KiB + the whole log ${kib(logBytes)} KiB kept uncompacted. A snapshot also needs the live document without garbage collection: its state is ${kib(keptState)} KiB instead of ${kib(gcState)} KiB (and held in memory by every open document). Replay ${(replayMs / 1000).toFixed(1)} s.`,
)
