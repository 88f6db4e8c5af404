import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type * as Y from 'yjs'

/** One patch: delete `numDeleted` code points at `position`, then insert `inserted`. */
export type TracePatch = [position: number, numDeleted: number, inserted: string]

/** A sequential editing trace (see tests/fixtures/editing-traces/README.md). */
export interface SequentialTrace {
  startContent: string
  endContent: string
  txns: Array<{ time?: string; patches: TracePatch[] }>
}

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/editing-traces')
const SHARED_TRACES = path.resolve(import.meta.dirname, '../../../shared/data/editing-traces')

/** One transaction of a concurrent trace: applies to the state after its parents (merged). */
export interface ConcurrentTxn {
  /** Indexes of the transactions this one was made on top of (empty for the first). */
  parents: number[]
  /** Which agent (writer) made it, 0 … numAgents − 1. */
  agent: number
  time?: string
  patches: TracePatch[]
}

/** A concurrent editing trace: several agents, a DAG of transactions (see the README). */
export interface ConcurrentTrace {
  kind: 'concurrent'
  endContent: string
  numAgents: number
  txns: ConcurrentTxn[]
}

/** The parsed JSON of a trace file, from the test fixtures or the shared folder beside the repo. */
function readTraceFile(name: string): unknown {
  const file = [FIXTURES, SHARED_TRACES]
    .map((folder) => path.join(folder, `${name}.json.gz`))
    .find((candidate) => fs.existsSync(candidate))
  if (!file) throw new Error(`editing trace ${name} not found`)
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as unknown
}

/** Loads a trace by name from the test fixtures, or from the shared data folder beside the repo. */
export function loadTrace(name: string): SequentialTrace {
  return readTraceFile(name) as SequentialTrace
}

/** Loads a concurrent trace (`kind: "concurrent"`) by name, like {@link loadTrace}. */
export function loadConcurrentTrace(name: string): ConcurrentTrace {
  const trace = readTraceFile(name) as Partial<ConcurrentTrace>
  if (trace.kind !== 'concurrent') throw new Error(`editing trace ${name} is not a concurrent one`)
  return trace as ConcurrentTrace
}

const SURROGATE = /[\uD800-\uDFFF]/

/**
 * Whether every inserted string is in the Basic Multilingual Plane, so that code-point
 * positions equal the UTF-16 positions Y.Text uses.
 */
export function isBmpOnly(trace: { txns: ReadonlyArray<{ patches: TracePatch[] }> }): boolean {
  return trace.txns.every((txn) => txn.patches.every(([, , inserted]) => !SURROGATE.test(inserted)))
}

/** Applies one transaction's patches to a Y.Text (BMP-only traces). */
export function applyPatches(text: Y.Text, patches: readonly TracePatch[]): void {
  for (const [position, numDeleted, inserted] of patches) {
    if (numDeleted > 0) text.delete(position, numDeleted)
    if (inserted.length > 0) text.insert(position, inserted)
  }
}
