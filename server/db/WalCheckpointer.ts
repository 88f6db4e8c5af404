import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Logger } from '../logger.ts'

/** How often the checkpointing thread copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 5000

/**
 * The thread's code (plain JavaScript, so that it runs the same from source, from the build
 * and under the test runner): its own connection to the database file, a PASSIVE checkpoint
 * every interval — it copies what was committed without waiting for or blocking the writer —
 * and a report of the pages each checkpoint copied.
 */
const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
// The pragma counts frames since the WAL last restarted: report only what is new.
let copied = 0
const timer = setInterval(() => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)')
    if (!row || row.checkpointed < 0) return
    if (row.checkpointed < copied) copied = 0
    if (row.checkpointed > copied) parentPort.postMessage({ pages: row.checkpointed - copied })
    copied = row.checkpointed
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) })
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

/** What the checkpointing thread reports. */
type CheckpointReport = { pages: number } | { error: string }

/**
 * Checkpoints a SQLite database's WAL from a worker thread. A checkpoint writes pages into the
 * database file and syncs it: done by the thread that commits, it stalls every relay for tens
 * of milliseconds; done here, commits go on meanwhile (WAL mode lets one checkpointer run
 * beside the writer). The main connection keeps a much higher automatic checkpoint as a
 * backstop, should this thread fall behind.
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private readonly stopped: Promise<void>
  /** Pages copied into the database file so far (for tests and logs). */
  checkpointedPages = 0

  constructor(file: string, log: Logger, intervalMs = CHECKPOINT_INTERVAL_MS) {
    // Resolved here: the thread's own require() would search from the working directory.
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.worker = new Worker(THREAD_CODE, { eval: true, workerData: { file, intervalMs, driver } })
    this.worker.unref()
    this.stopped = new Promise((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.on('message', (report: CheckpointReport) => {
      if ('error' in report) log.warn({ err: report.error, file }, 'WAL checkpoint failed')
      else this.checkpointedPages += report.pages
    })
    this.worker.on('error', (error) => log.error({ err: error, file }, 'WAL checkpointer died'))
  }

  /** Stops the thread (before the main connection checkpoints and closes). */
  async stop(): Promise<void> {
    // Held while it stops: otherwise a process with nothing else left to do would exit here,
    // before its shutdown finished.
    this.worker.ref()
    this.worker.postMessage('stop')
    await this.stopped
  }
}
