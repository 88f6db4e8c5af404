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

/** Loads a trace by name from the test fixtures, or from the shared data folder beside the repo. */
export function loadTrace(name: string): SequentialTrace {
  const file = [FIXTURES, SHARED_TRACES]
    .map((folder) => path.join(folder, `${name}.json.gz`))
    .find((candidate) => fs.existsSync(candidate))
  if (!file) throw new Error(`editing trace ${name} not found`)
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as SequentialTrace
}

const SURROGATE = /[\uD800-\uDFFF]/

/**
 * Whether every inserted string is in the Basic Multilingual Plane, so that code-point
 * positions equal the UTF-16 positions Y.Text uses.
 */
export function isBmpOnly(trace: SequentialTrace): boolean {
  return trace.txns.every((txn) => txn.patches.every(([, , inserted]) => !SURROGATE.test(inserted)))
}

/** Applies one transaction's patches to a Y.Text (BMP-only traces). */
export function applyPatches(text: Y.Text, patches: readonly TracePatch[]): void {
  for (const [position, numDeleted, inserted] of patches) {
    if (numDeleted > 0) text.delete(position, numDeleted)
    if (inserted.length > 0) text.insert(position, inserted)
  }
}
